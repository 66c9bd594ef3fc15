#!/usr/bin/env bash
# Where the JVM spends its time on the hit path: the packaged app under JFR, hits spread over KEYS keys with
# wrk, then the hottest frames of the execution samples, by the top frame and by the first frame of ours or
# of a library that the hit path calls (Jackson, SmallRye Fault Tolerance, Mutiny, Micrometer, the Redis
# client, Vert.x).
#
#   src/bench/profile-hits.sh            (DURATION=20s CONNECTIONS=50 KEYS=1000 TOP=25)
#   JAVA_OPTS=-Dcache.near.enabled=true src/bench/profile-hits.sh      the same with the near cache on
#
# Needs redis-server, redis-cli, wrk, curl, python3, and the JDK's jfr tool. Uses its own redis-server.
set -uo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-50}
KEYS=${KEYS:-1000}
TOP=${TOP:-25}
export KEYS
JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ] || [ -n "$(find src/main pom.xml -newer "$JAR" -print -quit)" ]; then
    ./mvnw -B -q package -DskipTests || exit 1
fi
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
    --logfile "$WORK/redis.log" || exit 1
java -XX:StartFlightRecording=filename="$WORK/hits.jfr",settings=profile,delay=45s ${JAVA_OPTS:-} \
    -Dcache.primary.extra-products="$KEYS" -jar "$JAR" --port "$APP_PORT" --host 127.0.0.1 \
    --redis-host 127.0.0.1 --redis-port "$REDIS_PORT" --primary-latency-ms 150 --ttl 300s >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$APP_PORT/api/stats" && break; sleep 0.2; done
# 45 s of warm-up, until C2 is done (the recording starts after it), then the measured load
wrk -t2 -c"$CONNECTIONS" -d45s -s src/bench/random-product.lua "http://127.0.0.1:$APP_PORT" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s src/bench/random-product.lua "http://127.0.0.1:$APP_PORT" | grep Requests/sec
jcmd "$APP_PID" JFR.dump filename="$WORK/hits.jfr" >/dev/null
jfr print --events jdk.ExecutionSample --stack-depth 64 "$WORK/hits.jfr" >"$WORK/samples.txt"
python3 - "$WORK/samples.txt" "$TOP" <<'EOF'
import collections, re, sys
ours = re.compile(r'(dev\.cacheaside|com\.fasterxml|io\.smallrye\.faulttolerance|io\.smallrye\.mutiny|io\.micrometer'
                  r'|io\.vertx\.redis|io\.quarkus\.redis|io\.smallrye\.context|io\.quarkus\.micrometer'
                  r'|org\.jboss\.resteasy)')
components = {
    'Jackson (JSON)': 'com.fasterxml.jackson',
    'SmallRye Fault Tolerance': 'io.smallrye.faulttolerance',
    'context propagation': 'io.smallrye.context',
    'Micrometer': 'io.micrometer',
    'Mutiny': 'io.smallrye.mutiny',
    'Redis client': 'io.vertx.redis',
    'Quarkus REST': 'org.jboss.resteasy.reactive',
    'the app (dev.cacheaside)': 'dev.cacheaside',
    'Netty I/O': 'io.netty',
}
top, first, inclusive, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
stack = []
def flush():
    global total
    if not stack:
        return
    total += 1
    top[stack[0]] += 1
    for name, prefix in components.items():
        if any(frame.startswith(prefix) for frame in stack):
            inclusive[name] += 1
    for frame in stack:
        if ours.match(frame):
            first[frame] += 1
            break
for line in open(sys.argv[1]):
    line = line.strip()
    if line.startswith('jdk.ExecutionSample'):
        flush(); stack = []
    elif (line.endswith(')') or 'line:' in line) and not line.startswith('sampledThread'):
        stack.append(re.sub(r'\s+line:.*', '', line))
flush()
n = int(sys.argv[2])
print(f"{total} samples\n-- share of samples with a frame of (inclusive; they overlap)")
for name, count in inclusive.most_common():
    print(f"{100 * count / total:5.1f}%  {name}")
print("-- top frames")
for frame, count in top.most_common(n):
    print(f"{100 * count / total:5.1f}%  {frame}")
print("-- first frame of the app or a library it calls")
for frame, count in first.most_common(n):
    print(f"{100 * count / total:5.1f}%  {frame}")
EOF
