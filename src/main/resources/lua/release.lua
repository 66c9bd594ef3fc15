-- KEYS[1] record key (unused; keeps every script's keys alike), KEYS[2] lock key; ARGV[1] caller's lock token.
-- Returns 1 if the caller's lock was deleted; 0 if the lock had expired or belongs to someone else.
-- pcall: a lock key of another type is simply not the caller's lock
if redis.pcall('GET', KEYS[2]) == ARGV[1] then
    return redis.call('DEL', KEYS[2])
end
return 0
