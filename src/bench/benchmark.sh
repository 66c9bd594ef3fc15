#!/usr/bin/env bash
# The hit path, refresh-ahead and a stampede, measured in one run (see docs/benchmarks.md).
#
#   src/bench/benchmark.sh                              this tree's jar (rebuilt if older than the sources)
#   BASELINE_JAR=/path/to/quarkus-run.jar src/bench/benchmark.sh     the same loads against a second jar too,
#                                                                    then the ratios of this jar to it
#
# For each jar, against a throwaway redis-server on a free loopback port (never the machine's own Redis):
#   floor      GET /api/products (no Redis at all): what the HTTP layer of this app can do
#   keys       hits spread at random over KEYS synthetic products (each request its own Redis lookup),
#              with the Redis CPU spent per hit (usec summed over INFO commandstats / hits)
#   c256       the same at 256 connections: non-2xx must be 0
#   near       the same load as keys with the near cache on (cache.near.enabled=true): near hits send no Redis
#              command; the Redis commands of the run are counted against the lookups that did go to Redis
#   hot 2s     one key with a 2 s TTL and a 150 ms primary, for HOT_DURATION: p99 (expiry is the risk)
#   hot 300s   the same key with a 300 s TTL: the p99 to compare with
#   stampede   1000 simultaneous readers of a just-invalidated key: primary reads
# Each phase starts the jar afresh and warms it up for WARMUP before it measures, so no figure is of a cold JIT. Each
# load also prints the app's CPU time per request (user + system, from /proc): steadier than req/s, which swings
# with how wrk, the JVM and Redis share the cores.
# Load: DURATION (10s), HOT_DURATION (20s), WARMUP (40s: on 2 cores C2 is still compiling after 10 s), CONNECTIONS (50), THREADS (2), KEYS (1000).
# Needs redis-server, redis-cli, wrk, curl, python3. wrk, the JVM and Redis share this machine's cores.
set -uo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
HOT_DURATION=${HOT_DURATION:-20s}
WARMUP=${WARMUP:-40s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
KEYS=${KEYS:-1000}
JAR=target/quarkus-app/quarkus-run.jar
BASELINE_JAR=${BASELINE_JAR:-}
export KEYS

for tool in redis-server redis-cli wrk curl python3; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install redis-server redis-tools wrk curl)"; exit 1; }
done
if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    echo "== building $JAR (missing or older than the sources)"
    ./mvnw -B -q package -DskipTests || exit 1
fi
if [ -n "$BASELINE_JAR" ] && [ ! -f "$BASELINE_JAR" ]; then
    echo "BASELINE_JAR=$BASELINE_JAR: no such file"; exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
REDIS_PORT=$(free_port)
WORK=$(mktemp -d)
APP_PID=
stop_app() {
    if [ -n "$APP_PID" ]; then
        kill "$APP_PID" 2>/dev/null
        wait "$APP_PID" 2>/dev/null
        APP_PID=
    fi
    return 0
}
cleanup() {
    stop_app
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK" --daemonize yes \
    --logfile "$WORK/redis.log" || exit 1
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }

