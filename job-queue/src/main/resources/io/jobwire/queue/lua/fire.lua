-- fire: one tick of a schedule, guarded so that it fires once however many brokers try. Runs in
-- front of enqueue.lua (one script, see Scripts.FIRE) on the schedule's topic's KEYS, whose
-- arguments come first: ARGV: prefix, now, '0', topic, the 11 fields of one job, then name, tick,
-- next, mode. It takes its own four off the end of ARGV and either returns early or lets
-- enqueue.lua queue the job.
--   mode 'run':  the tick is due; 'skip': a missed tick the misfire policy skips; 'now': run-now
--   (no tick is taken, the next run stays).
-- The guard is the topic's ticks hash (name -> next run), in the slot of the job it queues: a tick
-- is taken only while the guard still holds `tick`; the first broker moves it to `next`, every
-- other one then gets {'taken', guard}. The namespace's schedules ZSET is only the schedulers'
-- index (RedisSchedules moves it after this script, with the schedule's hash: schedule_fired.lua).
-- Returns {'taken', guard}, {'skipped'}, {'unknown'} (no guard for that name), or enqueue.lua's
-- {job id}.
-- ARGV after the guard's four are gone: [5] id, [8] reply_to, [9] route.
local mode = table.remove(ARGV)
local next_run = table.remove(ARGV)
local tick = table.remove(ARGV)
local name = table.remove(ARGV)
local guard = redis.call('HGET', TICKS, name)
if not guard then return {'unknown'} end
if mode ~= 'now' then
  if tonumber(guard) ~= tonumber(tick) then return {'taken', guard} end
  redis.call('HSET', TICKS, name, next_run)
  if mode == 'skip' then return {'skipped'} end
end
-- Clients subscribed to the topic follow its runs (a front end's `scheduled` topic): its holder
-- keeps the topic's runs hash fresh, and the run goes to it like the job of a shared stream
-- (reply_to, route; RedisSchedules tells the stream's share hash afterwards).
local follow = redis.call('HMGET', RUNS, 'reply_to', 'route', 'until')
if follow[3] and tonumber(follow[3]) >= NOW then
  ARGV[8], ARGV[9] = follow[1], follow[2]
end
