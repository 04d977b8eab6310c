-- batch_create: ARGV: prefix, now, batch id, total, reply_to, route, user, callback id ("" for
-- none), callback spec ("" for none), then per child: id, its dependencies (comma-separated ids of
-- earlier children, "" for none), spec (the enqueue.lua arguments a broker queues it with, as a
-- JSON array; see BatchStore). Writes the batch's keys, all in the batch's own slot: counters,
-- the children's ids ('ids', comma-separated), 'w:CHILD' (dependencies it still waits for) and
-- 'b:DEP' (children waiting for DEP) in batch:ID; the specs of children not yet queued in
-- batch:ID:jobs; those free to be queued in batch:ID:ready. The caller queues the ready ones (batch_queued.lua confirms), so a caller that
-- dies in between leaves them for any broker's sweep (the caller has put the id on the open batches
-- first: this script touches the batch's own keys only). Returns 'created', or 'exists' for a redo.
-- KEYS: the batch's keys (RedisKeys#batchKeys): batch:ID, its children, jobs and ready.
local id = ARGV[3]
local b, children, jobs, ready = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('EXISTS', b) == 1 then return 'exists' end
redis.call('HSET', b, 'total', ARGV[4], 'finished', 0, 'succeeded', 0, 'failed', 0,
  'state', 'open', 'created', NOW, 'reply_to', ARGV[5], 'route', ARGV[6], 'user', ARGV[7],
  'callback', ARGV[8])
if ARGV[9] ~= '' then redis.call('HSET', jobs, ARGV[8], ARGV[9]) end
local ids = {}
for i = 10, #ARGV, 3 do
  local child, deps = ARGV[i], ARGV[i + 1]
  table.insert(ids, child)
  redis.call('HSET', jobs, child, ARGV[i + 2])
  if deps == '' then
    redis.call('SADD', ready, child)
  else
    local count = 0
    for dep in string.gmatch(deps, '[^,]+') do
      count = count + 1
      local blocked = redis.call('HGET', b, 'b:' .. dep)
      redis.call('HSET', b, 'b:' .. dep, blocked and (blocked .. ',' .. child) or child)
    end
    redis.call('HSET', b, 'w:' .. child, count)
  end
end
redis.call('HSET', b, 'ids', table.concat(ids, ','))
return 'created'
