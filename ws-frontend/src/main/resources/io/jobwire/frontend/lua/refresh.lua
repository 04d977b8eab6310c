-- refresh: ARGV: prefix, me, then (subscription id, ttl_ms, legacy) triples held here whose
-- expiry runs low (see HistoryWriter#needsRefresh). A live subscription's state outlives its
-- front end by at least its resume window: each one gets its expiry pushed back; with legacy "1"
-- (taken over: it may have the sub:S:history list of a front end from before the deliveries moved
-- into the hash) that list's too. Its owner is not read: one another front end took over lives at
-- least as long as that one keeps refreshing it, which is harmless. Returns the number refreshed.
local P = ARGV[1]
local n = 0
for i = 3, #ARGV, 3 do
  local meta, ttl = P .. 'sub:' .. ARGV[i], tonumber(ARGV[i + 1])
  if redis.call('PEXPIRE', meta, ttl) == 1 then
    if ARGV[i + 2] == '1' then redis.call('PEXPIRE', meta .. ':history', ttl) end
    n = n + 1
  end
end
return n
