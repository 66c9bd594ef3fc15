-- KEYS[1] lock key; ARGV[1] caller's lock token.
-- Returns 1 if the caller's lock was deleted; 0 if the lock had expired or belongs to someone else.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
