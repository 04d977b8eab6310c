-- dead_purge: ARGV: prefix, now, limit.
-- Deletes up to `limit` dead letters and their records (a dead letter retried meanwhile is only
-- dropped from the set). Returns how many records were deleted; call again while it returns limit.
local limit = tonumber(ARGV[3])
local deleted = 0
for _, id in ipairs(redis.call('ZRANGE', DEAD, 0, limit - 1)) do
  local key = job_key(id)
  if (read(key, {'state'}) or {}).state == 'dead' then
    redis.call('DEL', key)
    deleted = deleted + 1
  end
  redis.call('ZREM', DEAD, id)
end
return deleted
