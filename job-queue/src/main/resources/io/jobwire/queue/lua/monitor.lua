-- monitor: read-only, one topic. ARGV: prefix, now, failure_limit.
-- Returns {enqueued, {queued, delayed, running, dead}, {{id, state, attempts, error_json,
-- updated}, ...}, limits}: the topic's counts, its recent dead letters and delayed retries, then
-- its flow limits {max_running, max_running_per_user, rate, rate_ms, running} (0 = none; running:
-- its running set), or {} when it has none.
local limit = tonumber(ARGV[3])
local counts = {redis.call('ZCARD', QUEUE), redis.call('ZCARD', DELAYED),
  redis.call('ZCARD', INFLIGHT), redis.call('ZCARD', DEAD)}
local failures = {}
-- failed_only: the delayed set also holds jobs scheduled for later (enqueue --in), which never
-- failed; a retry carries its error. Look at no more than 1000 of them for `limit` failures.
local function recent(set, failed_only)
  local found = 0
  for _, id in ipairs(redis.call('ZREVRANGE', set, 0, failed_only and 999 or limit - 1)) do
    local job = read(job_key(id), {'state', 'attempts', 'error', 'updated'})
    if job and not (failed_only and (not job.error or job.error == '')) then
      table.insert(failures, {id, job.state or '', job.attempts or '0', job.error or '',
        job.updated or '0'})
      found = found + 1
      if found >= limit then return end
    end
  end
end
recent(DEAD, false)
recent(DELAYED, true)
local limits = {}
local f = redis.call('HMGET', FLOW, 'max_running', 'max_running_per_user', 'rate', 'rate_ms')
if f[1] or f[2] or f[3] then
  limits = {f[1] or '0', f[2] or '0', f[3] or '0', f[4] or '1000', redis.call('SCARD', RUNNING)}
end
return {redis.call('GET', SEQ) or '0', counts, failures, limits}
