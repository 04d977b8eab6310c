-- flow: KEYS: the topic's keys; ARGV: prefix, now, topic, max_running, max_running_per_user,
-- rate, rate_ms (0 = none).
-- Sets a topic's flow limits (its flow key, read by claim.lua), keeping its rate window, and wakes
-- the brokers so that a raised limit lets held-back jobs start at once. Returns 'ok'.
local topic = ARGV[3]
local key = FLOW
local names = {'max_running', 'max_running_per_user', 'rate'}
for i, name in ipairs(names) do
  if tonumber(ARGV[3 + i]) > 0 then
    redis.call('HSET', key, name, ARGV[3 + i])
  else
    redis.call('HDEL', key, name)
  end
end
if tonumber(ARGV[6]) > 0 then
  redis.call('HSET', key, 'rate_ms', ARGV[7])
else
  redis.call('HDEL', key, 'rate_ms', 'window', 'started')
end
if redis.call('HLEN', key) == 0 then redis.call('DEL', key) end
redis.call('PUBLISH', P .. 'wake', topic)
return 'ok'
