-- enqueue: KEYS: the topic's keys (see common.lua); ARGV: prefix, now, maybe_ran ("1" when this
-- call may have run before: it is tried again after a lost reply), topic, then 11 fields per job:
-- id, params, user, reply_to, route, max_attempts, deadline ("" for none), run_at ("" = now),
-- priority offset ms (see JobPriority), unique ("" for none), batch ("" for none).
-- A job's rank in its queue ("score") is (start + priority offset) * 1024 + seq % 1024: lowest
-- first, priorities as a bounded head start. A job due later waits in the delayed set; its start
-- is its run_at. A job due now is fairly shared (see docs/scheduling.md): its user (jobs without
-- one form one group) has a clock in the topic's fair key, and the job starts at max(now, that
-- clock + FAIR_STEP ms); the clock moves to the job's start. A user who queues faster than one job
-- per FAIR_STEP books the future, and a user arriving later starts now, ahead of that backlog:
-- claims alternate between the users with jobs queued, however many each has. Within one user
-- (and for a topic whose jobs come at most one per FAIR_STEP) the rank is the enqueue time.
-- seq comes from one INCRBY per call. Idempotent per id (a retried call adds nothing); a unique
-- key already held by an unfinished job returns that job's id. Returns the id of each job.
-- Jobs due now go to a broker standing by when there is one (hand_off in lease.lua: leased here and
-- published on its channel); otherwise, or for what it could not take, the brokers are woken.
-- Cost of a plain job: HSET + ZADD, plus INCRBY, HGETALL (standby) and one PUBLISH per call and,
-- when jobs are due now, ZMSCORE + ZADD + ZRANGE + PEXPIRE of the fair key (kept until its latest
-- clock; and a ZREMRANGEBYSCORE of clocks behind now every 128 jobs). A hand-off adds lease_jobs'
-- cost (what the broker's claim would have cost) and an HSET or HDEL of the token.
local FAIR_STEP = 10
local PER_JOB = 11
local maybe_ran = ARGV[3] == '1'
local topic = ARGV[4]
local ids = {}
local queued = 0
local count = (#ARGV - 4) / PER_JOB
local seq = tonumber(redis.call('INCRBY', SEQ, count)) - count
local first_seq = seq

-- fair sharing: the clocks of the users with jobs due now
local users, clock, moved = {}, {}, false
for i = 5, #ARGV, PER_JOB do
  if ARGV[i + 7] == '' or tonumber(ARGV[i + 7]) <= NOW then
    local user = ARGV[i + 2]
    if clock[user] == nil then
      clock[user] = false
      table.insert(users, user)
    end
  end
end
if #users > 0 then
  local clocks = redis.call('ZMSCORE', FAIR, unpack(users))
  for j, user in ipairs(users) do clock[user] = tonumber(clocks[j]) or 0 end
end
-- the start of a job due now: its user's next step, never before now
local function fair_start(user)
  local start = math.max(NOW, clock[user] + FAIR_STEP)
  clock[user] = start
  moved = true
  return start
end

for i = 5, #ARGV, PER_JOB do
  local id = ARGV[i]
  local key = job_key(id)
  seq = seq + 1
  local unique = ARGV[i + 9]
  local holder = unique ~= '' and redis.call('HGET', UNIQUE, unique)
  if holder and holder ~= id and redis.call('EXISTS', job_key(holder)) == 1 then
    table.insert(ids, holder)
  else
    table.insert(ids, id)
    if not maybe_ran or redis.call('EXISTS', key) == 0 then
      local run_at = NOW
      if ARGV[i + 7] ~= '' and tonumber(ARGV[i + 7]) > NOW then run_at = tonumber(ARGV[i + 7]) end
      local state, start = 'queued', run_at
      if run_at > NOW then
        state = 'delayed'
      else
        start = fair_start(ARGV[i + 2])
      end
      local score = (start + tonumber(ARGV[i + 8])) * 1024 + seq % 1024
      -- empty fields are left out: readers take a missing field as ""
      local fields = {'topic', topic, 'params', ARGV[i + 1], 'max_attempts', ARGV[i + 5],
        'state', state, 'score', score, 'created', NOW}
      local optional = {'user', ARGV[i + 2], 'reply_to', ARGV[i + 3], 'route', ARGV[i + 4],
        'deadline', ARGV[i + 6], 'unique', unique, 'batch', ARGV[i + 10]}
      for j = 1, #optional, 2 do
        if optional[j + 1] ~= '' then
          table.insert(fields, optional[j])
          table.insert(fields, optional[j + 1])
        end
      end
      redis.call('HSET', key, unpack(fields))
      if unique ~= '' then redis.call('HSET', UNIQUE, unique, id) end
      if state == 'delayed' then
        redis.call('ZADD', DELAYED, run_at, id)
      else
        redis.call('ZADD', QUEUE, score, id)
        queued = queued + 1
      end
    end
  end
end
if moved then
  local clocks = {}
  for _, user in ipairs(users) do
    if clock[user] >= NOW then
      table.insert(clocks, clock[user])
      table.insert(clocks, user)
    end
  end
  redis.call('ZADD', FAIR, unpack(clocks))
  -- once its latest clock is past, no clock holds anybody back: the key goes
  local latest = redis.call('ZRANGE', FAIR, -1, -1, 'WITHSCORES')[2]
  redis.call('PEXPIRE', FAIR, tonumber(latest) - NOW + FAIR_STEP)
  -- a clock behind now no longer holds its user back: forget it
  if math.floor(seq / 128) > math.floor(first_seq / 128) then
    redis.call('ZREMRANGEBYSCORE', FAIR, '-inf', '(' .. NOW)
  end
end
if queued > 0 and not hand_off(topic, queued, seq) then
  redis.call('PUBLISH', P .. 'wake', topic)
end
return ids
