-- claim: ARGV: prefix, now, lease_ms, retention, default_max, topic, broker, standby_ms, holds,
-- arrived_count, then arrived_count values ({worker, count, ...}), then one worker name per free
-- slot. Leases up to that many jobs of the topic, job i to the i-th of those slots that is free
-- (lease_jobs in lease.lua: priorities, flow limits, pause, deadlines). broker ('' for none) is the
-- caller's id: its standby token on the topic (see lease.lua) is taken back when it holds one
-- (holds = '1'; the slots of jobs handed that have not arrived, c less `arrived`, are left out),
-- and one is left naming the slots this claim could not fill (standby_ms > 0: for that long).
-- Returns {claimed, expired, created, retry_at, standing, asked} (see lease_jobs; standing = 1
-- when a token was left; asked = the slots the claim could fill).
-- Cost: lease_jobs', plus HGET when the broker holds a token, and HSET + PEXPIRE when one is left
-- (else HDEL when it held one).
local topic, broker = ARGV[6], ARGV[7]
local holds = broker ~= '' and ARGV[9] == '1'
local arrived_end = 10 + tonumber(ARGV[10])
local arrived = {unpack(ARGV, 11, arrived_end)}
local workers = take_back(broker, {unpack(ARGV, arrived_end + 1)}, holds, arrived)
local claimed, expired, created, retry_at = lease_jobs(topic, workers, ARGV[3],
  retentions(ARGV[4]), ARGV[5])
local standing = 0
if broker ~= '' then
  standing = stand_by(broker, workers, #claimed, ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[8]),
    holds)
end
return {claimed, expired, created, retry_at, standing, #workers}
