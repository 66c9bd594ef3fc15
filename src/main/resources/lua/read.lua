-- KEYS[1] record key, KEYS[2] lock key; ARGV[1] caller's lock token, ARGV[2] lock TTL in ms.
-- Returns {1, pttl, {field, value, ...}} on a hit; on a miss {0, 1} if the caller now holds the lock, else {0, 0}.
-- A record key of another type is a miss (the fill replaces it). A lock left without a TTL gets one, so a
-- stray key can hold readers off for one lock TTL at most.
local fields = redis.pcall('HGETALL', KEYS[1])
if not fields.err and #fields > 0 then
    return {1, redis.call('PTTL', KEYS[1]), fields}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return {0, 1}
end
if redis.call('PTTL', KEYS[2]) == -1 then
    redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return {0, 0}
