-- common.lua: prepended to every jobwire script (see RedisKeys for the key layout).
-- ARGV[1] is the key prefix "jobwire:{NS}:", ARGV[2] the caller's clock in epoch ms.
-- Every state change below follows the transition table in JobLifecycle.java.
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local INFLIGHT = P .. 'inflight'
local DELAYED = P .. 'delayed'
local DEAD = P .. 'dead'
local DEADLINES = P .. 'deadlines'
-- a job's 'rerouted' field names the worker whose attempt was rerouted away (reroute.lua), with
-- this suffix once that worker reported the lost attempt over
local LOST_ATTEMPT_OVER = '|over'

local function job_key(id) return P .. 'job:' .. id end
local function queue_key(topic) return P .. 'queue:' .. topic end

-- a finished job keeps its record for `retention` ms (0 = forever)
local function finish(key, id, state, retention, error_json)
  redis.call('ZREM', INFLIGHT, id)
  redis.call('ZREM', DELAYED, id)
  redis.call('ZREM', DEADLINES, id)
  redis.call('HSET', key, 'state', state, 'updated', NOW)
  local unique_key = redis.call('HGET', key, 'unique')
  if unique_key and unique_key ~= '' and redis.call('GET', unique_key) == id then
    redis.call('DEL', unique_key)
  end
  if error_json and error_json ~= '' then redis.call('HSET', key, 'error', error_json) end
  if retention > 0 then redis.call('PEXPIRE', key, retention) end
end

-- to the dead letters; returns what the broker needs to push `failed` to the front end
local function bury(key, id, error_json, dead_retention)
  finish(key, id, 'dead', dead_retention, error_json)
  redis.call('ZADD', DEAD, NOW, id)
  if dead_retention > 0 then
    redis.call('ZREMRANGEBYSCORE', DEAD, '-inf', NOW - dead_retention)
  end
  local reply_to, route = unpack(redis.call('HMGET', key, 'reply_to', 'route'))
  return {id, reply_to or '', route or '', error_json}
end

-- back to its topic's queue at its original rank (score; seq for jobs from before scores);
-- returns the topic
local function requeue(key, id)
  local topic, seq, score = unpack(redis.call('HMGET', key, 'topic', 'seq', 'score'))
  redis.call('ZREM', INFLIGHT, id)
  redis.call('ZREM', DELAYED, id)
  redis.call('HSET', key, 'state', 'queued', 'updated', NOW)
  redis.call('HDEL', key, 'worker')
  redis.call('ZADD', queue_key(topic), tonumber(score or seq), id)
  return topic
end

-- a running job lost its worker or its lease. Its attempt is spent: it runs again while it has
-- attempts left, is finished as cancelled if cancel was asked, else goes to the dead letters.
-- Appends to `topics` (requeued) or `dead` (buried) and returns the new state.
local function recover(id, retention, dead_retention, lost_error, topics, dead)
  local key = job_key(id)
  local state, attempts, max_attempts, cancel =
    unpack(redis.call('HMGET', key, 'state', 'attempts', 'max_attempts', 'cancel'))
  if state ~= 'running' then
    redis.call('ZREM', INFLIGHT, id)
    return state
  end
  if cancel == '1' then
    finish(key, id, 'cancelled', retention, nil)
    return 'cancelled'
  end
  if tonumber(attempts) >= tonumber(max_attempts) then
    table.insert(dead, bury(key, id, lost_error, dead_retention))
    return 'dead'
  end
  table.insert(topics, requeue(key, id))
  return 'queued'
end
