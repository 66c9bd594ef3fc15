#!/usr/bin/env bash
# The hit path, the near cache, refresh-ahead and a stampede, measured in one run (see docs/benchmarks.md).
#
#   src/bench/benchmark.sh                              this tree's jar (rebuilt if older than the sources)
#   BASELINE_JAR=/path/to/quarkus-run.jar src/bench/benchmark.sh     the same loads against a second jar too,
#                                                                    then the ratios of this jar to it
#
# Throughput is measured in interleaved rounds. Each load has its own JVM (and its own throwaway redis-server on a
# free loopback port, never the machine's own Redis), started once and warmed up for WARMUP; then ROUNDS rounds give
# each load a TURN of wrk in turn, the order rotating from round to round. A ratio (near cache / floor, say) is taken
# within each round, from turns seconds apart, and the median over the rounds is reported with its range. On a
# shared host whose speed drifts by a quarter within seconds, loads measured minutes apart compare the host's moods
# as much as the code.
#   floor      GET /api/products (no Redis at all): what the HTTP layer of this app can do
#   keys       hits spread at random over KEYS synthetic products (each request its own Redis lookup),
#              with the Redis CPU spent per hit (usec summed over INFO commandstats / hits)
#   near       the same load with the near cache on (cache.near.enabled=true): near hits send no Redis command;
#              the Redis commands of the rounds are counted against the lookups that did go to Redis
# Every load goes through src/bench/random-product.lua (the floor with a fixed path), so wrk spends the same on each.
# Each turn also records the app's CPU time per request (user + system, from /proc).
# Then, one after the other in fresh JVMs:
#   c256       the keys load at 256 connections: non-2xx must be 0
#   stampede   1000 simultaneous readers of a just-invalidated key: primary reads
#   hot 2s     one key with a 2 s TTL and a 150 ms primary, for HOT_DURATION: p99 (expiry is the risk)
#   hot 300s   the same key with a 300 s TTL: the p99 to compare with
# LOADS chooses the throughput loads (default "new_floor new_keys new_near", plus "base_floor base_keys" with a
# BASELINE_JAR), e.g. LOADS="new_near base_near" to compare the near cache of two jars; then only the
# rounds are run.
# Load: ROUNDS (6), TURN (5s), WARMUP (40s: on 2 cores C2 is still compiling after 10 s), HOT_DURATION (20s),
# CONNECTIONS (50), THREADS (2), KEYS (1000).
# Needs redis-server, redis-cli, wrk, curl, python3. wrk, the JVMs and Redis share this machine's cores.
set -uo pipefail
cd "$(dirname "$0")/../.."

ROUNDS=${ROUNDS:-6}
TURN=${TURN:-5s}
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
WORK=$(mktemp -d)
TICKS=$(getconf CLK_TCK)
# per app, by name: its process, its base URL, the port of its redis-server
declare -A APP_PID=() APP_BASE=() APP_REDIS=()

