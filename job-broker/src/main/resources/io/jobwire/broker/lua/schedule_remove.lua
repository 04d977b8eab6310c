-- schedule_remove: ARGV: prefix, now, name. Returns 1 when there was such a schedule, else 0.
local name = ARGV[3]
local removed = redis.call('ZREM', SCHEDULES, name)
redis.call('DEL', schedule_key(name))
if removed == 1 then redis.call('PUBLISH', P .. 'schedule', name) end
return removed
