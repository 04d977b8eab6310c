-- schedule_put: KEYS: schedules, schedule:NAME; ARGV: prefix, now, name, def (JSON, see
-- ScheduleJson), first next run (ms). Adds or replaces a schedule; an identical definition is left
-- alone, next run and all. (RedisSchedules sets the guard in the topic's ticks hash first.) Tells
-- the brokers' schedulers on the schedule channel. Returns 1 when something changed, else 0.
local P, name, def, next_run = ARGV[1], ARGV[3], ARGV[4], ARGV[5]
local schedules, key = KEYS[1], KEYS[2]
if redis.call('HGET', key, 'def') == def then return 0 end
redis.call('HSET', key, 'def', def, 'next', next_run)
redis.call('ZADD', schedules, next_run, name)
redis.call('PUBLISH', P .. 'schedule', name)
return 1
