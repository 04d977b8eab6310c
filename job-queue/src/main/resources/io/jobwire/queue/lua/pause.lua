-- pause: KEYS: the topic's keys; ARGV: prefix, now, topic, '1' to pause or '0' to resume.
-- A paused topic keeps taking jobs, but no broker claims them (claim.lua checks the flag); jobs
-- already running finish. Resuming PUBLISHes a wake for the topic so brokers claim at once.
-- Returns 1 when the flag changed, 0 when it already was so.
local topic, pause = ARGV[3], ARGV[4] == '1'
if pause then
  return redis.call('SET', PAUSED, NOW, 'NX') and 1 or 0
end
local changed = redis.call('DEL', PAUSED)
redis.call('PUBLISH', P .. 'wake', topic)
return changed
