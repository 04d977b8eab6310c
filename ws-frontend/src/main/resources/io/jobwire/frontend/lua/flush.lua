-- flush: one ingress-loop turn of a front end, written before any of it is sent to a client.
-- ARGV: prefix, me (front end id), subscription count, then per subscription:
--   id, ttl_ms, fresh ("1" for its first write here, of one started here: no other front end can
--   hold it yet, as its client learns its id only from the subscribed this write lets out; most
--   often first.lua wrote that already, next to the job, and every write here is checked), field
--   count, field/value pairs (its state, and the turn's deliveries as m:SEQ), dropped count,
--   dropped fields (deliveries that fell out of the resume window);
-- then broadcast count, broadcasts (PUBLISHed on fe-all); then forward count, (front end id,
-- message) pairs (PUBLISHed on that front end's channel).
-- A subscription another front end took over (takeover.lua noted it in moved:ME) is not written:
-- its (id, new owner) pair is returned, flattened, so the caller drops it and forwards what it
-- would have shown.
-- Cost: one HSET per subscription and turn (its state and deliveries at once; PEXPIRE too on its
-- first write), plus one HMGET per turn for the owner check of those written before.
local P, me = ARGV[1], ARGV[2]
local subs, checked = {}, {}
local i = 4
for _ = 1, tonumber(ARGV[3]) do
  local sub = {id = ARGV[i], ttl = tonumber(ARGV[i + 1]), fresh = ARGV[i + 2] == '1'}
  local nfields = tonumber(ARGV[i + 3])
  sub.fields = i + 4
  sub.last = sub.fields + nfields * 2 - 1
  i = sub.last + 1
  local ndropped = tonumber(ARGV[i])
  sub.dropped, sub.ndropped = i + 1, ndropped
  i = i + 1 + ndropped
  table.insert(subs, sub)
  if not sub.fresh then table.insert(checked, sub.id) end
end
local moved_to = {}
for from = 1, #checked, 1000 do -- unpack has a limit of a few thousand values
  local to = math.min(from + 999, #checked)
  local owners = redis.call('HMGET', P .. 'moved:' .. me, unpack(checked, from, to))
  for k = from, to do
    if owners[k - from + 1] then moved_to[checked[k]] = owners[k - from + 1] end
  end
end
local moved = {}
for _, sub in ipairs(subs) do
  local owner = moved_to[sub.id]
  if owner then
    table.insert(moved, sub.id)
    table.insert(moved, owner)
  else
    local meta = P .. 'sub:' .. sub.id
    -- the state and the turn's deliveries in one HSET: each command in a script counts in Redis
    -- like one from a client. The expiry is set when the key is made (a write that adds more
    -- fields than deliveries made it, or added a field seen for the first time: setting it again
    -- then is harmless); refresh.lua pushes it back while the subscription is held here.
    local added = redis.call('HSET', meta, 'fe', me, unpack(ARGV, sub.fields, sub.last))
    local messages = 0
    for f = sub.fields, sub.last, 2 do
      if string.sub(ARGV[f], 1, 2) == 'm:' then messages = messages + 1 end
    end
    if sub.fresh or added > messages then redis.call('PEXPIRE', meta, sub.ttl) end
    if sub.ndropped > 0 then
      redis.call('HDEL', meta, unpack(ARGV, sub.dropped, sub.dropped + sub.ndropped - 1))
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
