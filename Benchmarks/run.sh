#!/usr/bin/env bash
# One command for the load benchmark (docs/benchmark-history.md, "Load"; current figures in BENCHMARKS.md): builds release, starts a server on a temporary
# store (SQLite; PostgreSQL in a new database when DATABASE_URL is set) with throttling off, runs the load
# generator's phases and baselines, records the server's peak RSS and its start time on the existing store,
# and prints as its last line
#   checkout_per_s=… p99_ms=… flow_per_s=… flow_p99_ms=… point_fraction=… engine_fraction=… read_fraction=… rss_mb=… (then the
#   other figures); point_fraction is token-checked single-resource reads (GET customer, GET cart) over the HTTP ceiling
# Usage: bash Benchmarks/run.sh [load generator options, e.g. --duration 5 --concurrency 32 --lines 3 --phases checkout]
#   CATALOG_FILE=f  imports that catalog file into the store once the server is up (an unpriced copy of the shipped
#                   one measures purchases without charges)
#   BIN_DIR=folder  runs the server built there (an earlier build, for a before/after table) instead of building
#                   this tree's; the load generator is this tree's (BENCH_BIN=path for another)
set -euo pipefail
cd "$(dirname "$0")/.."

[ -n "${BIN_DIR:-}" ] || swift build -c release --product partner-commerce >&2
[ -n "${BENCH_BIN:-}" ] || swift build -c release --product partner-commerce-bench >&2
BIN=${BIN_DIR:-.build/release}/partner-commerce
BENCH=${BENCH_BIN:-.build/release/partner-commerce-bench}

work=$(mktemp -d /tmp/pc-run-XXXXXX)
server_pid=""
database=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    if [ -n "$database" ]; then psql "$DATABASE_URL" -q -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${DATABASE_URL:-}" ]; then
    database="pc_bench_$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    psql "$DATABASE_URL" -q -c "CREATE DATABASE $database" >/dev/null
    store_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$database")
    store=(--database-url "$store_url")
else
    store=(--data-dir "$work/store")
fi

# Starts the server; sets server_pid, url and start_ms (milliseconds from start to `listening on`).
start_server() {
    local began now
    began=$(date +%s%N)
    "$BIN" serve --port 0 --no-throttling --open-carts-per-customer 0 --partner-storage-bytes 0 "${store[@]}" ${SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
    server_pid=$!
    for _ in $(seq 1 2000); do
        if grep -q '^listening on' "$work/serve.out" 2>/dev/null; then
            now=$(date +%s%N)
            url=$(grep '^listening on' "$work/serve.out" | head -1 | awk '{print $3}')
            start_ms=$(((now - began) / 1000000))
            return
        fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
        sleep 0.005
    done
    echo "the server did not start" >&2
    exit 1
}

stop_server() {
    kill -INT "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

start_server
if [ -n "${CATALOG_FILE:-}" ]; then
    "$BIN" catalog import "${store[@]}" "$CATALOG_FILE" >&2
    sleep 1.5 # the server reloads the catalog within a second of an import
fi
# A user's token: the bench confirms each new customer's agreement, which App-only tokens may not.
token=$("$BIN" token "${store[@]}" --user admin@contosopartnerdemo.onmicrosoft.com)
"$BENCH" --url "$url" --token "$token" "${store[@]}" "$@" | tee "$work/bench.out"
rss_kb=$(awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status")
stop_server
# Start to `listening on` on the store the run just filled (migrations already applied, data present).
start_server
stop_server

summary=$(tail -1 "$work/bench.out")
value() { echo "$summary" | tr ' ' '\n' | awk -F= -v k="$1" '$1 == k {print $2}'; }
echo "checkout_per_s=$(value checkout_per_s) p99_ms=$(value p99_ms) flow_per_s=$(value flow_per_s) flow_p99_ms=$(value flow_p99_ms)" \
    "point_fraction=$(value point_fraction) engine_fraction=$(value engine_fraction) read_fraction=$(value read_fraction) rss_mb=$((rss_kb / 1024))" \
    "engine_per_s=$(value engine_per_s) point_per_s=$(value point_per_s) read_per_s=$(value read_per_s) ceiling_per_s=$(value ceiling_per_s)" \
    "start_ms=$start_ms correct=$(value correct)"
