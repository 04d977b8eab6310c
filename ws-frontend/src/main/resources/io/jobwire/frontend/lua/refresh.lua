-- refresh: ARGV: prefix, me, then (subscription id, keep_ms) pairs held here. A live
-- subscription's state outlives its front end by its resume window: each one still owned here
-- gets its expiry pushed back. Returns the number refreshed.
local P, me = ARGV[1], ARGV[2]
local n = 0
for i = 3, #ARGV, 2 do
  local meta = P .. 'sub:' .. ARGV[i]
  if redis.call('HGET', meta, 'fe') == me then
    redis.call('PEXPIRE', meta, tonumber(ARGV[i + 1]))
    redis.call('PEXPIRE', meta .. ':history', tonumber(ARGV[i + 1]))
    n = n + 1
  end
end
return n
