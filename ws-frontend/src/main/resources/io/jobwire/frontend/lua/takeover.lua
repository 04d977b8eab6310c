-- takeover: ARGV: prefix, subscription id, me (front end id), user ('' when anonymous).
-- A client resumes here a subscription that another front end held (alive or not). Takes it over
-- (fe := me) when it exists and belongs to this user, and returns {'ok', old owner, meta fields
-- (HGETALL, flat), history (oldest first)}; else {'unknown'} or {'forbidden'}.
local P, id, me, user = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local meta, history = P .. 'sub:' .. id, P .. 'sub:' .. id .. ':history'
local fields = redis.call('HGETALL', meta)
if #fields == 0 then return {'unknown'} end
if (redis.call('HGET', meta, 'user') or '') ~= user then return {'forbidden'} end
local old = redis.call('HGET', meta, 'fe') or ''
redis.call('HSET', meta, 'fe', me)
return {'ok', old, fields, redis.call('LRANGE', history, 0, -1)}
