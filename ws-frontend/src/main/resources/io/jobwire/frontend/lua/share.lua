-- share: a shared topic's stream across front ends. ARGV: prefix, now, op, stream id, me, arg.
-- jobwire:{NS}:share:ID HASH: fe (the front end that runs its job and receives its messages),
-- until (that lease's end, clock ms), job (the current run's job), m:FE (each front end with
-- members there: until when). The key expires when no front end refreshes it.
--   claim  (arg = lease ms): FE has members; takes the lease when free, lapsed or its own.
--          Returns {'mine' | 'theirs', holder before this call ('' if none), job ('' if none)}.
--   started (arg = job): the holder queued a run.
--   done   : the holder's one-shot run ended: the job is forgotten and the lease freed, so the
--          next subscriber anywhere starts a new run.
--   leave  : FE has no members left. Returns 'last' (nobody anywhere: the caller cancels the
--          job, the key is gone), 'handover' (it held the lease: freed for another) or 'member'.
local P, op, id, me = ARGV[1], ARGV[3], ARGV[4], ARGV[5]
local NOW = tonumber(ARGV[2])
local key = P .. 'share:' .. id
if op == 'claim' then
  local lease = tonumber(ARGV[6])
  redis.call('HSET', key, 'm:' .. me, NOW + lease)
  redis.call('PEXPIRE', key, lease * 10)
  local fe, till, job = unpack(redis.call('HMGET', key, 'fe', 'until', 'job'))
  if not fe or fe == me or tonumber(till) < NOW then
    redis.call('HSET', key, 'fe', me, 'until', NOW + lease)
    return {'mine', fe or '', job or ''}
  end
  return {'theirs', fe, job or ''}
end
if op == 'started' then
  if redis.call('HGET', key, 'fe') ~= me then return 0 end
  redis.call('HSET', key, 'job', ARGV[6])
  return 1
end
if op == 'done' then
  if redis.call('HGET', key, 'fe') ~= me then return 0 end
  redis.call('HDEL', key, 'job')
  redis.call('HSET', key, 'until', 0)
  return 1
end
-- leave
redis.call('HDEL', key, 'm:' .. me)
local fields = redis.call('HGETALL', key)
local others = 0
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 2) == 'm:' and tonumber(fields[i + 1]) >= NOW then
    others = others + 1
  end
end
if others == 0 then
  redis.call('DEL', key)
  return 'last'
end
if redis.call('HGET', key, 'fe') == me then
  redis.call('HSET', key, 'until', 0)
  return 'handover'
end
return 'member'
