-- extend: ARGV: prefix, now, lease_until, then (worker, job id) pairs from worker heartbeats.
-- Extends the lease of each job its worker still owns. Returns (worker, id) pairs, flattened, of
-- those whose cancel was asked, so a lost cancel notice is repaired by the next heartbeat.
local lease_until = tonumber(ARGV[3])
local cancel = {}
for i = 4, #ARGV, 2 do
  local worker, id = ARGV[i], ARGV[i + 1]
  local job = read(job_key(id), {'state', 'worker', 'cancel'}) or {}
  local flag = job.cancel
  if job.state == 'running' and job.worker == worker then
    redis.call('ZADD', INFLIGHT, 'XX', lease_until, id)
    if flag == '1' then
      table.insert(cancel, worker)
      table.insert(cancel, id)
    end
  end
end
return cancel
