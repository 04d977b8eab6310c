-- cancel: ARGV: prefix, now, retention, id.
-- A queued or delayed job is finished as cancelled at once; a running one is flagged and the
-- broker is told on the cancel channel. Returns 'cancelled', 'cancelling', 'final' or 'unknown'.
local retention, id = tonumber(ARGV[3]), ARGV[4]
local key = job_key(id)
local state, topic = unpack(redis.call('HMGET', key, 'state', 'topic'))
if not state then return 'unknown' end
if state == 'queued' or state == 'delayed' then
  redis.call('ZREM', queue_key(topic), id)
  finish(key, id, 'cancelled', retention, nil)
  return 'cancelled'
end
if state == 'running' then
  redis.call('HSET', key, 'cancel', '1', 'updated', NOW)
  redis.call('PUBLISH', P .. 'cancel', id)
  return 'cancelling'
end
return 'final'
