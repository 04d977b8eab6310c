-- enqueue: KEYS: the topic's keys (see common.lua); ARGV: prefix, now, maybe_ran ("1" when this
-- call may have run before: it is tried again after a lost reply), topic, then 10 fields per job:
-- id, params, user, reply_to, route, max_attempts, deadline ("" for none), run_at ("" = now),
-- priority offset ms (see JobPriority), unique ("" for none).
-- A job's rank in its queue ("score") is (max(now, run_at) + priority offset) * 1024 + seq % 1024:
-- oldest first, priorities as a bounded head start. A job due later waits in the delayed set.
-- seq comes from one INCRBY per call. Idempotent per id (a retried call adds nothing); a unique
-- key already held by an unfinished job returns that job's id. Returns the id of each job.
-- Cost of a plain job: HSET + ZADD, plus INCRBY and one PUBLISH per call.
local maybe_ran = ARGV[3] == '1'
local topic = ARGV[4]
local ids = {}
local woken = false
local count = (#ARGV - 4) / 10
local seq = tonumber(redis.call('INCRBY', SEQ, count)) - count
for i = 5, #ARGV, 10 do
  local id = ARGV[i]
  local key = job_key(id)
  seq = seq + 1
  local unique = ARGV[i + 9]
  local holder = unique ~= '' and redis.call('HGET', UNIQUE, unique)
  if holder and holder ~= id and redis.call('EXISTS', job_key(holder)) == 1 then
    table.insert(ids, holder)
  else
    table.insert(ids, id)
    if not maybe_ran or redis.call('EXISTS', key) == 0 then
      local run_at = NOW
      if ARGV[i + 7] ~= '' and tonumber(ARGV[i + 7]) > NOW then run_at = tonumber(ARGV[i + 7]) end
      local score = (run_at + tonumber(ARGV[i + 8])) * 1024 + seq % 1024
      local state = 'queued'
      if run_at > NOW then state = 'delayed' end
      -- empty fields are left out: readers take a missing field as ""
      local fields = {'topic', topic, 'params', ARGV[i + 1], 'max_attempts', ARGV[i + 5],
        'state', state, 'score', score, 'created', NOW}
      local optional = {'user', ARGV[i + 2], 'reply_to', ARGV[i + 3], 'route', ARGV[i + 4],
        'deadline', ARGV[i + 6], 'unique', unique}
      for j = 1, #optional, 2 do
        if optional[j + 1] ~= '' then
          table.insert(fields, optional[j])
          table.insert(fields, optional[j + 1])
        end
      end
      redis.call('HSET', key, unpack(fields))
      if unique ~= '' then redis.call('HSET', UNIQUE, unique, id) end
      if state == 'delayed' then
        redis.call('ZADD', DELAYED, run_at, id)
      else
        redis.call('ZADD', QUEUE, score, id)
        woken = true
      end
    end
  end
end
if woken then redis.call('PUBLISH', P .. 'wake', topic) end
return ids
