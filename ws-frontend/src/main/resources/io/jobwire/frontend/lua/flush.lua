-- flush: one ingress-loop turn of a front end, written before any of it is sent to a client.
-- ARGV: prefix, me (front end id), subscription count, then per subscription:
--   id, keep_ms, max_messages, fresh ("1" for its first write: started here, so no other front
--   end can hold it and its owner is not read), field count, field/value pairs, message count,
--   messages (JSON);
-- then broadcast count, broadcasts (PUBLISHed on fe-all); then forward count, (front end id,
-- message) pairs (PUBLISHed on that front end's channel).
-- A subscription another front end took over is not written: its (id, new owner) pair is
-- returned, flattened, so the caller drops it and forwards what it would have shown.
local P, me = ARGV[1], ARGV[2]
local moved = {}
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  local id, keep, max = ARGV[i], tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  local fresh = ARGV[i + 3] == '1'
  local nfields = tonumber(ARGV[i + 4])
  local fields = i + 5
  i = fields + nfields * 2
  local nmessages = tonumber(ARGV[i])
  local messages = i + 1
  i = messages + nmessages
  local meta, history = P .. 'sub:' .. id, P .. 'sub:' .. id .. ':history'
  local owner = false
  if not fresh then owner = redis.call('HGET', meta, 'fe') end
  if owner and owner ~= me then
    table.insert(moved, id)
    table.insert(moved, owner)
  else
    -- one HSET of what changed and one RPUSH of the turn's messages: each command in a script
    -- counts in Redis like one from a client. Expiries are set when a key is created; while the
    -- subscription is held here, refresh.lua pushes them back.
    local changed = {}
    if not owner then changed = {'fe', me} end
    for f = fields, fields + nfields * 2 - 1 do
      table.insert(changed, ARGV[f])
    end
    if #changed > 0 then redis.call('HSET', meta, unpack(changed)) end
    if not owner then redis.call('PEXPIRE', meta, keep) end
    if max == 0 then
      if nmessages > 0 then redis.call('DEL', history) end
    elseif nmessages > 0 then
      local length = redis.call('RPUSH', history, unpack(ARGV, messages, messages + nmessages - 1))
      if length > max then redis.call('LTRIM', history, -max, -1) end
      if length <= nmessages then redis.call('PEXPIRE', history, keep) end
    end
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
