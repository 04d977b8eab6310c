-- requeue: ARGV: prefix, now, retention, dead_retention, lost_error_json, worker, then job ids.
-- Recovers the running jobs of a worker that left or died (only those it still owns).
-- Returns {topics requeued, dead records, cancelled ids}.
local retention, dead_retention, lost = tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local worker = ARGV[6]
local topics, dead, cancelled = {}, {}, {}
for i = 7, #ARGV do
  local id = ARGV[i]
  if redis.call('HGET', job_key(id), 'worker') == worker then
    if recover(id, retention, dead_retention, lost, topics, dead) == 'cancelled' then
      table.insert(cancelled, id)
    end
  end
end
return {topics, dead, cancelled}
