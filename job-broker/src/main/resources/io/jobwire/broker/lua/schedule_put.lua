-- schedule_put: ARGV: prefix, now, name, def (JSON, see ScheduleJson), first next run (ms).
-- Adds or replaces a schedule; an identical definition is left alone, next run and all. Tells
-- the brokers' schedulers on the schedule channel. Returns 1 when something changed, else 0.
local name, def, next_run = ARGV[3], ARGV[4], ARGV[5]
local key = schedule_key(name)
if redis.call('HGET', key, 'def') == def then return 0 end
redis.call('HSET', key, 'def', def, 'next', next_run)
redis.call('ZADD', SCHEDULES, next_run, name)
redis.call('PUBLISH', P .. 'schedule', name)
return 1
