-- KEYS[1] record key (unused; keeps every script's keys alike), KEYS[2] lock key; ARGV[1] caller's lock token, ARGV[2] lock TTL in ms.
-- Returns 1 if the caller's lock now lives ARGV[2] ms more; 0 if it was lost (expired, or deleted by an invalidation).
-- pcall: a lock key of another type is simply not the caller's lock
if redis.pcall('GET', KEYS[2]) == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[2], ARGV[2])
end
return 0
