-- retry_dead: ARGV: prefix, now, id. A dead letter goes back on its topic's queue at its
-- original seq with its attempts reset (dead -> queued, by hand). Returns 1, or 0 when the job
-- is not dead (any more).
local id = ARGV[3]
local key = job_key(id)
local state, topic, seq = unpack(redis.call('HMGET', key, 'state', 'topic', 'seq'))
if state ~= 'dead' then return 0 end
redis.call('ZREM', DEAD, id)
redis.call('PERSIST', key)
redis.call('HSET', key, 'state', 'queued', 'attempts', 0, 'updated', NOW)
redis.call('HDEL', key, 'worker', 'cancel')
redis.call('ZADD', queue_key(topic), tonumber(seq), id)
redis.call('PUBLISH', P .. 'wake', topic)
return 1
