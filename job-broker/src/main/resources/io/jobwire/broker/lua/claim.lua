-- claim: ARGV: prefix, now, lease_ms, retention, default_max_attempts, topic, then one worker
-- name per free slot. A job enqueued with max_attempts 0 gets the broker's default here.
-- Pops up to that many jobs of the topic (oldest first) and leases job i to worker i; a job
-- rerouted away from a worker that still runs its lost attempt (reroute.lua) is left for another
-- worker (that one would take it for the attempt it runs; see the worker SDK).
-- Returns {claimed, expired}: claimed = {id, topic, params, user, reply_to, route, attempt,
-- max_attempts, deadline, worker} per job; expired = bury-style records of jobs whose deadline
-- passed before they could run (finished as failed).
local lease_until = NOW + tonumber(ARGV[3])
local retention = tonumber(ARGV[4])
local default_max = ARGV[5]
local topic = ARGV[6]
local slots = #ARGV - 6
local claimed, expired = {}, {}
if slots <= 0 then return {claimed, expired} end
local popped = redis.call('ZPOPMIN', queue_key(topic), slots)
local slot = 7
for i = 1, #popped, 2 do
  local id = popped[i]
  local key = job_key(id)
  local f = redis.call('HMGET', key, 'state', 'params', 'user', 'reply_to', 'route',
    'max_attempts', 'deadline', 'rerouted')
  if f[1] == 'queued' then
    if f[8] and f[8] ~= '' and f[8] == ARGV[slot] then
      redis.call('ZADD', queue_key(topic), popped[i + 1], id)
    elseif f[7] ~= '' and tonumber(f[7]) <= NOW then
      local err = cjson.encode({code = 'deadline', message = 'the deadline passed before the job could run'})
      finish(key, id, 'failed', retention, err)
      table.insert(expired, {id, f[4], f[5], err})
    else
      local worker = ARGV[slot]
      slot = slot + 1
      local attempt = redis.call('HINCRBY', key, 'attempts', 1)
      if f[6] == '0' then
        f[6] = default_max
        redis.call('HSET', key, 'max_attempts', default_max)
      end
      redis.call('HSET', key, 'state', 'running', 'worker', worker, 'updated', NOW)
      redis.call('ZADD', INFLIGHT, lease_until, id)
      if f[7] ~= '' then redis.call('ZADD', DEADLINES, tonumber(f[7]), id) end
      table.insert(claimed, {id, topic, f[2], f[3], f[4], f[5], attempt, f[6], f[7], worker})
    end
  end
end
return {claimed, expired}
