-- first: the first state of new subscriptions, written in the round trip that queues their jobs
-- (the front end's jobwire-enqueue pipelines it behind enqueue.lua), so that their subscribed can
-- go out at once.
-- KEYS[1]: the namespace's tag key (the slot of every subscription's state, see RedisKeys).
-- ARGV: prefix, now (unused), me (front end id), then per subscription: id, ttl_ms, field count,
-- field/value pairs (the state flush.lua writes: topic, user, seq, dedup, finished, job, stream,
-- params).
-- No owner check: no other front end can hold one yet, as its client learns its id only from the
-- subscribed this write lets out; flush.lua checks the owner of every later write.
-- Cost: one HSET and one PEXPIRE per subscription, as flush.lua's first write of one.
local P, me = ARGV[1], ARGV[3]
local i = 4
while i <= #ARGV do
  local meta = P .. 'sub:' .. ARGV[i]
  local last = i + 2 + tonumber(ARGV[i + 2]) * 2
  redis.call('HSET', meta, 'fe', me, unpack(ARGV, i + 3, last))
  redis.call('PEXPIRE', meta, ARGV[i + 1])
  i = last + 1
end
return 1
