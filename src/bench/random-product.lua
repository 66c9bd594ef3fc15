-- wrk script: each request reads one of KEYS synthetic products (b-000000000000 ...), chosen at random,
-- so that concurrent requests rarely share a lookup and the hit path really goes to Redis.
local keys = tonumber(os.getenv("KEYS") or "1000")

function setup(thread)
    thread:set("seed", math.random(1, 1000000))
end

function init(args)
    math.randomseed(seed)
end

function request()
    return wrk.format("GET", string.format("/api/products/b-%012d", math.random(0, keys - 1)))
end
