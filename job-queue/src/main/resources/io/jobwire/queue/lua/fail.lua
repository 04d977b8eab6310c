-- fail: ARGV: prefix, now, retention, dead_retention, id, worker, error_json, retry (1|0), delay_ms,
-- handback (1|0): a worker that shuts down hands the job back; it is queued again at once and the
-- attempt does not count.
-- Only the job's current worker may fail it: a fail for a job leased to another worker (or to
-- none) changes nothing. Returns {'delayed'}, {'queued', topic}, {'cancelled'}, {'stale'} (no
-- longer running under this worker), {'refused'} (never leased to it) or
-- {'dead', {id, reply_to, route, error_json}}.
local retention, dead_retention = retentions(ARGV[3]), tonumber(ARGV[4])
local id, worker, error_json = ARGV[5], ARGV[6], ARGV[7]
local retry, delay, handback = ARGV[8] == '1', tonumber(ARGV[9]), ARGV[10] == '1'
local key = job_key(id)
local job = read(key, {'state', 'worker', 'attempts', 'max_attempts', 'cancel', 'rerouted', 'topic',
  'user', 'created', 'deadline', 'unique', 'lim'})
if not job then return {'stale'} end
if job.state ~= 'running' or job.worker ~= worker then
  if job.rerouted == worker then
    -- its lost attempt is over: that worker may run it again (see ack.lua)
    redis.call('HSET', key, 'rerouted', worker .. LOST_ATTEMPT_OVER)
    return {'stale'}
  end
  if job.worker ~= worker then return {'refused'} end
  return {'stale'}
end
if job.cancel == '1' then
  finish(key, id, 'cancelled', retention, error_json, job)
  return {'cancelled'}
end
if retry and handback then
  redis.call('HSET', key, 'attempts', math.max(0, tonumber(job.attempts) - 1), 'error', error_json)
  return {'queued', requeue(key, id, 'running')}
end
if retry and tonumber(job.attempts) < tonumber(job.max_attempts) then
  redis.call('ZREM', INFLIGHT, id)
  release_slot(id, job)
  redis.call('HSET', key, 'state', 'delayed', 'updated', NOW, 'error', error_json)
  redis.call('HDEL', key, 'worker')
  redis.call('ZADD', DELAYED, NOW + delay, id)
  return {'delayed'}
end
return {'dead', bury(key, id, error_json, dead_retention)}
