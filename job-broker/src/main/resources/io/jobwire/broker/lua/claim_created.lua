-- claim_created: claim.lua, defined above as the function claim(), then in the same call the
-- enqueue time ('created', epoch ms; '' when unknown) of each job claimed, for the broker's
-- enqueue->start timer. Returns {claimed, expired, created} (created[i] is claimed[i]'s).
local reply = claim()
local created = {}
for i, job in ipairs(reply[1]) do
  created[i] = redis.call('HGET', job_key(job[1]), 'created') or ''
end
reply[3] = created
return reply
