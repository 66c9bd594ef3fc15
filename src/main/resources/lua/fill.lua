-- KEYS[1] record key, KEYS[2] lock key; ARGV[1] caller's lock token, ARGV[2] record TTL in ms, ARGV[3..] field, value, ...
-- Returns 1 if the record was written and the lock released; 0 if the lock is no longer the caller's (nothing written).
-- pcall: a lock key of another type is simply not the caller's lock
if redis.pcall('GET', KEYS[2]) ~= ARGV[1] then
    return 0
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('DEL', KEYS[2])
return 1
