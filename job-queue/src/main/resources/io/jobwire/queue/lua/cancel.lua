-- cancel: ARGV: prefix, now, retention, id, tell ('1': its subscribers hear `failed` with code
-- `cancelled`; '0' when nobody listens any more, e.g. its last subscriber left).
-- A queued or delayed job is finished as cancelled at once (told: its notice goes to the topic's
-- notices list for a broker to send, and the cancel channel wakes the brokers); a running one is flagged
-- and the broker is told on the cancel channel. Returns 'cancelled', 'cancelling', 'final' or
-- 'unknown'.
local retention, id, tell = retentions(ARGV[3]), ARGV[4], ARGV[5] == '1'
local key = job_key(id)
local job = read(key, {'reply_to', 'route', unpack(LEAVING)})
if not job then
  if redis.call('EXISTS', key) == 1 then return 'final' end
  return 'unknown'
end
local state = job.state
if state == 'queued' or state == 'delayed' then
  if state == 'queued' then redis.call('ZREM', QUEUE, id) end
  finish(key, id, 'cancelled', retention, nil, job)
  if tell and job.reply_to and job.reply_to ~= '' then
    redis.call('RPUSH', NOTICES, cjson.encode({id, job.reply_to, job.route or '', CANCELLED_ERROR}))
    redis.call('PUBLISH', P .. 'cancel', id)
  end
  return 'cancelled'
end
if state == 'running' then
  redis.call('HSET', key, 'cancel', '1', 'updated', NOW)
  if tell then redis.call('HSET', key, 'cancel_tell', '1') end
  redis.call('PUBLISH', P .. 'cancel', id)
  return 'cancelling'
end
return 'final'
