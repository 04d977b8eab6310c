-- schedule_remove: KEYS: schedules, schedule:NAME; ARGV: prefix, now, name. Returns 1 when there
-- was such a schedule, else 0. (RedisSchedules then drops its guard from the topic's ticks hash.)
local P, name = ARGV[1], ARGV[3]
local removed = redis.call('ZREM', KEYS[1], name)
redis.call('DEL', KEYS[2])
if removed == 1 then redis.call('PUBLISH', P .. 'schedule', name) end
return removed
