-- refresh: ARGV: prefix, me, then (subscription id, keep_ms) pairs held here. A live
-- subscription's state outlives its front end by its resume window: each one gets its expiry
-- pushed back. Its owner is not read (one command less per subscription and turn): one another
-- front end took over lives at least as long as that one keeps refreshing it, which is harmless.
-- Returns the number refreshed.
local P, me = ARGV[1], ARGV[2]
local n = 0
for i = 3, #ARGV, 2 do
  local meta = P .. 'sub:' .. ARGV[i]
  if redis.call('PEXPIRE', meta, tonumber(ARGV[i + 1])) == 1 then
    redis.call('PEXPIRE', meta .. ':history', tonumber(ARGV[i + 1]))
    n = n + 1
  end
end
return n
