-- notices: KEYS: the topic's keys; ARGV: prefix, now, limit. Pops up to `limit` of the topic's
-- notices that cancel.lua left for a broker to send (bury-style records {id, reply_to, route, error_json}); each goes to one broker only.
local popped = redis.call('LPOP', NOTICES, tonumber(ARGV[3]))
local out = {}
if not popped then return out end
for _, text in ipairs(popped) do table.insert(out, cjson.decode(text)) end
return out
