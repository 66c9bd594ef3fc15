#!/usr/bin/env bash
# Time to the first successful request (/q/health/ready answers 200), side by side, with hyperfine:
#   1. the fast-jar on JDK 17, 2. the same on JDK 25, 3. the aot-jar on JDK 25 with its AOT cache.
#   src/bench/startup.sh      (JDK25=/path/to/jdk-25 RUNS=10 to change)
# -XX:AOTMode=on makes the JVM refuse to start rather than silently ignore a cache that does not match.
# The AOT cache is trained by the integration tests, as Quarkus does it:
#   ./mvnw verify -Dquarkus.package.jar.aot.enabled=true   (run with a JDK 25)
set -euo pipefail
cd "$(dirname "$0")/../.."
JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
RUNS=${RUNS:-10}
for tool in hyperfine redis-server curl; do
    command -v "$tool" >/dev/null || { echo "missing: $tool"; exit 1; }
done
[ -x "$JDK25/bin/java" ] || { echo "no JDK 25 at $JDK25 (set JDK25)"; exit 1; }

WORK=$(mktemp -d)
REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "== building the fast-jar"
JAVA_HOME=$JDK25 ./mvnw -B -q package -DskipTests
cp -r target/quarkus-app "$WORK/plain"
echo "== building the aot-jar and training its cache with the integration tests"
JAVA_HOME=$JDK25 ./mvnw -B -q verify -Dquarkus.package.jar.aot.enabled=true -Dtest=NONE \
    -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='ProductResourceIT,HealthIT'
[ -f target/quarkus-app/app.aot ] || { echo "no target/quarkus-app/app.aot was written"; exit 1; }
# The cache only matches the jars it was recorded with, where they were: run it in place.
AOT_DIR=$PWD/target/quarkus-app
echo "   app.aot: $(du -h "$AOT_DIR/app.aot" | cut -f1) (target/ now holds the aot-jar build)"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$WORK" --logfile "$WORK/redis.log"
echo "== time to first successful request ($RUNS runs each, 2 warm-ups)"
hyperfine --warmup 2 --runs "$RUNS" --export-markdown "$WORK/startup.md" \
    -n "fast-jar, JDK 17" "JAVA=$JDK17/bin/java src/bench/first-request.sh $WORK/plain $REDIS_PORT" \
    -n "fast-jar, JDK 25" "JAVA=$JDK25/bin/java src/bench/first-request.sh $WORK/plain $REDIS_PORT" \
    -n "aot-jar + AOT cache, JDK 25" \
    "JAVA=$JDK25/bin/java src/bench/first-request.sh $AOT_DIR $REDIS_PORT -XX:AOTCache=app.aot -XX:AOTMode=on"
cat "$WORK/startup.md"
