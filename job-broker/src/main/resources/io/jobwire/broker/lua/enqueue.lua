-- enqueue: KEYS[1] seq key; ARGV: prefix, now, then 11 fields per job:
-- id, topic, params, user, reply_to, route, max_attempts, deadline ("" for none),
-- run_at ("" = now), priority offset ms (see JobPriority), unique ("" for none).
-- A job's rank in its queue ("score") is (max(now, run_at) + priority offset) * 1024 + seq % 1024:
-- oldest first, priorities as a bounded head start. A job due later waits in the delayed set.
-- Idempotent per id (a retried call after a lost reply adds nothing); a unique key already held
-- by an unfinished job returns that job's id. Returns the id of each job, in order.
local ids = {}
local woken = {}
for i = 3, #ARGV, 11 do
  local id, topic = ARGV[i], ARGV[i + 1]
  local key = job_key(id)
  local unique_key = ''
  if ARGV[i + 10] ~= '' then unique_key = P .. 'unique:' .. topic .. ':' .. ARGV[i + 10] end
  local holder = unique_key ~= '' and redis.call('GET', unique_key)
  if holder and redis.call('EXISTS', job_key(holder)) == 1 and holder ~= id then
    table.insert(ids, holder)
  else
    table.insert(ids, id)
    if redis.call('EXISTS', key) == 0 then
      local seq = redis.call('INCR', KEYS[1])
      local run_at = NOW
      if ARGV[i + 8] ~= '' and tonumber(ARGV[i + 8]) > NOW then run_at = tonumber(ARGV[i + 8]) end
      local score = (run_at + tonumber(ARGV[i + 9])) * 1024 + seq % 1024
      local state = 'queued'
      if run_at > NOW then state = 'delayed' end
      redis.call('HSET', key,
        'topic', topic, 'params', ARGV[i + 2], 'user', ARGV[i + 3], 'reply_to', ARGV[i + 4],
        'route', ARGV[i + 5], 'max_attempts', ARGV[i + 6], 'deadline', ARGV[i + 7],
        'state', state, 'attempts', 0, 'seq', seq, 'score', score, 'created', NOW, 'updated', NOW,
        'unique', unique_key)
      if unique_key ~= '' then redis.call('SET', unique_key, id) end
      redis.call('SADD', P .. 'topics', topic)
      if state == 'delayed' then
        redis.call('ZADD', DELAYED, run_at, id)
      else
        redis.call('ZADD', queue_key(topic), score, id)
        woken[topic] = true
      end
    end
  end
end
for topic in pairs(woken) do
  redis.call('PUBLISH', P .. 'wake', topic)
end
return ids
