-- cancelled: ARGV: prefix, now, retention, then ids of running jobs the broker told their
-- worker to cancel. Finishes each one still flagged as cancelled. Returns the number finished.
local retention = retentions(ARGV[3])
local done = 0
for i = 4, #ARGV do
  local id = ARGV[i]
  local key = job_key(id)
  local job = read(key, {'cancel', unpack(LEAVING)})
  if job and job.state == 'running' and job.cancel == '1' then
    finish(key, id, 'cancelled', retention, nil, job)
    done = done + 1
  end
end
return done
