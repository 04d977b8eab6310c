-- ack: ARGV: prefix, now, retention, then (worker, job id) pairs reported done.
-- Marks each job running under that worker's lease succeeded. A done for a job not leased to
-- its sender changes nothing (a forged done, or one late after the job was recovered) and is
-- counted; so is nothing done from the worker whose attempt was rerouted to another front end
-- (reroute.lua): that result went to a front end that is gone. A worker sends done to every
-- broker it is connected to, so the same done may come more than once: a finished job is left
-- alone. Returns {marked, refused}.
-- Cost per job: HMGET + ZREM (inflight) + SET (the compact record).
local retention = retentions(ARGV[3])
local marked, refused = 0, 0
for i = 4, #ARGV, 2 do
  local worker, id = ARGV[i], ARGV[i + 1]
  local key = job_key(id)
  local job = read(key, {'state', 'worker', 'rerouted', 'topic', 'user', 'attempts', 'created',
    'deadline', 'unique', 'batch', 'lim'})
  if job then
    local rerouted = job.rerouted
    local stale = rerouted and rerouted ~= '' and job.worker ~= worker
      and (rerouted == worker or rerouted == worker .. LOST_ATTEMPT_OVER)
    if stale then
      -- its lost attempt is over: that worker may run the job again (claim.lua), but the copies of
      -- this done it sent to its other brokers must not end the job either
      redis.call('HSET', key, 'rerouted', worker .. LOST_ATTEMPT_OVER)
    elseif job.worker ~= worker then
      refused = refused + 1
    elseif job.state == 'running' then
      finish(key, id, 'succeeded', retention, nil, job)
      marked = marked + 1
    end
  end
end
return {marked, refused}
