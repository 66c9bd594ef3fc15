#!/usr/bin/env bash
# One load against a fresh app and a throwaway redis-server, nothing else in the run: req/s, and the CPU time the app
# and Redis spend per request (user + system, from /proc). The figures docs/benchmarks.md gives as "measured alone".
#
#   src/bench/load-alone.sh floor|keys|near [JVM options...]
#   src/bench/load-alone.sh keys -Dcache.max-pipelined-lookups=1        the hit path without lookup pipelines
#
#   floor  GET /api/products with the seed's four products (no Redis)
#   keys   hits spread over KEYS synthetic products, each request its own lookup
#   near   the same with the near cache on
# Load: WARMUP (40s), DURATION (10s), CONNECTIONS (50), KEYS (1000). Needs redis-server, redis-cli, wrk, curl, python3.
set -uo pipefail
cd "$(dirname "$0")/../.."
KIND=${1:?floor, keys or near}; shift
WARMUP=${WARMUP:-40s}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
KEYS=${KEYS:-1000}
export KEYS
JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    ./mvnw -B -q package -DskipTests || exit 1
fi
products=$KEYS; options=("$@")
case "$KIND" in
    floor) products=0 ;;
    keys) ;;
    near) options+=(-Dcache.near.enabled=true) ;;
    *) echo "floor, keys or near, not $KIND"; exit 1 ;;
esac
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
APP_PORT=$(free_port)
WORK=$(mktemp -d)
APP_PID=
cleanup() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --daemonize yes \
    --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" || exit 1
java -Dcache.primary.extra-products="$products" "${options[@]}" -jar "$JAR" --port "$APP_PORT" --host 127.0.0.1 \
    --redis-host 127.0.0.1 --redis-port "$REDIS_PORT" --primary-latency-ms 150 --ttl 300s >"$WORK/app.log" 2>&1 &
APP_PID=$!
BASE="http://127.0.0.1:$APP_PORT"
for _ in $(seq 1 150); do curl -sf -o /dev/null "$BASE/api/stats" && break; sleep 0.2; done
# every load goes through the same wrk script (the floor with a fixed path), so wrk spends the same on each request
if [ "$KIND" = floor ]; then export REQUEST_PATH=/api/products; fi
target=(-s src/bench/random-product.lua "$BASE")
wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" "${target[@]}" >/dev/null
REDIS_PID=$(cat "$WORK/redis.pid")
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
app0=$(cpu "$APP_PID"); redis0=$(cpu "$REDIS_PID")
out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "${target[@]}")
app1=$(cpu "$APP_PID"); redis1=$(cpu "$REDIS_PID")
requests=$(echo "$out" | awk '/ requests in / { print $1 }')
rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
python3 -c "
ticks, n = $(getconf CLK_TCK), $requests
print('%-6s %9.0f req/s   app %5.1f us CPU/req   redis %4.1f us CPU/req   %s' % ('$KIND', $rps,
      ($app1 - $app0) * 1e6 / ticks / n, ($redis1 - $redis0) * 1e6 / ticks / n, ' '.join('${options[*]:-}'.split())))"
echo "$out" | grep -E 'Non-2xx|Socket errors'
exit 0
