-- owned: ARGV: prefix, now, worker. The ids of the running jobs leased to this worker (by any
-- broker, e.g. one that died). A broker asks when a worker joins, so the jobs it still runs count
-- against its capacity before its first heartbeat lists them. O(in-flight jobs); joins are rare.
local worker = ARGV[3]
local owned = {}
for _, id in ipairs(redis.call('ZRANGE', INFLIGHT, 0, -1)) do
  local job = read(job_key(id), {'state', 'worker'}) or {}
  if job.state == 'running' and job.worker == worker then table.insert(owned, id) end
end
return owned
