-- claim: ARGV: prefix, now, lease_ms, retention, default_max, topic, broker, standby_ms, holds,
-- then one worker name per free slot. Leases up to that many jobs of the topic, job i to worker i
-- (lease_jobs in lease.lua: priorities, flow limits, pause, deadlines). broker ('' for none) is
-- the caller's id: its standby token on the topic (see lease.lua) is taken back (holds = '1': it
-- may have one), and one is left naming the slots this claim could not fill (standby_ms > 0: for
-- that long).
-- Returns {claimed, expired, created, retry_at, standing} (see lease_jobs; standing = 1 when a
-- token was left).
-- Cost: lease_jobs', plus HSET + PEXPIRE when a token is left, or HDEL when one is taken back.
local topic, broker = ARGV[6], ARGV[7]
local workers = {unpack(ARGV, 10)}
local claimed, expired, created, retry_at = lease_jobs(topic, workers, ARGV[3],
  retentions(ARGV[4]), ARGV[5])
local standing = 0
if broker ~= '' then
  standing = stand_by(broker, workers, #claimed, ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[8]),
    ARGV[9] == '1')
end
return {claimed, expired, created, retry_at, standing}
