-- claim: ARGV: prefix, now, lease_ms, retention, default_max_attempts, topic, then one worker
-- name per free slot. A job enqueued with max_attempts 0 gets the broker's default here.
-- Pops up to that many jobs of the topic (oldest first) and leases job i to worker i; a job
-- rerouted away from a worker that still runs its lost attempt (reroute.lua) is left for another
-- worker (that one would take it for the attempt it runs; see the worker SDK).
-- Returns {claimed, expired, created}: claimed = {id, topic, params, user, reply_to, route,
-- attempt, max_attempts, deadline, worker} per job; expired = bury-style records of jobs whose
-- deadline passed before they could run (finished as failed); created[i] = claimed[i]'s enqueue
-- time (epoch ms, '' when unknown) for the broker's enqueue->start timer.
-- Cost per job: HMGET + HSET + ZADD, plus one ZPOPMIN per call.
local lease_until = NOW + tonumber(ARGV[3])
local retention = retentions(ARGV[4])
local default_max = ARGV[5]
local topic = ARGV[6]
local slots = #ARGV - 6
local claimed, expired, created = {}, {}, {}
if slots <= 0 then return {claimed, expired, created} end
local popped = redis.call('ZPOPMIN', QUEUE, slots)
local slot = 7
for i = 1, #popped, 2 do
  local id = popped[i]
  local key = job_key(id)
  local job = read(key, {'state', 'params', 'user', 'reply_to', 'route', 'max_attempts',
    'deadline', 'rerouted', 'attempts', 'created', 'topic', 'unique'})
  if job and job.state == 'queued' then
    local deadline = job.deadline or ''
    if job.rerouted and job.rerouted ~= '' and job.rerouted == ARGV[slot] then
      redis.call('ZADD', QUEUE, popped[i + 1], id)
    elseif deadline ~= '' and tonumber(deadline) <= NOW then
      local err = cjson.encode({code = 'deadline', message = 'the deadline passed before the job could run'})
      finish(key, id, 'failed', retention, err, job)
      table.insert(expired, {id, job.reply_to or '', job.route or '', err})
    else
      local worker = ARGV[slot]
      slot = slot + 1
      local attempt = (tonumber(job.attempts) or 0) + 1
      local max = job.max_attempts
      if max == '0' or not max then
        max = default_max
        redis.call('HSET', key, 'state', 'running', 'worker', worker, 'attempts', attempt,
          'updated', NOW, 'max_attempts', max)
      else
        redis.call('HSET', key, 'state', 'running', 'worker', worker, 'attempts', attempt,
          'updated', NOW)
      end
      redis.call('ZADD', INFLIGHT, lease_until, id)
      if deadline ~= '' then redis.call('ZADD', DEADLINES, tonumber(deadline), id) end
      table.insert(claimed, {id, topic, job.params or '', job.user or '', job.reply_to or '',
        job.route or '', attempt, max, deadline, worker})
      table.insert(created, job.created or '')
    end
  end
end
return {claimed, expired, created}
