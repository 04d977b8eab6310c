-- due: ARGV: prefix, now, retention, dead_retention, lost_error_json, limit, grace_ms.
-- The broker's timed work in one call (it runs every poll interval, busy or idle):
-- recovers running jobs whose lease expired (a silent worker, or a crashed broker), promotes
-- delayed jobs whose retry is due, and fails running jobs whose deadline passed more than grace_ms
-- ago (the worker's own timeout normally ends them first) with code "timeout".
-- Returns {topics requeued, dead records, recovered ids, timed-out records, their workers, quiet}:
-- one {id, reply_to, route, error_json} record per dead or timed-out job (to push `failed`), the
-- worker each timed-out job ran on (to send `cancel`), and quiet = 1 when the topic has no running,
-- delayed or deadline-bound job left (the broker then looks at it less often: see BrokerStore).
local retention, dead_retention, lost = retentions(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local limit, grace = tonumber(ARGV[6]), tonumber(ARGV[7])
local topics, dead, recovered = {}, {}, {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', INFLIGHT, '-inf', NOW, 'LIMIT', 0, limit)) do
  recover(id, retention, dead_retention, lost, topics, dead)
  table.insert(recovered, id)
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', DELAYED, '-inf', NOW, 'LIMIT', 0, limit)) do
  local key = job_key(id)
  if (read(key, {'state'}) or {}).state == 'delayed' then
    table.insert(topics, requeue(key, id, 'delayed'))
  else
    redis.call('ZREM', DELAYED, id)
  end
end
local timeout = cjson.encode({code = 'timeout', message = 'the job ran past its deadline'})
local timed_out, workers = {}, {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', DEADLINES, '-inf', NOW - grace, 'LIMIT', 0, limit)) do
  local key = job_key(id)
  local job = read(key, {'worker', 'reply_to', 'route', unpack(LEAVING)})
  if job and job.state == 'running' then
    finish(key, id, 'failed', retention, timeout, job)
    table.insert(timed_out, {id, job.reply_to or '', job.route or '', timeout})
    table.insert(workers, job.worker or '')
  else
    redis.call('ZREM', DEADLINES, id)
  end
end
local quiet = 0
if #recovered == 0 and #topics == 0 and #timed_out == 0
    and redis.call('EXISTS', INFLIGHT, DELAYED, DEADLINES) == 0 then
  quiet = 1
end
return {topics, dead, recovered, timed_out, workers, quiet}
