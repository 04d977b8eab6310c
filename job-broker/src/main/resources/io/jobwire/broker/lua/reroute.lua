-- reroute: ARGV: prefix, now, id, reply_to, route_json.
-- The front end that waited for this job is gone; another one took its subscription over and
-- wants the job's messages sent to its own ingress from now on.
--   queued / delayed     -> reply_to and route rewritten; returns 'rerouted'
--   running              -> back on its queue as a new attempt with the new reply_to; the spent
--                           attempt does not count. Its old worker no longer owns it, so that
--                           worker's late heartbeat, fail and done are ignored (extend, fail and
--                           ack check ownership; 'rerouted' remembers the old worker for ack).
--                           Returns 'requeued'
--   succeeded / failed / dead -> its terminal message went to the dead front end: it runs again
--                           (new attempt); returns 'rerun'
--   cancelled            -> 'final' (nothing to do); no such job -> 'unknown'
local id, reply_to, route = ARGV[3], ARGV[4], ARGV[5]
local key = job_key(id)
local state, worker, attempts, max_attempts =
  unpack(redis.call('HMGET', key, 'state', 'worker', 'attempts', 'max_attempts'))
if not state then return 'unknown' end
if state == 'queued' or state == 'delayed' then
  redis.call('HSET', key, 'reply_to', reply_to, 'route', route, 'updated', NOW)
  return 'rerouted'
end
if state == 'cancelled' then return 'final' end
redis.call('HSET', key, 'reply_to', reply_to, 'route', route)
if state == 'running' then
  redis.call('HSET', key, 'rerouted', worker or '', 'attempts', math.max(0, tonumber(attempts) - 1))
  redis.call('ZREM', DEADLINES, id)
  redis.call('PUBLISH', P .. 'wake', requeue(key, id))
  return 'requeued'
end
-- succeeded, failed or dead: a fresh attempt
redis.call('PERSIST', key)
redis.call('ZREM', DEAD, id)
redis.call('HDEL', key, 'error', 'worker', 'cancel', 'rerouted')
if tonumber(max_attempts) > 0 and tonumber(attempts) >= tonumber(max_attempts) then
  redis.call('HSET', key, 'max_attempts', tonumber(attempts) + 1)
end
redis.call('PUBLISH', P .. 'wake', requeue(key, id))
return 'rerun'