stop_app() { # stop_app NAME
    local pid=${APP_PID[$1]:-} port=${APP_REDIS[$1]:-}
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    fi
    [ -n "$port" ] && redis-cli -p "$port" shutdown nosave >/dev/null 2>&1
    unset "APP_PID[$1]" "APP_REDIS[$1]"
    return 0
}
cleanup() {
    local name
    for name in "${!APP_PID[@]}"; do stop_app "$name"; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_app NAME JAR TTL PRODUCTS [JVM-OPTION...]: a fresh app on a fresh port with its own empty redis-server, with
# PRODUCTS synthetic products after the seed's four, and a 150 ms primary
start_app() {
    local name=$1 jar=$2 ttl=$3 products=$4; shift 4
    stop_app "$name"
    local redis_port app_port
    redis_port=$(free_port)
    mkdir -p "$WORK/$name"
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK/$name" --daemonize yes \
        --logfile "$WORK/$name/redis.log" || exit 1
    APP_REDIS[$name]=$redis_port
    app_port=$(free_port)
    APP_BASE[$name]="http://127.0.0.1:$app_port"
    # a private instance: its admin routes (stats reset, stampede) are open, as in dev mode; a baseline jar older than
    # that setting is told to ignore it rather than refuse to start
    java -Dsmallrye.config.mapping.validate-unknown=false -Dcache.admin.open=true -Dcache.primary.extra-products="$products" \
        "$@" -jar "$jar" --port "$app_port" --host 127.0.0.1 --redis-host 127.0.0.1 --redis-port "$redis_port" \
        --primary-latency-ms 150 --ttl "$ttl" >"$WORK/$name/app.log" 2>&1 &
    APP_PID[$name]=$!
    for _ in $(seq 1 150); do
        curl -sf -o /dev/null "${APP_BASE[$name]}/api/stats" && return 0
        sleep 0.2
    done
    echo "the app $name did not start:"; tail -20 "$WORK/$name/app.log"; exit 1
}
rcli() { local name=$1; shift; redis-cli -p "${APP_REDIS[$name]}" "$@"; }
# admin NAME ROUTE [BODY]: admin routes moved under /api/admin; an older jar has them at the root of /api. A failure
# stops the run: figures taken without the reset would be of the warm-up too.
admin() {
    local base=${APP_BASE[$1]} body=(); [ $# -gt 2 ] && body=(-d "$3")
    curl -sf -X POST -H 'Content-Type: application/json' "${body[@]}" "$base/api/admin/$2" \
        || curl -sf -X POST -H 'Content-Type: application/json' "${body[@]}" "$base/api/$2" \
        || { echo "POST $2 failed: is the admin route closed?" >&2; exit 1; }
}
stat() { curl -sf "${APP_BASE[$1]}/api/stats" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$2', 0))"; }
# "<pipelines> <lookups>" sent to Redis so far (cache_redis_pipelines_lookups); "0 0" for a jar without the meter
pipelines() {
    curl -sf "${APP_BASE[$1]}/q/metrics" | awk '/^cache_redis_pipelines_lookups_count/ { c = $2 }
        /^cache_redis_pipelines_lookups_sum/ { s = $2 } END { printf "%d %d\n", c, s }'
}
# the Redis commands run so far, and the usec they took, without the benchmark's own INFO and CONFIG and the
# near cache's tracking PINGs
redis_commands() {
    rcli "$1" INFO commandstats | awk -F'[=,]' '/^cmdstat_/ && !/^cmdstat_(info|config|ping)/ { n += $2; u += $4 }
        END { printf "%d %d\n", n, u }'
}
app_cpu() { awk '{ print $14 + $15 }' "/proc/${APP_PID[$1]}/stat"; }

# load NAME DURATION [CONNECTIONS]: wrk against app NAME, reading REQUEST_PATH when set, /api/products for a name
# ending in _floor, a random product otherwise; prints "rps p50_ms p99_ms non2xx cpu_us_per_request"
load() {
    local name=$1 duration=$2 connections=${3:-$CONNECTIONS} before after path=${REQUEST_PATH:-}
    [[ $name == *_floor ]] && path=/api/products
    before=$(app_cpu "$name")
    REQUEST_PATH=$path wrk -t"$THREADS" -c"$connections" -d"$duration" --latency -s src/bench/random-product.lua \
        "${APP_BASE[$name]}" >"$WORK/wrk.txt"
    after=$(app_cpu "$name")
    awk -v cpu=$(( after - before )) -v ticks="$TICKS" '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /Non-2xx/ { bad = $5 }
        / requests in / { total = $1 }
        END { printf "%s %s %s %d %.1f\n", rps, p50, p99, bad, total ? cpu * 1e6 / ticks / total : 0 }' "$WORK/wrk.txt"
}
show() { # show LABEL "rps p50 p99 non2xx cpu"
    local rps p50 p99 bad cpu
    read -r rps p50 p99 bad cpu <<<"$2"
    printf "%-34s %10.0f req/s   p50 %8.2f ms   p99 %8.2f ms   non-2xx %s   app CPU %5.1f us/req\n" "$1" "$rps" \
        "$p50" "$p99" "$bad" "$cpu"
}

# warm_up NAME DURATION: the app's load for DURATION, with the calls the benchmark itself makes (stats reset, stats,
# metrics) every half second meanwhile. Without them, the first such call after a warm-up of GETs on one route
# deoptimizes much of the HTTP stack that C2 had compiled for that traffic alone (JFR: hundreds of "unstable_if"
# deoptimizations within a millisecond of one POST), and the next seconds are measured on code being recompiled:
# the phase measured just after a stats reset came out a third or more slower than the same load measured alone.
warm_up() {
    local name=$1 base=${APP_BASE[$1]}
    ( while :; do
        # an older jar has the reset at /api/stats/reset
        curl -s -o /dev/null -X POST -H 'Content-Type: application/json' "$base/api/admin/stats/reset"
        curl -s -o /dev/null -X POST -H 'Content-Type: application/json' "$base/api/stats/reset"
        curl -s -o /dev/null "$base/api/stats"
        curl -s -o /dev/null "$base/q/metrics"
        sleep 0.5
    done ) &
    local traffic=$!
    load "$name" "$2" >/dev/null
    kill "$traffic"
    wait "$traffic" 2>/dev/null
}

# rounds LOAD...: the interleaved throughput rounds. A load is PREFIX_KIND with KIND floor, keys or near and PREFIX
# naming the jar (new, base). Writes one line per turn to $WORK/turns ("round load rps p50 p99 non2xx cpu").
rounds() {
    local loads=("$@") name jar kind
    for name in "${loads[@]}"; do
        jar=$JAR; [[ $name == base_* ]] && jar=$BASELINE_JAR
        kind=${name#*_}
        # a TTL longer than the run: no entry is refreshed ahead or reloaded during the rounds
        case $kind in
            floor) start_app "$name" "$jar" 3600s 0 ;;
            keys) start_app "$name" "$jar" 3600s "$KEYS" ;;
            near) start_app "$name" "$jar" 3600s "$KEYS" -Dcache.near.enabled=true ;;
        esac
        echo "== $name: $jar ($(java -version 2>&1 | head -1)), warming up for $WARMUP"
        warm_up "$name" "$WARMUP"
    done
    local -A before_commands=() before_pipelines=()
    for name in "${loads[@]}"; do
        [[ $name == *_floor ]] && continue
        admin "$name" stats/reset >/dev/null
        rcli "$name" CONFIG RESETSTAT >/dev/null
        before_pipelines[$name]=$(pipelines "$name")
    done
    : >"$WORK/turns"
    local round i n=${#loads[@]} result
    for round in $(seq 1 "$ROUNDS"); do
        for i in $(seq 0 $(( n - 1 ))); do
            name=${loads[$(( (i + round - 1) % n ))]}
            result=$(load "$name" "$TURN")
            echo "$round $name $result" >>"$WORK/turns"
        done
        printf "round %d:" "$round"
        awk -v r="$round" '$1 == r { printf "  %s %.0f (%.1f us)", $2, $3, $7 }' "$WORK/turns"
        echo
    done
    # what went to Redis during the rounds
    local hits lookups commands usec pipes
    for name in "${loads[@]}"; do
        [[ $name == *_floor ]] && continue
        hits=$(stat "$name" hits)
        lookups=$(( hits + $(stat "$name" misses) + $(stat "$name" negative_hits) ))
        read -r commands usec <<<"$(redis_commands "$name")"
        pipes=$(python3 -c "
b, a = '${before_pipelines[$name]}'.split(), '$(pipelines "$name")'.split()
n, l = int(a[0]) - int(b[0]), int(a[1]) - int(b[1])
print('%d lookups in %d pipelines (%.1f per pipeline)' % (l, n, l / n) if n else 'no lookup pipelines (a jar without them)')")
        if [[ $name == *_keys ]]; then
            printf "%-10s %s hits, %s us of Redis CPU per hit; %s\n" "$name" "$hits" \
                "$(python3 -c "print(round($usec / max($hits, 1), 2))")" "$pipes"
            echo "R_${name}_usec=$(python3 -c "print(round($usec / max($hits, 1), 2))")" >>"$WORK/results"
        else
            local near
            near=$(stat "$name" near_hits)
            if [ "$near" = 0 ]; then
                printf "%-10s no near hits (a jar without the near cache)\n" "$name"
            else
                printf "%-10s %s near hits; %s lookups went to Redis, %s Redis commands in all (%s per such lookup, so 0 per near hit)\n" \
                    "$name" "$near" "$lookups" "$commands" "$(python3 -c "print(round($commands / max($lookups, 1), 2))")"
            fi
        fi
    done
}

# medians: per load, the median of its turns; per pair of loads, the median of the ratios taken within each round
medians() {
    python3 - "$WORK/turns" <<'EOF'
import collections, statistics, sys
turns = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    r, name, rps, p50, p99, bad, cpu = line.split()
    turns[name][int(r)] = dict(rps=float(rps), p50=float(p50), p99=float(p99), bad=int(bad), cpu=float(cpu))
out = open(sys.argv[1] + ".r", "w")
print("%-10s %10s %9s %9s %8s %14s" % ("median", "req/s", "p50 ms", "p99 ms", "non-2xx", "app CPU us/req"))
for name, by_round in turns.items():
    med = lambda k: statistics.median(t[k] for t in by_round.values())
    print("%-10s %10.0f %9.2f %9.2f %8d %14.1f" % (name, med("rps"), med("p50"), med("p99"),
          sum(t["bad"] for t in by_round.values()), med("cpu")))
    print("R_%s_rps=%s; R_%s_cpu=%s" % (name, med("rps"), name, med("cpu")), file=out)
def ratio(a, b, key):
    rounds = sorted(set(turns.get(a, {})) & set(turns.get(b, {})))
    if not rounds:
        return None
    # req/s: a over b; CPU per request: b over a, so that above 1 means a is the cheaper
    values = [turns[a][r][key] / turns[b][r][key] if key == "rps" else turns[b][r][key] / turns[a][r][key]
              for r in rounds]
    return statistics.median(values), min(values), max(values)
pairs = [("new_keys", "new_floor"), ("new_near", "new_floor"), ("new_near", "new_keys")]
pairs += [("new_" + kind, "base_" + kind) for kind in ("floor", "keys", "near")]
for a, b in pairs:
    for key in ("rps", "cpu"):
        r = ratio(a, b, key)
        if r:
            print("Q_%s_%s_%s='%.2f (%.2f-%.2f)'" % (a, b, key, *r), file=out)
EOF
}

echo "== machine: $(nproc) cores; redis $(redis-server --version | awk '{print $3}'); wrk -t$THREADS -c$CONNECTIONS"
: >"$WORK/results"
ONLY_ROUNDS=
if [ -n "${LOADS:-}" ]; then
    read -ra LOADS <<<"$LOADS"
    ONLY_ROUNDS=yes
else
    LOADS=(new_floor new_keys new_near)
    [ -n "$BASELINE_JAR" ] && LOADS+=(base_floor base_keys)
fi
echo "== throughput: $ROUNDS rounds of a $TURN turn per load, in rotating order, after $WARMUP of warm-up each"
rounds "${LOADS[@]}"
medians
# shellcheck disable=SC1090
source "$WORK/turns.r"
source "$WORK/results"

if [ -n "$ONLY_ROUNDS" ]; then
    echo "== ratios within rounds (median, range)"
    for q in $(compgen -v Q_); do printf "%-34s %s\n" "${q#Q_}" "${!q}"; done
    exit 0
fi

# each jar's 256-connection load (on its warm keys app), stampede (on its near app, or keys app for a jar without
# one) and hot key
R_new_c256_bad=; R_new_stampede=
for p in new ${BASELINE_JAR:+base}; do
    echo "== $p: one after the other"
    result=$(load "${p}_keys" 10s 256)
    show "hits over $KEYS keys (-c256)" "$result"
    eval "R_${p}_c256_bad=$(echo "$result" | awk '{ print $4 }')"
    target=${p}_near; [ -z "${APP_PID[$target]:-}" ] && target=${p}_keys
    report=$(admin "$target" stampede '{"id":"p-002","concurrency":1000}') || exit 1
    eval "R_${p}_stampede=$(echo "$report" | python3 -c 'import json,sys; print(json.load(sys.stdin)["primary_reads"])')"
    echo "$report" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%-34s %d readers, %d primary read(s), %d coalesced, %.1f ms" % ("stampede", r["concurrency"], r["primary_reads"], r["coalesced"], r["elapsed_ms"]))'
done
for name in "${!APP_PID[@]}"; do stop_app "$name"; done

hot() { # hot PREFIX JAR TTL
    local name=$1_hot
    start_app "$name" "$2" "${3}s" 0
    REQUEST_PATH=/api/products/p-003 warm_up "$name" "$WARMUP"
    curl -sf -o /dev/null "${APP_BASE[$name]}/api/products/p-001"
    admin "$name" stats/reset >/dev/null
    local result
    result=$(REQUEST_PATH=/api/products/p-001 load "$name" "$HOT_DURATION")
    show "hot key, TTL ${3}s ($HOT_DURATION)" "$result"
    printf "%-34s %s primary reads, %s refreshed ahead, %s misses\n" "" "$(stat "$name" primary_reads_total)" \
        "$(stat "$name" refreshes)" "$(stat "$name" misses)"
    eval "R_$1_hot$3_p99=$(echo "$result" | awk '{ print $3 }')"
    stop_app "$name"
}
for p in new ${BASELINE_JAR:+base}; do
    jar=$JAR; [ "$p" = base ] && jar=$BASELINE_JAR
    echo "== $p: hot key ($jar)"
    hot "$p" "$jar" 300
    hot "$p" "$jar" 2
done

ratio() { python3 -c "print('%.2f' % ($1 / $2) if $2 else 'n/a')"; }
echo "== targets (this jar; ratios are medians over the rounds, with their range)"
echo "Redis CPU per hit:            $R_new_keys_usec us (target <= 1.5)"
echo "hits / HTTP floor:            $Q_new_keys_new_floor_rps (target >= 0.5); by app CPU per request: $Q_new_keys_new_floor_cpu"
echo "near cache / HTTP floor:      $Q_new_near_new_floor_rps (target >= 0.85); by app CPU per request: $Q_new_near_new_floor_cpu"
echo "near cache / Redis-only hits: $Q_new_near_new_keys_rps (target >= 2.5); by app CPU per request: $Q_new_near_new_keys_cpu"
echo "hot key p99, TTL 2s / 300s:   $(ratio "$R_new_hot2_p99" "$R_new_hot300_p99") (target <= 2)"
echo "stampede primary reads:       $R_new_stampede (target 1)"
echo "non-2xx at -c256:             $R_new_c256_bad (target 0)"
if [ -n "$BASELINE_JAR" ]; then
    echo "hits over $KEYS keys, this / baseline: $Q_new_keys_base_keys_rps (target >= 1.6); by app CPU per hit: $Q_new_keys_base_keys_cpu"
    echo "Redis CPU per hit, baseline / this:   $(ratio "$R_base_keys_usec" "$R_new_keys_usec")"
fi
exit 0
