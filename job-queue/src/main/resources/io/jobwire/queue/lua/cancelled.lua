-- cancelled: ARGV: prefix, now, retention, then ids of running jobs the broker told their
-- worker to cancel. Finishes each one still flagged as cancelled. Returns what the broker needs
-- to push `failed` (code `cancelled`) for those whose canceller asked to tell their subscribers
-- (bury-style records {id, reply_to, route, error_json}).
local retention = retentions(ARGV[3])
local told = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  local key = job_key(id)
  local job = read(key, {'cancel', 'cancel_tell', 'reply_to', 'route', unpack(LEAVING)})
  if job and job.state == 'running' and job.cancel == '1' then
    finish(key, id, 'cancelled', retention, nil, job)
    if job.cancel_tell == '1' and job.reply_to and job.reply_to ~= '' then
      table.insert(told, {id, job.reply_to, job.route or '', CANCELLED_ERROR})
    end
  end
end
return told
