-- batch_queued: ARGV: prefix, now, batch id, retention ms, then ids of its jobs just queued (from
-- batch:ID:ready). Takes them off ready and drops their specs. A complete batch with nothing left
-- to queue is closed: its keys kept for `retention` (0: for ever), so that its status stays
-- readable and a late redo finds its children counted. Returns what is still ready (a child freed
-- meanwhile), -1 when the batch is closed (the caller takes it off the open ones), -2 when it is
-- unknown (not created yet, or expired).
-- KEYS: the batch's keys (RedisKeys#batchKeys): batch:ID, its children, jobs and ready.
local id, retention = ARGV[3], tonumber(ARGV[4])
local b, children, jobs, ready = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
for i = 5, #ARGV do
  redis.call('SREM', ready, ARGV[i])
  redis.call('HDEL', jobs, ARGV[i])
end
local left = redis.call('SCARD', ready)
local state = redis.call('HGET', b, 'state')
if not state then return -2 end
if left == 0 and state == 'complete' then
  if retention > 0 then
    for _, key in ipairs({b, children, jobs}) do redis.call('PEXPIRE', key, retention) end
  end
  return -1
end
return left
