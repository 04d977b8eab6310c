-- reroute: ARGV: prefix, now, id, reply_to, route_json, sub_job, sub_params: the job and params
-- its subscription (route.sub) recorded, read by the caller ('' when none: a subscription's state
-- lives in the namespace's slot, not the topic's).
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
-- A job that succeeded or failed keeps no payload (see finish in common.lua): it runs again with
-- the params its subscription recorded (route.sub's hash), else its end stays 'final'.
local id, reply_to, route, sub_job, sub_params = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local key = job_key(id)
local job = read(key, {'state', 'worker', 'attempts', 'max_attempts'})
if not job then
  local record = redis.pcall('GET', key)
  if type(record) ~= 'string' then return 'unknown' end
  local done = cjson.decode(record)
  if done.s == 'cancelled' or sub_job ~= id or sub_params == '' then return 'final' end
  local params = sub_params
  redis.call('DEL', key)
  local fields = {'topic', done.t, 'params', params, 'reply_to', reply_to, 'route', route,
    'max_attempts', done.a + 1, 'attempts', done.a, 'state', 'queued', 'score', NOW * 1024,
    'created', done.c, 'updated', NOW}
  if done.u then
    table.insert(fields, 'user')
    table.insert(fields, done.u)
  end
  redis.call('HSET', key, unpack(fields))
  redis.call('ZADD', QUEUE, NOW * 1024, id)
  redis.call('PUBLISH', P .. 'wake', done.t)
  return 'rerun'
end
local state, worker, attempts, max_attempts = job.state, job.worker, job.attempts, job.max_attempts
if state == 'queued' or state == 'delayed' then
  redis.call('HSET', key, 'reply_to', reply_to, 'route', route, 'updated', NOW)
  return 'rerouted'
end
if state == 'cancelled' then return 'final' end
redis.call('HSET', key, 'reply_to', reply_to, 'route', route)
if state == 'running' then
  redis.call('HSET', key, 'rerouted', worker or '', 'attempts', math.max(0, tonumber(attempts) - 1))
  redis.call('ZREM', DEADLINES, id)
  redis.call('PUBLISH', P .. 'wake', requeue(key, id, 'running'))
  return 'requeued'
end
-- succeeded, failed or dead: a fresh attempt
redis.call('PERSIST', key)
redis.call('ZREM', DEAD, id)
redis.call('HDEL', key, 'error', 'worker', 'cancel', 'rerouted')
if tonumber(max_attempts) > 0 and tonumber(attempts) >= tonumber(max_attempts) then
  redis.call('HSET', key, 'max_attempts', tonumber(attempts) + 1)
end
redis.call('PUBLISH', P .. 'wake', requeue(key, id, state))
return 'rerun'
