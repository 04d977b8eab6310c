-- overdue: ARGV: prefix, now, retention, grace_ms, limit.
-- Fails running jobs whose deadline passed more than grace_ms ago (the worker's own timeout
-- normally ends them first) with code "timeout". Returns {records, workers}: one
-- {id, reply_to, route, error_json} record per job (to push `failed`) and the worker it ran on
-- (to send `cancel`).
local retention, grace, limit = retentions(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local err = cjson.encode({code = 'timeout', message = 'the job ran past its deadline'})
local records, workers = {}, {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', DEADLINES, '-inf', NOW - grace, 'LIMIT', 0, limit)) do
  local key = job_key(id)
  local job = read(key, {'worker', 'reply_to', 'route', unpack(LEAVING)})
  if job and job.state == 'running' then
    finish(key, id, 'failed', retention, err, job)
    table.insert(records, {id, job.reply_to or '', job.route or '', err})
    table.insert(workers, job.worker or '')
  else
    redis.call('ZREM', DEADLINES, id)
  end
end
return {records, workers}
