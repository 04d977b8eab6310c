-- enqueue: KEYS[1] seq key; ARGV: prefix, now, maybe_ran ("1" when this call may have run before:
-- it is tried again after a lost reply), then 13 fields per job:
-- id, topic, params, user, reply_to, route, max_attempts, deadline ("" for none),
-- run_at ("" = now), priority offset ms (see JobPriority), unique ("" for none), new_topic ("1"
-- when the caller has not yet added the topic to the topics set), batch ("" for none).
-- A job's rank in its queue ("score") is (max(now, run_at) + priority offset) * 1024 + seq % 1024:
-- oldest first, priorities as a bounded head start. A job due later waits in the delayed set.
-- seq comes from one INCRBY per call. Idempotent per id (a retried call adds nothing); a unique
-- key already held by an unfinished job returns that job's id. Returns the id of each job.
-- Cost of a plain job: HSET + ZADD, plus INCRBY and one PUBLISH per topic per call.
local maybe_ran = ARGV[3] == '1'
local ids = {}
local woken = {}
local seq = tonumber(redis.call('INCRBY', KEYS[1], (#ARGV - 3) / 13)) - (#ARGV - 3) / 13
for i = 4, #ARGV, 13 do
  local id, topic = ARGV[i], ARGV[i + 1]
  local key = job_key(id)
  seq = seq + 1
  local unique_key = ''
  if ARGV[i + 10] ~= '' then unique_key = P .. 'unique:' .. topic .. ':' .. ARGV[i + 10] end
  local holder = unique_key ~= '' and redis.call('GET', unique_key)
  if holder and holder ~= id and redis.call('EXISTS', job_key(holder)) == 1 then
    table.insert(ids, holder)
  else
    table.insert(ids, id)
    if not maybe_ran or redis.call('EXISTS', key) == 0 then
      local run_at = NOW
      if ARGV[i + 8] ~= '' and tonumber(ARGV[i + 8]) > NOW then run_at = tonumber(ARGV[i + 8]) end
      local score = (run_at + tonumber(ARGV[i + 9])) * 1024 + seq % 1024
      local state = 'queued'
      if run_at > NOW then state = 'delayed' end
      -- empty fields are left out: readers take a missing field as ""
      local fields = {'topic', topic, 'params', ARGV[i + 2], 'max_attempts', ARGV[i + 6],
        'state', state, 'score', score, 'created', NOW}
      local optional = {'user', ARGV[i + 3], 'reply_to', ARGV[i + 4], 'route', ARGV[i + 5],
        'deadline', ARGV[i + 7], 'unique', unique_key, 'batch', ARGV[i + 12]}
      for j = 1, #optional, 2 do
        if optional[j + 1] ~= '' then
          table.insert(fields, optional[j])
          table.insert(fields, optional[j + 1])
        end
      end
      redis.call('HSET', key, unpack(fields))
      if unique_key ~= '' then redis.call('SET', unique_key, id) end
      if ARGV[i + 11] == '1' then redis.call('SADD', P .. 'topics', topic) end
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
