-- schedule_fired: the namespace's side of a fire.lua call. KEYS: schedules, schedule:NAME, and
-- share:ID when clients follow the topic's runs through a shared stream; ARGV: prefix, now, name,
-- outcome ('queued', 'skipped' or 'taken'), next (the guard's next run; '' for a run-now), job.
-- Moves the schedulers' index forward (never back: a slower broker's call changes nothing) and
-- records the run in the schedule's hash; the stream's share hash learns the run, so a front end
-- taking the lease over reroutes it. A removed schedule is left removed.
local NOW, name, outcome, next_run, job = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local schedules, key, share = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', key) == 0 then return 0 end
if next_run ~= '' then
  redis.call('ZADD', schedules, 'XX', 'GT', next_run, name)
  if outcome ~= 'taken' then redis.call('HSET', key, 'next', next_run) end
end
if outcome == 'skipped' then redis.call('HINCRBY', key, 'skipped', 1) end
if outcome == 'queued' then
  redis.call('HSET', key, 'last', NOW, 'job', job)
  redis.call('HINCRBY', key, 'runs', 1)
  if share and redis.call('EXISTS', share) == 1 then redis.call('HSET', share, 'job', job) end
end
return 1
