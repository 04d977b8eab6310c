-- ack: ARGV: prefix, now, retention, then job ids reported done.
-- Marks each unfinished job succeeded (even one already requeued after its worker was taken
-- for dead: its result was delivered). Returns the number of jobs marked.
local retention = tonumber(ARGV[3])
local marked = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  local key = job_key(id)
  local state, topic = unpack(redis.call('HMGET', key, 'state', 'topic'))
  if state == 'running' or state == 'queued' or state == 'delayed' then
    if state == 'queued' then redis.call('ZREM', queue_key(topic), id) end
    finish(key, id, 'succeeded', retention, nil)
    redis.call('HDEL', key, 'cancel')
    marked = marked + 1
  end
end
return marked
