-- release: ARGV: prefix, me, then subscription ids that ended here (unsubscribed, or their
-- resume window passed). Deletes the state of each one this front end still owns, in one DEL
-- (with the sub:S:history list of a front end from before the deliveries moved into the hash).
-- Returns the ids deleted: only for those may their jobs be cancelled (another front end took the
-- others over: takeover.lua noted them in moved:ME, whence they are now dropped).
local P, me = ARGV[1], ARGV[2]
local MOVED = P .. 'moved:' .. me
local ids = {unpack(ARGV, 3)}
if #ids == 0 then return {} end
local owners = redis.call('HMGET', MOVED, unpack(ids))
local released, keys, gone = {}, {}, {}
for k, id in ipairs(ids) do
  if owners[k] then
    table.insert(gone, id)
  else
    table.insert(released, id)
    table.insert(keys, P .. 'sub:' .. id)
    table.insert(keys, P .. 'sub:' .. id .. ':history')
  end
end
if #keys > 0 then redis.call('DEL', unpack(keys)) end
if #gone > 0 then redis.call('HDEL', MOVED, unpack(gone)) end
return released
