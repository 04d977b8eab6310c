-- tag: KEYS: the namespace's tags hash, its tag counter; ARGV: topic. Returns the topic's tag,
-- given on first use (see RedisKeys for the layout rule). Runs without common.lua: it works on the
-- namespace's keys, not on a topic's.
local tag = redis.call('HGET', KEYS[1], ARGV[1])
if tag then return tag end
tag = tostring(redis.call('INCR', KEYS[2]))
redis.call('HSET', KEYS[1], ARGV[1], tag)
return tag
