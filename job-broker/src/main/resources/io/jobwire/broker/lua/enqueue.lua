-- enqueue: KEYS[1] seq key; ARGV: prefix, now, then 8 fields per job:
-- id, topic, params, user, reply_to, route, max_attempts, deadline ("" for none).
-- Idempotent per id (a retried call after a lost reply adds nothing). Returns the number added.
local added = 0
local woken = {}
for i = 3, #ARGV, 8 do
  local id, topic = ARGV[i], ARGV[i + 1]
  local key = job_key(id)
  if redis.call('EXISTS', key) == 0 then
    local seq = redis.call('INCR', KEYS[1])
    redis.call('HSET', key,
      'topic', topic, 'params', ARGV[i + 2], 'user', ARGV[i + 3], 'reply_to', ARGV[i + 4],
      'route', ARGV[i + 5], 'max_attempts', ARGV[i + 6], 'deadline', ARGV[i + 7],
      'state', 'queued', 'attempts', 0, 'seq', seq, 'created', NOW, 'updated', NOW)
    redis.call('ZADD', queue_key(topic), seq, id)
    if not woken[topic] then
      woken[topic] = true
      redis.call('SADD', P .. 'topics', topic)
    end
    added = added + 1
  end
end
for topic in pairs(woken) do
  redis.call('PUBLISH', P .. 'wake', topic)
end
return added
