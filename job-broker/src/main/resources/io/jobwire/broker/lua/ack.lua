-- ack: ARGV: prefix, now, retention, then (worker, job id) pairs reported done (worker "" when
-- the broker does not know it).
-- Marks each unfinished job succeeded (even one already requeued after its worker was taken
-- for dead: its result was delivered), except a done from the worker whose attempt was
-- rerouted to another front end (reroute.lua): that result went to a front end that is gone. A
-- worker sends done to every broker it is connected to, so that done may come more than once.
-- Returns the number of jobs marked.
local retention = tonumber(ARGV[3])
local marked = 0
for i = 4, #ARGV, 2 do
  local worker, id = ARGV[i], ARGV[i + 1]
  local key = job_key(id)
  local state, topic, owner, rerouted =
    unpack(redis.call('HMGET', key, 'state', 'topic', 'worker', 'rerouted'))
  local stale = rerouted and rerouted ~= '' and owner ~= worker
    and (rerouted == worker or rerouted == worker .. LOST_ATTEMPT_OVER)
  if stale then
    -- its lost attempt is over: that worker may run the job again (claim.lua), but the copies of
    -- this done it sent to its other brokers must not end the job either
    redis.call('HSET', key, 'rerouted', worker .. LOST_ATTEMPT_OVER)
  elseif state == 'running' or state == 'queued' or state == 'delayed' then
    if state == 'queued' then redis.call('ZREM', queue_key(topic), id) end
    finish(key, id, 'succeeded', retention, nil)
    redis.call('HDEL', key, 'cancel')
    marked = marked + 1
  end
end
return marked
