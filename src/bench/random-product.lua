-- wrk script: each request reads one of KEYS synthetic products (b-000000000000 ...), chosen at random,
-- so that concurrent requests rarely share a lookup and the hit path really goes to Redis.
-- With REQUEST_PATH set, every request is a GET of that path instead: a load that should cost wrk the same
-- per request as the random one (benchmark.sh's floor and hot key).
local keys = tonumber(os.getenv("KEYS") or "1000")
local fixed = os.getenv("REQUEST_PATH")
if fixed == "" then
    fixed = nil
end

function setup(thread)
    thread:set("seed", math.random(1, 1000000))
end

function init(args)
    math.randomseed(seed)
end

function request()
    if fixed then
        return wrk.format("GET", fixed)
    end
    return wrk.format("GET", string.format("/api/products/b-%012d", math.random(0, keys - 1)))
end
