-- due: ARGV: prefix, now, retention, dead_retention, lost_error_json, limit.
-- Recovers running jobs whose lease expired (a silent worker, or a crashed broker) and promotes
-- delayed jobs whose retry is due. Returns {topics requeued, dead records, recovered ids}.
local retention, dead_retention, lost = retentions(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local limit = tonumber(ARGV[6])
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
return {topics, dead, recovered}
