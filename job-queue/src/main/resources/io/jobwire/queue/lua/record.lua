-- record: read-only. ARGV: prefix, now, id. A job's fields as a flat {name, value, ...} list, from
-- its hash (unfinished and dead jobs) or its compact record (finished jobs, see finish in
-- common.lua); {} when unknown.
local key = job_key(ARGV[3])
local fields = redis.pcall('HGETALL', key)
if not fields.err then return fields end
local r = cjson.decode(redis.call('GET', key))
local flat = {'state', r.s, 'topic', r.t, 'attempts', tostring(r.a), 'created',
  string.format('%d', r.c), 'updated', string.format('%d', r.m)}
if r.u then
  table.insert(flat, 'user')
  table.insert(flat, r.u)
end
if r.e then
  table.insert(flat, 'error')
  table.insert(flat, r.e)
end
return flat
