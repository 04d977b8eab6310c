-- release: ARGV: prefix, me, then subscription ids that ended here (unsubscribed, or their
-- resume window passed). Deletes the state of each one this front end still owns. Returns the
-- ids deleted: only for those may their jobs be cancelled (another front end may have taken the
-- others over).
local P, me = ARGV[1], ARGV[2]
local released = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local meta = P .. 'sub:' .. id
  local owner = redis.call('HGET', meta, 'fe')
  if not owner or owner == me then
    redis.call('DEL', meta, meta .. ':history')
    table.insert(released, id)
  end
end
return released
