#!/usr/bin/env bash
# Starts the packaged application from APP_DIR and returns once /q/health/ready answers 200 (then stops it).
#   src/bench/first-request.sh APP_DIR REDIS_PORT [JVM options...]
# JAVA (default: java on the PATH) picks the JDK.
set -euo pipefail
app_dir=$1
redis_port=$2
shift 2
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cd "$app_dir"
"${JAVA:-java}" "$@" -jar quarkus-run.jar --port "$port" --host 127.0.0.1 --redis-port "$redis_port" \
    --redis-host 127.0.0.1 >/dev/null 2>&1 &
pid=$!
# SIGKILL: the benchmark times the start, not a graceful shutdown
trap 'kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
until curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { echo "the application exited" >&2; exit 1; }
    sleep 0.01
done
