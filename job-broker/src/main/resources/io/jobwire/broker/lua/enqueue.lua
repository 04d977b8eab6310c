-- enqueue: KEYS[1] seq key; ARGV: prefix, now, maybe_ran ("1" when this call may have run before:
-- it is tried again after a lost reply), then 13 fields per job:
-- id, topic, params, user, reply_to, route, max_attempts, deadline ("" for none),
-- run_at ("" = now), priority offset ms (see JobPriority), unique ("" for none), new_topic ("1"
-- when the caller has not yet added the topic to the topics set), batch ("" for none).
-- A job's rank in its queue ("score") is (start + priority offset) * 1024 + seq % 1024: lowest
-- first, priorities as a bounded head start. A job due later waits in the delayed set; its start
-- is its run_at. A job due now is fairly shared (see docs/scheduling.md): its user (jobs without
-- one form one group) has a clock in fair:TOPIC, and the job starts at max(now, that clock +
-- FAIR_STEP ms); the clock moves to the job's start. A user who queues faster than one job per
-- FAIR_STEP books the future, and a user arriving later starts now, ahead of that backlog: claims
-- alternate between the users with jobs queued, however many each has. Within one user (and for a
-- topic whose jobs come at most one per FAIR_STEP) the rank is the enqueue time, as without it.
-- seq comes from one INCRBY per call. Idempotent per id (a retried call adds nothing); a unique
-- key already held by an unfinished job returns that job's id. Returns the id of each job.
-- Cost of a plain job: HSET + ZADD, plus INCRBY per call and, per topic and call, one PUBLISH and
-- ZMSCORE + ZADD + ZRANGE + PEXPIRE (fair:TOPIC, kept until its latest clock; and a
-- ZREMRANGEBYSCORE of clocks behind now every 128 jobs).
local FAIR_STEP = 10
local maybe_ran = ARGV[3] == '1'
local ids = {}
local woken = {}
local seq = tonumber(redis.call('INCRBY', KEYS[1], (#ARGV - 3) / 13)) - (#ARGV - 3) / 13
local first_seq = seq

-- fair sharing: per topic with jobs due now, the clocks of their users
local fair = {}
for i = 4, #ARGV, 13 do
  if ARGV[i + 8] == '' or tonumber(ARGV[i + 8]) <= NOW then
    local topic, user = ARGV[i + 1], ARGV[i + 3]
    local f = fair[topic]
    if not f then
      f = {users = {}, clock = {}}
      fair[topic] = f
    end
    if f.clock[user] == nil then
      f.clock[user] = false
      table.insert(f.users, user)
    end
  end
end
for topic, f in pairs(fair) do
  local clocks = redis.call('ZMSCORE', fair_key(topic), unpack(f.users))
  for j, user in ipairs(f.users) do f.clock[user] = tonumber(clocks[j]) or 0 end
end
-- the start of a job due now: its user's next step, never before now
local function fair_start(topic, user)
  local f = fair[topic]
  local start = math.max(NOW, f.clock[user] + FAIR_STEP)
  f.clock[user] = start
  f.moved = true
  return start
end
for i = 4, #ARGV, 13 do
  local id, topic = ARGV[i], ARGV[i + 1]
  local key = job_key(id)
  seq = seq + 1
  local unique_key = ''
  if ARGV[i + 10] ~= '' then unique_key = P .. 'unique:' .. topic .. ':' .. ARGV[i + 10] end
  local holder = unique_key ~= '' and redis.call('GET', unique_key)
  if holder and holder ~= id and redis.call('EXISTS', job_key(holder)) == 1 then
    table.insert(ids, holder)
  else
    table.insert(ids, id)
    if not maybe_ran or redis.call('EXISTS', key) == 0 then
      local run_at = NOW
      if ARGV[i + 8] ~= '' and tonumber(ARGV[i + 8]) > NOW then run_at = tonumber(ARGV[i + 8]) end
      local state, start = 'queued', run_at
      if run_at > NOW then
        state = 'delayed'
      else
        start = fair_start(topic, ARGV[i + 3])
      end
      local score = (start + tonumber(ARGV[i + 9])) * 1024 + seq % 1024
      -- empty fields are left out: readers take a missing field as ""
      local fields = {'topic', topic, 'params', ARGV[i + 2], 'max_attempts', ARGV[i + 6],
        'state', state, 'score', score, 'created', NOW}
      local optional = {'user', ARGV[i + 3], 'reply_to', ARGV[i + 4], 'route', ARGV[i + 5],
        'deadline', ARGV[i + 7], 'unique', unique_key, 'batch', ARGV[i + 12]}
      for j = 1, #optional, 2 do
        if optional[j + 1] ~= '' then
          table.insert(fields, optional[j])
          table.insert(fields, optional[j + 1])
        end
      end
      redis.call('HSET', key, unpack(fields))
      if unique_key ~= '' then redis.call('SET', unique_key, id) end
      if ARGV[i + 11] == '1' then redis.call('SADD', P .. 'topics', topic) end
      if state == 'delayed' then
        redis.call('ZADD', DELAYED, run_at, id)
      else
        redis.call('ZADD', queue_key(topic), score, id)
        woken[topic] = true
      end
    end
  end
end
for topic, f in pairs(fair) do
  if f.moved then
    local clocks = {}
    for _, user in ipairs(f.users) do
      if f.clock[user] >= NOW then
        table.insert(clocks, f.clock[user])
        table.insert(clocks, user)
      end
    end
    redis.call('ZADD', fair_key(topic), unpack(clocks))
    -- once its latest clock is past, no clock holds anybody back: the key goes
    local latest = redis.call('ZRANGE', fair_key(topic), -1, -1, 'WITHSCORES')[2]
    redis.call('PEXPIRE', fair_key(topic), tonumber(latest) - NOW + FAIR_STEP)
    -- a clock behind now no longer holds its user back: forget it
    if math.floor(seq / 128) > math.floor(first_seq / 128) then
      redis.call('ZREMRANGEBYSCORE', fair_key(topic), '-inf', '(' .. NOW)
    end
  end
end
for topic in pairs(woken) do
  redis.call('PUBLISH', P .. 'wake', topic)
end
return ids
