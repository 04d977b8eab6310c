-- common.lua: prepended to every jobwire job script (see RedisKeys for the key layout).
-- A script works on one topic. KEYS are that topic's keys (RedisKeys.TopicKeys#all): queue,
-- inflight, delayed, deadlines, dead, unique, seq, flow, running, fair, paused, runs, notices,
-- batched, ticks, standby, all in one slot (jobwire:{NS#TAG}:...); job
-- hashes are named from the same tag. ARGV[1] is the namespace prefix "jobwire:{NS}:" (channel
-- names only: a channel is no key), ARGV[2] the caller's clock in epoch ms.
-- Every state change below follows the transition table in JobLifecycle.java.
-- Scripts touch only the sets a job is in and write what changed in one HSET: each command a
-- script runs counts in Redis like one from a client (see docs/redis.md for the cost per job).
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local QUEUE, INFLIGHT, DELAYED, DEADLINES, DEAD, UNIQUE, SEQ =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
-- flow control and fair sharing (flow.lua, claim.lua, enqueue.lua), the paused flag (pause.lua),
-- where the runs of the topic's schedules go (runs, fire.lua), the `failed` notices of cancelled
-- jobs (cancel.lua, notices.lua), finished batch children (the outbox, batch_finish.lua) and the
-- guard of the topic's schedules (ticks, fire.lua)
local FLOW, RUNNING, FAIR, PAUSED, RUNS, NOTICES, BATCHED, TICKS =
  KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13], KEYS[14], KEYS[15]
-- the brokers standing by for the topic's next jobs (lease.lua)
local STANDBY = KEYS[16]
local T = string.sub(QUEUE, 1, #QUEUE - #'queue')
-- (Before topic tags, scripts named these queue_key(topic), P .. 'inflight' and so on: a script
-- now gets its one topic's keys, and a new per-topic key is the next KEYS[n]; see RedisKeys.)
-- a job's 'rerouted' field names the worker whose attempt was rerouted away (reroute.lua), with
-- this suffix once that worker reported the lost attempt over
local LOST_ATTEMPT_OVER = '|over'

local function job_key(id) return T .. 'job:' .. id end
-- what subscribers hear when someone cancels their job (cancel.lua, cancelled.lua)
local CANCELLED_ERROR = cjson.encode({code = 'cancelled', message = 'the job was cancelled'})
-- the per-user running set of a limited topic, in the topic's slot ('/' is never in a topic)
local function user_running_key(user) return T .. 'running/' .. user end

-- A job claimed under a flow limit carries 'lim' = '1' (claim.lua) and sits in its topic's running
-- set (and its user's, 'lim' = '2'). When it stops running it leaves them and the brokers are woken
-- to claim for the topic again (the wake channel), so nothing held back by a limit waits on a clock.
local function release_slot(id, job)
  if not job.lim or job.lim == '' then return end
  redis.call('SREM', RUNNING, id)
  if job.lim == '2' then redis.call('SREM', user_running_key(job.user or ''), id) end
  redis.call('PUBLISH', P .. 'wake', job.topic)
end

-- the named fields of a job's hash as a table (missing ones false), or nil when the job is
-- unknown or finished (a finished job's record is a string: see finish)
local function read(key, names)
  local values = redis.pcall('HMGET', key, unpack(names))
  if values.err then return nil end
  local job, any = {}, false
  for i, name in ipairs(names) do
    job[name] = values[i]
    any = any or values[i]
  end
  if not any then return nil end
  return job
end

-- what finish and bury need besides what their caller read
local LEAVING = {'state', 'topic', 'user', 'attempts', 'created', 'deadline', 'unique', 'batch', 'lim'}

-- A job's script never touches a batch's keys (RedisKeys#batchKeys): a finished child of a batch
-- goes on its topic's outbox ({batch, job, state, error code}); a
-- broker counts it in its batch (batch_finish.lua) and then takes it off. `job` holds its batch
-- and topic; a caller that did not read 'batch' (nil, not false) has it read here.
local function note_batch_child(key, id, state, error_json, job)
  if job.batch == nil then
    local batch = redis.pcall('HGET', key, 'batch')
    job.batch = type(batch) == 'string' and batch
  end
  if not job.batch or job.batch == '' then return end
  local code = ''
  if error_json and error_json ~= '' then
    local ok, e = pcall(cjson.decode, error_json)
    if ok and type(e) == 'table' and e.code then code = tostring(e.code) end
  end
  local topic = job.topic or redis.call('HGET', key, 'topic')
  redis.call('RPUSH', BATCHED, cjson.encode({b = job.batch, j = id, s = state, e = code}))
  redis.call('PUBLISH', P .. 'batched', topic)
end

-- takes a job out of the sets it is in as `job.state`, and frees its unique key
local function leave(id, job)
  if job.state == 'running' then
    redis.call('ZREM', INFLIGHT, id)
    release_slot(id, job)
    if job.deadline and job.deadline ~= '' then redis.call('ZREM', DEADLINES, id) end
  elseif job.state == 'delayed' then
    redis.call('ZREM', DELAYED, id)
  end
  if job.unique and job.unique ~= '' and redis.call('HGET', UNIQUE, job.unique) == id then
    redis.call('HDEL', UNIQUE, job.unique)
  end
end

-- The caller's retention argument (QueueConfig#retentionArgument): ms for every topic, or a JSON
-- object of ms by topic with "*" for the others. Returns a table topic -> ms ('*': the others).
local function retentions(arg)
  if string.sub(arg, 1, 1) == '{' then return cjson.decode(arg) end
  return {['*'] = tonumber(arg)}
end

-- A finished job's hash gives way to a compact record, one JSON string kept as long as
-- `retention` (see retentions) says for its topic (0 = forever, < 0 = not kept): what status and
-- the dashboard show (state, topic, user, attempts, error, timestamps), no payload. `job` holds
-- the LEAVING fields (read here when nil). A queued job must already be off its queue.
local function finish(key, id, state, retention, error_json, job)
  job = job or read(key, LEAVING) or {}
  leave(id, job)
  note_batch_child(key, id, state, error_json, job)
  retention = tonumber(retention[job.topic or '*'] or retention['*'])
  if retention < 0 then
    redis.call('DEL', key)
    return
  end
  local record = {s = state, t = job.topic or '', a = tonumber(job.attempts) or 0,
    c = tonumber(job.created) or NOW, m = NOW}
  if job.user and job.user ~= '' then record.u = job.user end
  if error_json and error_json ~= '' then record.e = error_json end
  if retention > 0 then
    redis.call('SET', key, cjson.encode(record), 'PX', retention)
  else
    redis.call('SET', key, cjson.encode(record))
  end
end

-- to the dead letters, payload and all so that it can be retried; returns what the broker needs
-- to push `failed` to the front end
local function bury(key, id, error_json, dead_retention)
  local job = read(key, {'state', 'deadline', 'unique', 'reply_to', 'route', 'topic', 'user', 'batch',
    'lim'}) or {}
  leave(id, job)
  note_batch_child(key, id, 'dead', error_json, job)
  redis.call('HSET', key, 'state', 'dead', 'updated', NOW, 'error', error_json)
  redis.call('HDEL', key, 'worker', 'cancel')
  if dead_retention > 0 then redis.call('PEXPIRE', key, dead_retention) end
  redis.call('ZADD', DEAD, NOW, id)
  if dead_retention > 0 then
    redis.call('ZREMRANGEBYSCORE', DEAD, '-inf', NOW - dead_retention)
  end
  return {id, job.reply_to or '', job.route or '', error_json}
end

-- back to its topic's queue at its original rank (score; seq for jobs from before scores), out
-- of the set its state `from` kept it in (running: inflight, and its worker goes; delayed:
-- delayed; none for the others); returns the topic
local function requeue(key, id, from)
  local topic, seq, score, user, lim = unpack(redis.call('HMGET', key, 'topic', 'seq', 'score',
    'user', 'lim'))
  if from == 'running' then
    redis.call('ZREM', INFLIGHT, id)
    redis.call('HDEL', key, 'worker')
    release_slot(id, {topic = topic, user = user, lim = lim})
  elseif from == 'delayed' then
    redis.call('ZREM', DELAYED, id)
  end
  redis.call('HSET', key, 'state', 'queued', 'updated', NOW)
  redis.call('ZADD', QUEUE, tonumber(score or seq), id)
  return topic
end

-- a running job lost its worker or its lease. Its attempt is spent: it runs again while it has
-- attempts left, is finished as cancelled if cancel was asked, else goes to the dead letters.
-- Appends to `topics` (requeued) or `dead` (buried) and returns the new state.
local function recover(id, retention, dead_retention, lost_error, topics, dead)
  local key = job_key(id)
  local job = read(key, {'state', 'max_attempts', 'cancel', 'topic', 'user', 'attempts', 'created',
    'deadline', 'unique', 'batch', 'lim'})
  if not job or job.state ~= 'running' then
    redis.call('ZREM', INFLIGHT, id)
    return job and job.state or 'finished'
  end
  if job.cancel == '1' then
    finish(key, id, 'cancelled', retention, nil, job)
    return 'cancelled'
  end
  if tonumber(job.attempts) >= tonumber(job.max_attempts) then
    table.insert(dead, bury(key, id, lost_error, dead_retention))
    return 'dead'
  end
  table.insert(topics, requeue(key, id, 'running'))
  return 'queued'
end