# start_app JAR TTL PRODUCTS [JVM-OPTION]: a fresh app on a fresh port and an empty Redis, with PRODUCTS synthetic
# products after the seed's four, and a 150 ms primary
start_app() {
    stop_app
    rcli FLUSHALL >/dev/null
    APP_PORT=$(free_port)
    BASE="http://127.0.0.1:$APP_PORT"
    # a private instance: its admin routes (stats reset, stampede) are open, as in dev mode; a baseline jar older than
    # that setting is told to ignore it rather than refuse to start
    java -Dsmallrye.config.mapping.validate-unknown=false -Dcache.admin.open=true -Dcache.primary.extra-products="$3" ${4:-} -jar "$1" --port "$APP_PORT" --host 127.0.0.1 \
        --redis-host 127.0.0.1 --redis-port "$REDIS_PORT" --primary-latency-ms 150 --ttl "$2" \
        >"$WORK/app.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 150); do
        curl -sf -o /dev/null "$BASE/api/stats" && return 0
        sleep 0.2
    done
    echo "the app did not start:"; tail -20 "$WORK/app.log"; exit 1
}
# admin routes moved under /api/admin; an older jar has them at the root of /api. A failure stops the run: figures
# taken without the reset would be of the warm-up too.
admin() {
    local body=(); [ $# -gt 1 ] && body=(-d "$2")
    curl -sf -X POST -H 'Content-Type: application/json' "${body[@]}" "$BASE/api/admin/$1" \
        || curl -sf -X POST -H 'Content-Type: application/json' "${body[@]}" "$BASE/api/$1" \
        || { echo "POST $1 failed: is the admin route closed?" >&2; exit 1; }
}
stat() { curl -sf "$BASE/api/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
# "<pipelines> <lookups>" sent to Redis so far (cache_redis_pipelines_lookups); "0 0" for a jar without the meter
pipelines() {
    curl -sf "$BASE/q/metrics" | awk '/^cache_redis_pipelines_lookups_count/ { c = $2 } /^cache_redis_pipelines_lookups_sum/ { s = $2 }
        END { printf "%d %d\n", c, s }'
}

# app_cpu: CPU ticks (user + system) the app has used so far
app_cpu() { awk '{ print $14 + $15 }' "/proc/$APP_PID/stat"; }
TICKS=$(getconf CLK_TCK)

# wrk_run NAME wrk-args...: runs wrk with latency, records rps, p50 and p99 (ms), non-2xx, and the app's CPU per
# request (us): the steadier figure on a machine where wrk, the JVM and Redis share the cores
wrk_run() {
    local name=$1; shift
    local before after
    before=$(app_cpu)
    wrk -t"$THREADS" --latency "$@" >"$WORK/$name.txt"
    after=$(app_cpu)
    eval "$(awk -v n="$name" -v cpu=$(( after - before )) -v ticks="$TICKS" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Non-2xx/ { bad = $5 }
        / requests in / { total = $1 }
        END { printf "R_%s_rps=%s; R_%s_p50=%s; R_%s_p99=%s; R_%s_bad=%d; R_%s_cpu=%.1f\n", n, rps, n, p50, n, p99, n, bad,
              n, total ? cpu * 1e6 / ticks / total : 0 }' \
        "$WORK/$name.txt")"
}
show() { # show NAME LABEL
    local rps="R_$1_rps" p50="R_$1_p50" p99="R_$1_p99" bad="R_$1_bad" cpu="R_$1_cpu"
    printf "%-34s %10.0f req/s   p50 %8.2f ms   p99 %8.2f ms   non-2xx %s   app CPU %5.1f us/req\n" "$2" "${!rps}" \
        "${!p50}" "${!p99}" "${!bad}" "${!cpu}"
}

# suite PREFIX JAR: every measurement of one jar, recorded under PREFIX
suite() {
    local p=$1 jar=$2
    echo "== $p: $jar ($(java -version 2>&1 | head -1))"
    start_app "$jar" 300s 0
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$BASE/api/products" >/dev/null
    wrk_run "${p}_floor" -c"$CONNECTIONS" -d"$DURATION" "$BASE/api/products"
    show "${p}_floor" "floor: GET /api/products (4 ids)"

    start_app "$jar" 300s "$KEYS"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s src/bench/random-product.lua "$BASE" >/dev/null
    admin stats/reset >/dev/null
    rcli CONFIG RESETSTAT >/dev/null
    local before after
    before=$(pipelines)
    wrk_run "${p}_keys" -c"$CONNECTIONS" -d"$DURATION" -s src/bench/random-product.lua "$BASE"
    after=$(pipelines)
    local hits usec
    hits=$(stat hits)
    usec=$(rcli INFO commandstats | awk -F'[=,]' '/^cmdstat_/ && !/^cmdstat_(info|config)/ { s += $4 } END { print s + 0 }')
    eval "R_${p}_usec=$(python3 -c "print(round($usec / max($hits, 1), 2))")"
    show "${p}_keys" "hits over $KEYS keys (-c$CONNECTIONS)"
    local u="R_${p}_usec"
    printf "%-34s %s us of Redis CPU per hit (%s hits, %s looked Redis up; coalesced %s)\n" "" "${!u}" "$hits" \
        "$(( $(stat hits) + $(stat misses) ))" "$(stat coalesced)"
    rcli INFO commandstats | grep -E '^cmdstat_(hgetall|pttl|evalsha)' | sed 's/^/                                   /'
    python3 -c "
b, a = '$before'.split(), '$after'.split()
n, l = int(a[0]) - int(b[0]), int(a[1]) - int(b[1])
print('%-34s %s' % ('', '%d lookups in %d pipelines: %.1f lookups per pipeline' % (l, n, l / n) if n else 'no lookup pipelines (a jar without them)'))"

    wrk_run "${p}_c256" -c256 -d"$DURATION" -s src/bench/random-product.lua "$BASE"
    show "${p}_c256" "hits over $KEYS keys (-c256)"

    # an older jar has no near cache: it answers no near_hits, and the phase says so
    start_app "$jar" 300s "$KEYS" -Dcache.near.enabled=true
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s src/bench/random-product.lua "$BASE" >/dev/null
    admin stats/reset >/dev/null
    rcli CONFIG RESETSTAT >/dev/null
    wrk_run "${p}_near" -c"$CONNECTIONS" -d"$DURATION" -s src/bench/random-product.lua "$BASE"
    show "${p}_near" "near cache on, $KEYS keys (-c$CONNECTIONS)"
    local near redis_lookups commands
    near=$(curl -sf "$BASE/api/stats" | python3 -c "import json,sys; print(json.load(sys.stdin).get('near_hits', 0))")
    redis_lookups=$(( $(stat hits) + $(stat misses) + $(stat negative_hits) ))
    commands=$(rcli INFO commandstats | awk -F'[=,]' '/^cmdstat_/ && !/^cmdstat_(info|config|ping)/ { s += $2 } END { print s + 0 }')
    if [ "$near" = 0 ]; then
        printf "%-34s no near hits (a jar without the near cache)\n" ""
    else
        printf "%-34s %s near hits; %s lookups went to Redis, %s Redis commands in all (%s per such lookup, so 0 per near hit)\n" \
            "" "$near" "$redis_lookups" "$commands" "$(python3 -c "print(round($commands / max($redis_lookups, 1), 2))")"
    fi
    eval "R_${p}_near_hits=$near"
    rcli INFO commandstats | grep -E '^cmdstat_(hgetall|pttl|evalsha|ping)' | sed 's/^/                                   /'

    local report
    report=$(admin stampede '{"id":"p-002","concurrency":1000}') || exit 1
    eval "R_${p}_stampede=$(echo "$report" | python3 -c 'import json,sys; print(json.load(sys.stdin)["primary_reads"])')"
    echo "$report" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%-34s %d readers, %d primary read(s), %d coalesced, %.1f ms" % ("stampede", r["concurrency"], r["primary_reads"], r["coalesced"], r["elapsed_ms"]))'

    for ttl in 300 2; do
        start_app "$jar" "${ttl}s" 0
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$BASE/api/products/p-003" >/dev/null
        curl -sf -o /dev/null "$BASE/api/products/p-001"
        admin stats/reset >/dev/null
        wrk_run "${p}_hot${ttl}" -c"$CONNECTIONS" -d"$HOT_DURATION" "$BASE/api/products/p-001"
        show "${p}_hot${ttl}" "hot key, TTL ${ttl}s ($HOT_DURATION)"
        printf "%-34s %s primary reads, %s refreshed ahead, %s misses\n" "" "$(stat primary_reads_total)" \
            "$(curl -sf "$BASE/api/stats" | python3 -c "import json,sys; print(json.load(sys.stdin).get('refreshes', 'n/a'))")" \
            "$(stat misses)"
    done
    stop_app
}

echo "== machine: $(nproc) cores; redis $(redis-server --version | awk '{print $3}'); wrk -t$THREADS"
suite new "$JAR"
[ -n "$BASELINE_JAR" ] && suite base "$BASELINE_JAR"

ratio() { python3 -c "print('%.2f' % ($1 / $2) if $2 else 'n/a')"; }
echo "== targets (this jar)"
echo "Redis CPU per hit:            $R_new_usec us (target <= 1.5)"
echo "hits / HTTP floor:            $(ratio "$R_new_keys_rps" "$R_new_floor_rps") (target >= 0.5); by app CPU per request: $(ratio "$R_new_floor_cpu" "$R_new_keys_cpu")"
echo "hot key p99, TTL 2s / 300s:   $(ratio "$R_new_hot2_p99" "$R_new_hot300_p99") (target <= 2)"
echo "stampede primary reads:       $R_new_stampede (target 1)"
echo "near cache / HTTP floor:      $(ratio "$R_new_near_rps" "$R_new_floor_rps") (target >= 0.85); by app CPU per request: $(ratio "$R_new_floor_cpu" "$R_new_near_cpu")"
echo "near cache / Redis-only hits: $(ratio "$R_new_near_rps" "$R_new_keys_rps") (target >= 2.5); by app CPU per request: $(ratio "$R_new_keys_cpu" "$R_new_near_cpu")"
echo "non-2xx at -c256:             $R_new_c256_bad (target 0)"
if [ -n "$BASELINE_JAR" ]; then
    echo "hits over $KEYS keys, this / baseline: $(ratio "$R_new_keys_rps" "$R_base_keys_rps") (target >= 1.6); app CPU per hit, baseline / this: $(ratio "$R_base_keys_cpu" "$R_new_keys_cpu")"
    echo "Redis CPU per hit, baseline / this:   $(ratio "$R_base_usec" "$R_new_usec")"
fi
exit 0
