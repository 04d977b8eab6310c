-- requeue: ARGV: prefix, now, retention, dead_retention, lost_error_json, worker, lease_floor,
-- then job ids.
-- Recovers the running jobs of a worker that left or died: those it still owns whose lease ends
-- at lease_floor at the latest. A job leased longer was extended after the caller last heard from
-- the worker: the worker still heartbeats it to another broker, so it is left running.
-- Returns {topics requeued, dead records, ids recovered}.
local retention, dead_retention, lost = retentions(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local worker, floor = ARGV[6], tonumber(ARGV[7])
local topics, dead, recovered = {}, {}, {}
for i = 8, #ARGV do
  local id = ARGV[i]
  if (read(job_key(id), {'worker'}) or {}).worker == worker then
    local lease = redis.call('ZSCORE', INFLIGHT, id)
    if not lease or tonumber(lease) <= floor then
      recover(id, retention, dead_retention, lost, topics, dead)
      table.insert(recovered, id)
    end
  end
end
return {topics, dead, recovered}
