#!/usr/bin/env bash
# Benchmark of the hit path and of a stampede, next to redis-benchmark on the same machine, in one run.
#
#   src/bench/benchmark.sh            (DURATION=10s CONNECTIONS=256 THREADS=2 to change the load)
#
# Starts a throwaway redis-server and the packaged application on free loopback ports, warms one key,
# then prints: hit req/s, p50 and p99 under wrk, on one hot key and spread over KEYS keys; redis-benchmark
# HGETALL of the same keys; the application's stampede test at 1000 readers. Needs redis-server,
# redis-benchmark, wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
KEYS=${KEYS:-1000}
CONNECTIONS=${CONNECTIONS:-256}
THREADS=${THREADS:-2}
JAR=target/quarkus-app/quarkus-run.jar

for tool in redis-server redis-benchmark wrk curl; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install redis-server redis-tools wrk curl)"; exit 1; }
done
[ -f "$JAR" ] || ./mvnw -B -q package -DskipTests

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
APP_PORT=$(free_port)
WORK=$(mktemp -d)
cleanup() {
    [ -n "${APP_PID:-}" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --daemonize yes \
    --logfile "$WORK/redis.log"
java -Dcache.primary.extra-products="$KEYS" -jar "$JAR" --port "$APP_PORT" --host 127.0.0.1 --redis-port "$REDIS_PORT" --redis-host 127.0.0.1 \
    --primary-latency-ms 150 >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$APP_PORT/api/stats" >/dev/null && break
    sleep 0.2
done
URL="http://127.0.0.1:$APP_PORT/api/products/p-001"
report() {
    awk '
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        /requests in/ { total = $1 }
        /Non-2xx/ { non2xx = $5 }
        /Socket errors/ { sock = $0 }
        END {
            printf "hit: %s req/s, p50 %s, p99 %s, %s requests, non-2xx %s\n", rps, p50, p99, total, (non2xx == "" ? 0 : non2xx)
            if (sock != "") print "   " sock
        }' "$1"
}
curl -sf "$URL" >/dev/null
echo "== machine: $(nproc) cores; redis $(redis-server --version | awk '{print $3}'); $(java -version 2>&1 | head -1)"

echo "== warm-up (3s, not counted)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$URL" >/dev/null

echo "== GET /api/products/p-001 (hit) with wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
curl -sf -X POST "http://127.0.0.1:$APP_PORT/api/admin/stats/reset" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$URL" >"$WORK/wrk.txt"
report "$WORK/wrk.txt"

curl -sf "http://127.0.0.1:$APP_PORT/api/stats" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   of these, %d looked Redis up themselves and %d joined a lookup already in flight" % (r["hits"] + r["misses"], r["coalesced"]))'

echo "== redis-benchmark HGETALL of the same hash (50 clients, 200000 requests)"
redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c 50 -n 200000 --csv HGETALL 'cache:product:{p-001}' 2>/dev/null \
    | awk -F, 'NR == 2 { gsub(/"/, ""); split($0, f, ","); printf "redis HGETALL: %s req/s, p50 %s ms, p99 %s ms\n", f[2], f[5], f[7] }'

SPREAD_URL="http://127.0.0.1:$APP_PORT"
echo "== GET /api/products/{one of $KEYS} (hits after a warm-up) with wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
KEYS=$KEYS wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s src/bench/random-product.lua "$SPREAD_URL" >/dev/null
curl -sf -X POST "http://127.0.0.1:$APP_PORT/api/admin/stats/reset" >/dev/null
KEYS=$KEYS wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s src/bench/random-product.lua "$SPREAD_URL" \
    >"$WORK/wrk-spread.txt"
report "$WORK/wrk-spread.txt"
curl -sf "http://127.0.0.1:$APP_PORT/api/stats" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("   of these, %d hits, %d misses, %d joined a lookup already in flight" % (r["hits"], r["misses"], r["coalesced"]))'
echo "== redis-benchmark HGETALL over the same $KEYS hashes (50 clients, 200000 requests)"
redis-benchmark -h 127.0.0.1 -p "$REDIS_PORT" -c 50 -n 200000 -r "$KEYS" --csv \
    HGETALL 'cache:product:{b-__rand_int__}' 2>/dev/null \
    | awk -F, 'NR == 2 { gsub(/"/, ""); split($0, f, ","); printf "redis HGETALL: %s req/s, p50 %s ms, p99 %s ms\n", f[2], f[5], f[7] }'

echo "== stampede: 1000 readers of a just-invalidated key"
curl -sf -X POST -H 'Content-Type: application/json' -d '{"id":"p-002","concurrency":1000}' \
    "http://127.0.0.1:$APP_PORT/api/admin/stampede" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin); print("stampede: %d readers, %d primary read(s), %d coalesced, %.1f ms" % (r["concurrency"], r["primary_reads"], r["coalesced"], r["elapsed_ms"]))'

echo "== primary reads in all: $(curl -sf "http://127.0.0.1:$APP_PORT/api/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["primary_reads_total"])')"
