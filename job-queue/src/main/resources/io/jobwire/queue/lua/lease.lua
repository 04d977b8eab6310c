-- lease.lua: the leasing of queued jobs, shared by claim.lua (a broker asks) and enqueue.lua (it
-- hands a job to a broker standing by, see hand_off). Put after common.lua (LuaScript.load).
-- lease_jobs(topic, workers, lease_ms, retention, default_max) pops up to #workers jobs of the
-- topic (lowest rank first) and leases job i to worker i; a job rerouted away from a worker that
-- still runs its lost attempt (reroute.lua) is left for another worker (that one would take it for
-- the attempt it runs; see the worker SDK). A job enqueued with max_attempts 0 gets default_max.
-- Flow limits (the topic's flow key, set by `jobwire topic limit`): max_running caps the topic's
-- running set, rate caps the jobs started per aligned window of rate_ms, max_running_per_user caps
-- each user's running set (then the queue's first jobs are scanned instead of popped, and a job of
-- a user at the limit stays where it is). A job held back stays queued. A paused topic (pause.lua)
-- leases nothing.
-- Returns claimed, expired, created, retry_at: claimed = {id, topic, params, user, reply_to,
-- route, attempt, max_attempts, deadline, worker} per job; expired = bury-style records of jobs
-- whose deadline passed before they could run (finished as failed); created[i] = claimed[i]'s
-- enqueue time (epoch ms, '' when unknown) for the broker's enqueue->start timer; retry_at = when
-- the rate window that held jobs back reopens (epoch ms; 0: none did).
-- Cost per job: HMGET + HSET + ZADD, plus EXISTS (paused), HMGET (flow) and ZPOPMIN per call. A
-- limited topic adds SADD per job (two with a per-user limit, and ZREM instead of ZPOPMIN), HSET
-- per call with a rate, and SMEMBERS + ZMSCORE when a running set is at its limit (it is checked
-- against inflight).
local function lease_jobs(topic, workers, lease_ms, retention, default_max)
  local lease_until = NOW + tonumber(lease_ms)
  local slots = #workers
  local claimed, expired, created = {}, {}, {}
  if slots <= 0 or redis.call('EXISTS', PAUSED) == 1 then
    return claimed, expired, created, 0
  end
  local flow = redis.call('HMGET', FLOW, 'max_running', 'max_running_per_user', 'rate',
    'rate_ms', 'window', 'started')
  local max_running, per_user, rate = tonumber(flow[1]), tonumber(flow[2]), tonumber(flow[3])
  local tracked = max_running or per_user

  -- how many jobs the running set holds; at `limit` or over, members no longer in inflight (a path
  -- that missed release_slot) are dropped first, so a lost release never holds a slot for good
  local function running(set, limit)
    local count = redis.call('SCARD', set)
    if count < limit then return count end
    local members = redis.call('SMEMBERS', set)
    for from = 1, #members, 1000 do -- unpack takes a few thousand values at most
      local chunk = {unpack(members, from, math.min(#members, from + 999))}
      local leases = redis.call('ZMSCORE', INFLIGHT, unpack(chunk))
      for i, id in ipairs(chunk) do
        if not leases[i] then
          redis.call('SREM', set, id)
          count = count - 1
        end
      end
    end
    return count
  end

  local wanted, retry_at, window, started = slots, 0, 0, 0
  if max_running then wanted = math.min(wanted, max_running - running(RUNNING, max_running)) end
  if rate then
    local rate_ms = tonumber(flow[4])
    window = NOW - NOW % rate_ms
    if tonumber(flow[5]) == window then started = tonumber(flow[6]) or 0 end
    if rate - started < wanted then
      wanted = rate - started
      retry_at = window + rate_ms
    end
  end
  if wanted <= 0 then return claimed, expired, created, retry_at end

  local user_running = {}
  -- a per-user limit: false when the job's user is at it
  local function user_has_room(user)
    if not per_user or user == '' then return true end
    local count = user_running[user]
    if not count then
      count = running(user_running_key(user), per_user)
      user_running[user] = count
    end
    return count < per_user
  end

  local slot = 1
  -- leases the queued job `id` to the next worker slot, if it may run; returns false when the job
  -- stays in the queue (rerouted away from that worker, or its user at the limit)
  local function take(id, key, job)
    local deadline = job.deadline or ''
    local user = job.user or ''
    if job.rerouted and job.rerouted ~= '' and job.rerouted == workers[slot] then return false end
    if deadline ~= '' and tonumber(deadline) <= NOW then
      local err = cjson.encode({code = 'deadline', message = 'the deadline passed before the job could run'})
      finish(key, id, 'failed', retention, err, job)
      table.insert(expired, {id, job.reply_to or '', job.route or '', err})
      return true
    end
    if not user_has_room(user) then return false end
    local worker = workers[slot]
    slot = slot + 1
    local attempt = (tonumber(job.attempts) or 0) + 1
    local fields = {'state', 'running', 'worker', worker, 'attempts', attempt, 'updated', NOW}
    local max = job.max_attempts
    if max == '0' or not max then
      max = default_max
      table.insert(fields, 'max_attempts')
      table.insert(fields, max)
    end
    if tracked then
      redis.call('SADD', RUNNING, id)
      local lim = '1'
      if per_user and user ~= '' then
        redis.call('SADD', user_running_key(user), id)
        user_running[user] = user_running[user] + 1
        lim = '2'
      end
      table.insert(fields, 'lim')
      table.insert(fields, lim)
    elseif job.lim then
      redis.call('HDEL', key, 'lim')
    end
    redis.call('HSET', key, unpack(fields))
    redis.call('ZADD', INFLIGHT, lease_until, id)
    if deadline ~= '' then redis.call('ZADD', DEADLINES, tonumber(deadline), id) end
    table.insert(claimed, {id, topic, job.params or '', user, job.reply_to or '', job.route or '',
      attempt, max, deadline, worker})
    table.insert(created, job.created or '')
    return true
  end

  local FIELDS = {'state', 'params', 'user', 'reply_to', 'route', 'max_attempts', 'deadline',
    'rerouted', 'attempts', 'created', 'topic', 'unique', 'lim'}
  if per_user then
    -- scan a bounded window of the queue's head: jobs of users at their limit are passed over
    local head = redis.call('ZRANGE', QUEUE, 0, wanted * 4 + 31)
    local taken = 0
    for _, id in ipairs(head) do
      if taken >= wanted then break end
      local key = job_key(id)
      local job = read(key, FIELDS)
      if not job or job.state ~= 'queued' then
        redis.call('ZREM', QUEUE, id)
      elseif take(id, key, job) then
        redis.call('ZREM', QUEUE, id)
        taken = taken + 1
      end
    end
  else
    local popped = redis.call('ZPOPMIN', QUEUE, wanted)
    for i = 1, #popped, 2 do
      local id = popped[i]
      local key = job_key(id)
      local job = read(key, FIELDS)
      if job and job.state == 'queued' and not take(id, key, job) then
        redis.call('ZADD', QUEUE, popped[i + 1], id)
      end
    end
  end
  if rate then
    redis.call('HSET', FLOW, 'window', window, 'started', started + #claimed)
  end
  return claimed, expired, created, retry_at
end

-- Standing by: a broker whose claim leaves worker slots free (its queue ran dry) leaves a token in
-- the topic's standby hash (KEYS[16]): broker id -> JSON {u = until (clock ms), l = lease ms, r =
-- retention, m = default max attempts, w = the free slots, c = the slots enqueues took since},
-- slots as {worker, count, worker, count, ...}. An enqueue that finds a live token leases the jobs
-- to those workers itself (lease_jobs, with every limit above), moves their slots from w to c and
-- PUBLISHes the jobs on the broker's own channel, so the broker sends them to its workers without
-- a claim.
-- The broker still counts a token's slots as free: its next claim for the topic takes the token
-- back in the same script and leaves out the slots of jobs handed that have not reached it yet (c
-- less those it says arrived), so a claim on the topic never fills a slot twice. (A claim on
-- another topic of the same worker may: the worker then hands the job back as busy.)
-- A token names a broker that may die: it lives until `u` (the broker renews it on its periodic
-- claim); a job handed to a dead broker, or a publish lost, is recovered when its lease expires,
-- as after any claim whose broker died.

-- a token's slots, one worker name per slot, dealt round-robin over its workers (as the broker
-- deals a claim's slots)
local function token_slots(counts)
  local left, slots, dealt = {}, {}, true
  for i = 2, #counts, 2 do left[i] = tonumber(counts[i]) end
  while dealt do
    dealt = false
    for i = 2, #counts, 2 do
      if left[i] > 0 then
        left[i] = left[i] - 1
        table.insert(slots, counts[i - 1])
        dealt = true
      end
    end
  end
  return slots
end

-- slots[from..to] as {worker, count, ...}, added to `counts` (a table of that form) when given
local function token_counts(slots, from, to, counts)
  counts = counts or {}
  local at = {}
  for i = 2, #counts, 2 do at[counts[i - 1]] = i end
  for i = from, to or #slots do
    local w = slots[i]
    if at[w] then
      counts[at[w]] = counts[at[w]] + 1
    else
      table.insert(counts, w)
      table.insert(counts, 1)
      at[w] = #counts
    end
  end
  return counts
end

-- claim.lua's side: takes back the broker's token when it `holds` one, and takes out of `workers`
-- the slots of jobs handed that have not reached the broker: the token's c less `arrived` ({worker,
-- count, ...}, what the broker received since its last claim on the topic). Returns `workers`.
local function take_back(broker, workers, holds, arrived)
  if not holds then return workers end
  local token = redis.call('HGET', STANDBY, broker)
  if not token then return workers end
  local busy = {}
  local taken = cjson.decode(token).c or {}
  for i = 2, #taken, 2 do busy[taken[i - 1]] = (busy[taken[i - 1]] or 0) + tonumber(taken[i]) end
  for i = 2, #arrived, 2 do
    if busy[arrived[i - 1]] then busy[arrived[i - 1]] = busy[arrived[i - 1]] - tonumber(arrived[i]) end
  end
  local free = {}
  for _, worker in ipairs(workers) do
    if (busy[worker] or 0) > 0 then
      busy[worker] = busy[worker] - 1
    else
      table.insert(free, worker)
    end
  end
  return free
end

-- claim.lua's side: leaves the broker's token naming the slots of `workers` a claim did not use
-- (from `used` + 1 on), or none (then an old one goes when the broker `holds` one); returns 1 when
-- a token is left.
local function stand_by(broker, workers, used, lease_ms, retention, default_max, standby_ms, holds)
  if used < #workers and standby_ms > 0 then
    local token = {u = NOW + standby_ms, l = tonumber(lease_ms), r = retention, m = default_max,
      w = token_counts(workers, used + 1), c = {}}
    redis.call('HSET', STANDBY, broker, cjson.encode(token))
    redis.call('PEXPIRE', STANDBY, standby_ms)
    return 1
  end
  if holds then redis.call('HDEL', STANDBY, broker) end
  return 0
end

-- enqueue.lua's side: hands the topic's first jobs to one broker standing by with slots left (a
-- different one each call, by `seq`); returns true when the `queued` jobs this call queued are all handed (else
-- the brokers are woken as usual).
local function hand_off(topic, queued, seq)
  local tokens = redis.call('HGETALL', STANDBY)
  local n = #tokens / 2
  for k = 0, n - 1 do
    local at = ((seq + k) % n) * 2 + 1
    local broker, token = tokens[at], cjson.decode(tokens[at + 1])
    if token.u < NOW then
      redis.call('HDEL', STANDBY, broker)
    elseif #token.w > 0 then
      local slots = token_slots(token.w)
      local claimed, expired, created, retry_at = lease_jobs(topic, slots, token.l,
        retentions(token.r), token.m)
      if #claimed > 0 then
        token.w = token_counts(slots, #claimed + 1)
        token.c = token_counts(slots, 1, #claimed, token.c)
        redis.call('HSET', STANDBY, broker, cjson.encode(token))
      end
      if #claimed + #expired > 0 then
        redis.call('PUBLISH', P .. 'handoff:' .. broker, cjson.encode({claimed, expired, created}))
      end
      return #claimed >= queued and retry_at == 0
    end
  end
  return false
end
