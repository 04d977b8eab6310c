-- extend: ARGV: prefix, now, lease_until, worker, then the job ids the worker says it runs.
-- Extends the leases of those the worker owns. Returns the ids among them whose cancel was
-- asked, so a lost cancel notice is repaired by the next heartbeat.
local lease_until, worker = tonumber(ARGV[3]), ARGV[4]
local cancel = {}
for i = 5, #ARGV do
  local id = ARGV[i]
  local state, owner, flag = unpack(redis.call('HMGET', job_key(id), 'state', 'worker', 'cancel'))
  if state == 'running' and owner == worker then
    redis.call('ZADD', INFLIGHT, 'XX', lease_until, id)
    if flag == '1' then table.insert(cancel, id) end
  end
end
return cancel
