-- fire: one tick of a schedule, guarded so that it fires once however many brokers try. Runs in
-- front of enqueue.lua (one script, see Scripts.FIRE), whose arguments come first: ARGV: prefix,
-- now, '0', the 13 fields of one job, then name, tick, next, mode. It takes its own four off the
-- end of ARGV and either returns early or lets enqueue.lua queue the job.
--   mode 'run':  the tick is due; 'skip': a missed tick the misfire policy skips; 'now': run-now
--   (no tick is taken, the next run stays).
-- A tick is taken only while the schedule's score in the schedules ZSET is still `tick`: the
-- first broker moves it to `next`, every other one then gets {'taken'}.
-- Returns {'taken'}, {'skipped'}, {'unknown'} (no such schedule), or enqueue.lua's {job id}.
-- ARGV after the guard's four are gone: [4] id, [5] topic, [8] reply_to, [9] route.
local mode = table.remove(ARGV)
local next_run = table.remove(ARGV)
local tick = table.remove(ARGV)
local name = table.remove(ARGV)
local schedule = schedule_key(name)
if mode ~= 'now' then
  local current = redis.call('ZSCORE', SCHEDULES, name)
  if not current or tonumber(current) ~= tonumber(tick) then return {'taken'} end
  redis.call('ZADD', SCHEDULES, next_run, name)
  redis.call('HSET', schedule, 'next', next_run)
  if mode == 'skip' then
    redis.call('HINCRBY', schedule, 'skipped', 1)
    return {'skipped'}
  end
elseif redis.call('EXISTS', schedule) == 0 then
  return {'unknown'}
end
redis.call('HSET', schedule, 'last', NOW, 'job', ARGV[4])
redis.call('HINCRBY', schedule, 'runs', 1)
-- Clients subscribed to the topic follow its runs (a front end's `scheduled` topic): its holder
-- keeps runs:TOPIC fresh, and the run goes to it like the job of a shared stream (reply_to, route);
-- the stream's share hash learns the run, so a front end taking the lease over reroutes it.
local follow = redis.call('HMGET', runs_key(ARGV[5]), 'reply_to', 'route', 'stream', 'until')
if follow[4] and tonumber(follow[4]) >= NOW then
  ARGV[8], ARGV[9] = follow[1], follow[2]
  local share = P .. 'share:' .. follow[3]
  if redis.call('EXISTS', share) == 1 then redis.call('HSET', share, 'job', ARGV[4]) end
end
