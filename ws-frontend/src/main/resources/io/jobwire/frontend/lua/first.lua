-- first: a subscription's first state, written in the round trip that queues its job (the front
-- end's jobwire-enqueue pipelines it behind enqueue.lua), so that its subscribed can go out at once.
-- KEYS[1]: the namespace's tag key (the slot of every subscription's state, see RedisKeys).
-- ARGV: prefix, now (unused), me (front end id), id, ttl_ms, field/value pairs (the state flush.lua
-- writes for a subscription: topic, user, seq, dedup, finished, job, stream, params).
-- No owner check: no other front end can hold it yet, as its client learns its id only from the
-- subscribed this write lets out; flush.lua checks the owner of every later write.
-- Cost: one HSET and one PEXPIRE, as flush.lua's first write of a subscription.
local meta = ARGV[1] .. 'sub:' .. ARGV[4]
redis.call('HSET', meta, 'fe', ARGV[3], unpack(ARGV, 6))
redis.call('PEXPIRE', meta, ARGV[5])
return 1
