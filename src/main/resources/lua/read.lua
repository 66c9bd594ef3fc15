-- KEYS[1] record key, KEYS[2] lock key; ARGV[1] caller's lock token, ARGV[2] lock TTL in ms.
-- Returns {1, pttl, {field, value, ...}} on a hit; on a miss {0, 1} if the caller now holds the lock, else {0, 0}.
local fields = redis.call('HGETALL', KEYS[1])
if #fields > 0 then
    return {1, redis.call('PTTL', KEYS[1]), fields}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return {0, 1}
end
return {0, 0}
