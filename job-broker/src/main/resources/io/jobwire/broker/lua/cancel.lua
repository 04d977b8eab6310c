-- cancel: ARGV: prefix, now, retention, id.
-- A queued or delayed job is finished as cancelled at once; a running one is flagged and the
-- broker is told on the cancel channel. Returns 'cancelled', 'cancelling', 'final' or 'unknown'.
local retention, id = retentions(ARGV[3]), ARGV[4]
local key = job_key(id)
local job = read(key, LEAVING)
if not job then
  if redis.call('EXISTS', key) == 1 then return 'final' end
  return 'unknown'
end
local state = job.state
if state == 'queued' or state == 'delayed' then
  if state == 'queued' then redis.call('ZREM', QUEUE, id) end
  finish(key, id, 'cancelled', retention, nil, job)
  return 'cancelled'
end
if state == 'running' then
  redis.call('HSET', key, 'cancel', '1', 'updated', NOW)
  redis.call('PUBLISH', P .. 'cancel', id)
  return 'cancelling'
end
return 'final'
