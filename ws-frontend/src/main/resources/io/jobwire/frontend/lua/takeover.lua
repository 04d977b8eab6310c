-- takeover: ARGV: prefix, subscription id, me (front end id), user ('' when anonymous).
-- A client resumes here a subscription that another front end held (alive or not). Takes it over
-- (fe := me, and notes the move in the old owner's moved:FE hash, which its flush.lua and
-- release.lua read) when it exists and belongs to this user, and returns {'ok', old owner, meta
-- fields (flat, without the deliveries), history (oldest first)}; else {'unknown'} or
-- {'forbidden'}. The history is the hash's m:SEQ fields in seq order, after the sub:S:history list
-- a front end from before them kept (see docs/redis.md, "Upgrading").
local P, id, me, user = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local meta = P .. 'sub:' .. id
local all = redis.call('HGETALL', meta)
if #all == 0 then return {'unknown'} end
local fields, kept = {}, {}
local owner, holder = '', ''
for i = 1, #all, 2 do
  local name, value = all[i], all[i + 1]
  if string.sub(name, 1, 2) == 'm:' then
    table.insert(kept, {tonumber(string.sub(name, 3)), value})
  else
    table.insert(fields, name)
    table.insert(fields, value)
    if name == 'user' then holder = value elseif name == 'fe' then owner = value end
  end
end
if holder ~= user then return {'forbidden'} end
table.sort(kept, function(a, b) return a[1] < b[1] end)
local history = redis.call('LRANGE', meta .. ':history', 0, -1)
for _, message in ipairs(kept) do table.insert(history, message[2]) end
redis.call('HSET', meta, 'fe', me)
if owner ~= '' and owner ~= me then
  local moved = P .. 'moved:' .. owner
  redis.call('HSET', moved, id, me)
  redis.call('PEXPIRE', moved, 3600000)
end
redis.call('HDEL', P .. 'moved:' .. me, id)
return {'ok', owner, fields, history}
