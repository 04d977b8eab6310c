-- monitor: read-only. ARGV: prefix, now, failure_limit.
-- Returns {enqueued, {topic, queued, delayed, running, dead, ...}, {{id, topic, state, attempts,
-- error_json, updated}, ...}, {{topic, max_running, max_running_per_user, rate, rate_ms,
-- running}, ...}}: counts per topic, recent dead letters and delayed retries, then the flow
-- limits of the topics that have any (0 = none; running: its running set).
local limit = tonumber(ARGV[3])
local counts, order = {}, {}
local function entry(topic)
  local c = counts[topic]
  if not c then
    c = {0, 0, 0, 0}
    counts[topic] = c
    table.insert(order, topic)
  end
  return c
end
for _, topic in ipairs(redis.call('SMEMBERS', P .. 'topics')) do
  entry(topic)[1] = redis.call('ZCARD', queue_key(topic))
end
-- a job's topic lives in its hash; look at no more than 10000 members per set
local function tally(set, slot)
  for _, id in ipairs(redis.call('ZRANGE', set, 0, 9999)) do
    local topic = (read(job_key(id), {'topic'}) or {}).topic
    if topic then
      local c = entry(topic)
      c[slot] = c[slot] + 1
    end
  end
end
tally(DELAYED, 2)
tally(INFLIGHT, 3)
tally(DEAD, 4)
local flat = {}
for _, topic in ipairs(order) do
  local c = counts[topic]
  table.insert(flat, topic)
  for i = 1, 4 do table.insert(flat, c[i]) end
end
local failures = {}
-- failed_only: the delayed set also holds jobs scheduled for later (enqueue --in), which never
-- failed; a retry carries its error. Look at no more than 1000 of them for `limit` failures.
local function recent(set, failed_only)
  local found = 0
  for _, id in ipairs(redis.call('ZREVRANGE', set, 0, failed_only and 999 or limit - 1)) do
    local job = read(job_key(id), {'topic', 'state', 'attempts', 'error', 'updated'}) or {}
    local topic, state, attempts, err, updated =
      job.topic, job.state, job.attempts, job.error, job.updated
    if topic and not (failed_only and (not err or err == '')) then
      table.insert(failures, {id, topic, state or '', attempts or '0', err or '', updated or '0'})
      found = found + 1
      if found >= limit then return end
    end
  end
end
recent(DEAD, false)
recent(DELAYED, true)
local limits = {}
for _, topic in ipairs(order) do
  local f = redis.call('HMGET', flow_key(topic), 'max_running', 'max_running_per_user', 'rate',
    'rate_ms')
  if f[1] or f[2] or f[3] then
    table.insert(limits, {topic, f[1] or '0', f[2] or '0', f[3] or '0', f[4] or '1000',
      redis.call('SCARD', running_key(topic))})
  end
end
return {redis.call('GET', P .. 'seq') or '0', flat, failures, limits}
