-- dead_retry: ARGV: prefix, now, id.
-- Puts a dead letter back on its topic's queue (at its original seq) with its attempts reset and
-- its record kept until it finishes again; wakes the brokers. Returns the topic, or false when
-- the job is not a dead letter (unknown, expired, or retried already).
local id = ARGV[3]
local key = job_key(id)
if (read(key, {'state'}) or {}).state ~= 'dead' then
  redis.call('ZREM', DEAD, id)
  return false
end
redis.call('ZREM', DEAD, id)
redis.call('PERSIST', key)
redis.call('HSET', key, 'attempts', 0)
local topic = requeue(key, id, 'dead')
redis.call('PUBLISH', P .. 'wake', topic)
return topic
