-- flush: one ingress-loop turn of a front end, written before any of it is sent to a client.
-- ARGV: prefix, me (front end id), subscription count, then per subscription:
--   id, keep_ms, max_messages, field count, field/value pairs, message count, messages (JSON);
-- then broadcast count, broadcasts (PUBLISHed on fe-all); then forward count, (front end id,
-- message) pairs (PUBLISHed on that front end's channel).
-- A subscription another front end took over is not written: its (id, new owner) pair is
-- returned, flattened, so the caller drops it and forwards what it would have shown.
local P, me = ARGV[1], ARGV[2]
local moved = {}
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  local id, keep, max = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local nfields = tonumber(ARGV[i + 3])
  local fields = i + 4
  i = fields + nfields * 2
  local nmessages = tonumber(ARGV[i])
  local messages = i + 1
  i = messages + nmessages
  local meta, history = P .. 'sub:' .. id, P .. 'sub:' .. id .. ':history'
  local owner = redis.call('HGET', meta, 'fe')
  if owner and owner ~= me then
    table.insert(moved, id)
    table.insert(moved, owner)
  else
    redis.call('HSET', meta, 'fe', me)
    for f = fields, fields + nfields * 2 - 1, 2 do
      redis.call('HSET', meta, ARGV[f], ARGV[f + 1])
    end
    for m = messages, messages + nmessages - 1 do
      redis.call('RPUSH', history, ARGV[m])
    end
    if max == 0 then
      redis.call('DEL', history)
    elseif nmessages > 0 then
      redis.call('LTRIM', history, -max, -1)
    end
    redis.call('PEXPIRE', meta, keep)
    redis.call('PEXPIRE', history, keep)
  end
end
local nbroadcasts = tonumber(ARGV[i])
for b = i + 1, i + nbroadcasts do
  redis.call('PUBLISH', P .. 'fe-all', ARGV[b])
end
i = i + 1 + nbroadcasts
local nforwards = tonumber(ARGV[i])
for f = i + 1, i + nforwards * 2, 2 do
  redis.call('PUBLISH', P .. 'fe:' .. ARGV[f], ARGV[f + 1])
end
return moved
