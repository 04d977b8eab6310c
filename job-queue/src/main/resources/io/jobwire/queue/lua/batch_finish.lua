-- batch_finish: ARGV: prefix, now, batch id, child id, state, error code. Counts a finished child
-- in its batch once: batch:ID:children holds each finished child's {n, s, e, k} (n: its place in
-- the order of finishing, 1..total; k: children succeeded by then), and a child already there is
-- not counted again (a redo after a
-- broker died, or a child finished twice). A child that succeeded frees the children waiting for
-- it (to batch:ID:ready once nothing else holds them); one that did not fails them at once with
-- 'dependency_failed', and theirs in turn. The last child puts the callback on ready.
-- The batch's callback job itself is not counted: its state is kept as 'callback_state'.
-- Returns {} for an unknown batch, else {reply_to, route, succeeded, failed, total, complete
-- (1|0), ready (how many wait to be queued), fresh (1: counted now, 0: a redo), then n, child,
-- state, code, k for each child counted now (for a redo: the stored one, so that its progress is
-- pushed again exactly as before)}.
-- KEYS: the batch's keys (RedisKeys#batchKeys): batch:ID, its children, jobs and ready.
local id, child = ARGV[3], ARGV[4]
local b, children, jobs, ready = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local head = redis.call('HMGET', b, 'total', 'reply_to', 'route', 'callback', 'state')
if not head[1] then return {} end
if child == head[4] then
  redis.call('HSET', b, 'callback_state', ARGV[5])
  return {}
end
local rows = {}
local fresh = 0
local stored = redis.call('HGET', children, child)
if stored then
  local row = cjson.decode(stored)
  rows = {row.n, child, row.s, row.e, row.k}
else
  fresh = 1
  local pending = {{child, ARGV[5], ARGV[6]}}
  while #pending > 0 do
    local next_one = table.remove(pending)
    local name, state, code = next_one[1], next_one[2], next_one[3]
    local n = redis.call('HINCRBY', b, 'finished', 1)
    local k
    if state == 'succeeded' then
      k = redis.call('HINCRBY', b, 'succeeded', 1)
    else
      redis.call('HINCRBY', b, 'failed', 1)
      k = tonumber(redis.call('HGET', b, 'succeeded'))
    end
    redis.call('HSET', children, name, cjson.encode({n = n, s = state, e = code, k = k}))
    -- a child counted before it was queued (its batch was cancelled) is never queued
    redis.call('HDEL', jobs, name)
    redis.call('HDEL', b, 'w:' .. name)
    redis.call('SREM', ready, name)
    for _, value in ipairs({n, name, state, code, k}) do table.insert(rows, value) end
    local blocked = redis.call('HGET', b, 'b:' .. name)
    if blocked then
      for waiting in string.gmatch(blocked, '[^,]+') do
        if redis.call('HEXISTS', children, waiting) == 0 then
          if state ~= 'succeeded' then
            redis.call('HDEL', jobs, waiting)
            redis.call('HDEL', b, 'w:' .. waiting)
            redis.call('SREM', ready, waiting)
            -- recorded now, so a second failed dependency finds it finished
            redis.call('HSET', children, waiting, '{}')
            table.insert(pending, {waiting, 'cancelled', 'dependency_failed'})
          elseif redis.call('HINCRBY', b, 'w:' .. waiting, -1) <= 0 then
            redis.call('HDEL', b, 'w:' .. waiting)
            redis.call('SADD', ready, waiting)
          end
        end
      end
    end
  end
end
local counts = redis.call('HMGET', b, 'succeeded', 'failed', 'finished')
local complete = 0
if tonumber(counts[3]) >= tonumber(head[1]) then
  complete = 1
  if head[5] == 'open' then
    redis.call('HSET', b, 'state', 'complete', 'ended', NOW)
    if head[4] ~= '' then redis.call('SADD', ready, head[4]) end
  end
end
local reply = {head[2], head[3], tonumber(counts[1]), tonumber(counts[2]), tonumber(head[1]), complete,
  redis.call('SCARD', ready), fresh}
for _, value in ipairs(rows) do table.insert(reply, value) end
return reply
