-- KEYS[1] record key, KEYS[2] lock key.
-- Returns 1 if a record was deleted, else 0. Deleting the lock too revokes any load in flight: its fill will be refused.
local deleted = redis.call('DEL', KEYS[1])
redis.call('DEL', KEYS[2])
return deleted
