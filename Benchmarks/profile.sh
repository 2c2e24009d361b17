#!/usr/bin/env bash
# What one request costs the server, by step of a fixed request mix (docs/benchmark-history.md, "Engine (issue 21)").
#
# The load generator's profile steps send exactly --requests requests each: cart-create, checkout (of those carts),
# customer-read, cart-read. Around each step this attaches to the server (a fresh release server, throttling off,
# fulfilment parked so no background work mixes in) and measures, per request:
#   - CPU time, thread switches and system calls (perf's software events and tracepoints);
#   - calls to malloc, and (SQLite) to sqlite3_step and sqlite3_prepare_v3: exact counts, through uprobes, the
#     repeatable figures this machine allows (valgrind 3.19 cannot run this toolchain's binaries, and perf has no
#     hardware counters here, so instructions cannot be counted);
#   - on PostgreSQL, the database server's CPU time too;
#   - where the CPU time goes: perf samples (cpu-clock) folded into a request's phases by Benchmarks/categorize.py,
#     as microseconds per request.
# Each kind of measurement runs on a new server and store of its own (uprobes and call graphs slow a server down).
#
# Usage: bash Benchmarks/profile.sh [--requests N] [--concurrency C]
#   BIN_DIR=folder   profiles the partner-commerce server there (an earlier build); the load generator is this tree's
#                    (BENCH_BIN=path to use another)
#   DATABASE_URL=…   profiles PostgreSQL (a new database on that server) instead of SQLite
#   PASSES="stat"    only the CPU, switch and system-call figures (default "stat count sample")
set -euo pipefail
cd "$(dirname "$0")/.."
REQUESTS=2000
CONCURRENCY=8
while [ $# -gt 0 ]; do
    case "$1" in
    --requests) REQUESTS=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
STEPS=cart-create,checkout,customer-read,cart-read

[ -n "${BIN_DIR:-}" ] || swift build -c release --product partner-commerce >&2
[ -n "${BENCH_BIN:-}" ] || swift build -c release --product partner-commerce-bench >&2
BIN=${BIN_DIR:-.build/release}/partner-commerce
BENCH=${BENCH_BIN:-.build/release/partner-commerce-bench}
command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf >/dev/null; }

work=$(mktemp -d /tmp/pc-profile-XXXXXX)
server_pid=""
databases=()
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    for database in "${databases[@]}"; do psql "$DATABASE_URL" -q -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true; done
    perf probe -d 'pcprof:*' >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

# Exact call counts through uprobes: malloc in libc; SQLite's step and prepare where this build has them (the system
# library, or SQLiteNIO's copy inside the binary).
perf probe -d 'pcprof:*' >/dev/null 2>&1 || true
counted=()
probe() { # file symbol name
    local address
    # Versioned names too (libc's malloc is malloc@@GLIBC_2.2.5).
    address=$(nm -D --defined-only "$1" 2>/dev/null | awk -v s="$2" '$3 == s || index($3, s "@") == 1 {print $1; exit}' || true)
    [ -n "$address" ] || address=$(nm --defined-only "$1" 2>/dev/null | awk -v s="$2" '$3 == s {print $1; exit}' || true)
    [ -n "$address" ] || return 0
    if perf probe -x "$1" -a "pcprof:$3=0x$address" >/dev/null 2>&1; then counted+=("pcprof:$3"); fi
}
libc=$(ldd "$BIN" | awk '/libc.so.6/ {print $3}')
probe "$libc" malloc malloc
if [ -z "${DATABASE_URL:-}" ]; then
    libsqlite=$(ldd "$BIN" | awk '/libsqlite3.so/ {print $3}')
    if [ -n "$libsqlite" ]; then
        probe "$libsqlite" sqlite3_step sqlite_step
        probe "$libsqlite" sqlite3_prepare_v3 sqlite_prepare
    else
        probe "$BIN" sqlite_nio_sqlite3_step sqlite_step
        probe "$BIN" sqlite_nio_sqlite3_prepare_v3 sqlite_prepare
    fi
fi

start_server() {
    local store
    if [ -n "${DATABASE_URL:-}" ]; then
        local database="pc_profile_$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
        psql "$DATABASE_URL" -q -c "CREATE DATABASE $database" >/dev/null
        databases+=("$database")
        store=(--database-url "$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$DATABASE_URL" "$database")")
    else
        store=(--data-dir "$(mktemp -d "$work/store-XXXX")")
    fi
    "$BIN" serve --port 0 --no-throttling --open-carts-per-customer 0 --partner-storage-bytes 0 --fulfilment-delay 86400 "${store[@]}" ${SERVE_ARGS:-} >"$work/serve.out" 2>"$work/serve.err" &
    server_pid=$!
    for _ in $(seq 1 2000); do
        grep -q '^listening on' "$work/serve.out" 2>/dev/null && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
        sleep 0.005
    done
    url=$(grep '^listening on' "$work/serve.out" | head -1 | awk '{print $3}')
    # A user's token: the bench confirms each new customer's agreement, which App-only tokens may not.
    token=$("$BIN" token "${store[@]}" --user admin@contosopartnerdemo.onmicrosoft.com)
}

stop_server() {
    kill -INT "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
}

# CPU time (µs) of the database server's processes, for PostgreSQL.
database_cpu() {
    [ -n "${DATABASE_URL:-}" ] || { echo 0; return; }
    python3 - <<'PY'
import os
ticks = os.sysconf("SC_CLK_TCK")
total = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/comm") as f:
            if f.read().strip() != "postgres":
                continue
        total += int(fields[11]) + int(fields[12])
    except OSError:
        pass
print(total * 1_000_000 // ticks)
PY
}

# Runs the steps once against a new server; $1 is the measurement: stat, count or sample. Writes
# $work/$1.<step> files and $work/requests.<step>.
run_pass() {
    local kind=$1 line step monitor
    start_server
    rm -f "$work/to-bench" "$work/from-bench"
    mkfifo "$work/to-bench" "$work/from-bench"
    "$BENCH" --url "$url" --token "$token" --profile-steps "$STEPS" --requests "$REQUESTS" --concurrency "$CONCURRENCY" \
        <"$work/to-bench" >"$work/from-bench" &
    local bench_pid=$!
    exec {to_bench}>"$work/to-bench" {from_bench}<"$work/from-bench"
    while read -r line <&"$from_bench"; do
        case "$line" in
        ready\ *)
            step=${line#ready }
            case "$kind" in
            stat) perf stat -x, -e task-clock,context-switches,raw_syscalls:sys_enter -p "$server_pid" -o "$work/stat.$step" & ;;
            count) perf stat -x, -e "$(IFS=,; echo "${counted[*]}")" -p "$server_pid" -o "$work/count.$step" & ;;
            sample) perf record -q -e cpu-clock -g -p "$server_pid" -o "$work/sample.$step.data" >/dev/null 2>&1 & ;;
            esac
            monitor=$!
            database_cpu >"$work/dbcpu.$step.before"
            sleep 0.5
            echo go >&"$to_bench"
            ;;
        done\ *)
            kill -INT "$monitor" 2>/dev/null || true
            wait "$monitor" 2>/dev/null || true
            database_cpu >"$work/dbcpu.$step.after"
            echo "$line" | sed -E 's/.*requests=([0-9]+).*/\1/' >"$work/requests.$step"
            echo "$kind: $line" >&2
            ;;
        end) break ;;
        esac
    done
    exec {to_bench}>&- {from_bench}<&-
    wait "$bench_pid" || { echo "the load generator failed" >&2; exit 1; }
    stop_server
}

PASSES=${PASSES:-stat count sample}
for pass in $PASSES; do
    [ "$pass" = count ] && [ ${#counted[@]} -eq 0 ] && continue
    run_pass "$pass"
done
for step in ${STEPS//,/ }; do
    if [ -f "$work/sample.$step.data" ]; then
        perf script -i "$work/sample.$step.data" -F ip,sym 2>/dev/null | python3 Benchmarks/categorize.py --json >"$work/categories.$step"
    else
        echo '{}' >"$work/categories.$step"
    fi
done

WORK=$work STEPS=$STEPS ENGINE=$([ -n "${DATABASE_URL:-}" ] && echo postgres || echo sqlite) python3 - <<'PY'
import json, os
work, steps, engine = os.environ["WORK"], os.environ["STEPS"].split(","), os.environ["ENGINE"]

def perf_values(path):
    values = {}
    if not os.path.exists(path):
        return values
    for line in open(path):
        parts = line.strip().split(",")
        if len(parts) > 2 and parts[0] and not line.startswith("#"):
            try:
                values[parts[2]] = float(parts[0])
            except ValueError:
                pass
    return values

rows = {}
for step in steps:
    requests = int(open(f"{work}/requests.{step}").read().strip() or 1)
    stat = perf_values(f"{work}/stat.{step}")
    count = perf_values(f"{work}/count.{step}")
    row = {"requests": requests, "cpu_us": stat.get("task-clock", 0) * 1000 / requests}
    row["switches"] = stat.get("context-switches", 0) / requests
    row["syscalls"] = stat.get("raw_syscalls:sys_enter", 0) / requests
    for name in ("malloc", "sqlite_step", "sqlite_prepare"):
        if f"pcprof:{name}" in count:
            row[name] = count[f"pcprof:{name}"] / requests
    before, after = (int(open(f"{work}/dbcpu.{step}.{w}").read()) for w in ("before", "after"))
    if engine == "postgres":
        row["database_cpu_us"] = (after - before) / requests
    row["categories"] = json.load(open(f"{work}/categories.{step}"))
    rows[step] = row

print(f"\nPer request, {engine}, {rows[steps[0]]['requests']} requests a step (Benchmarks/profile.sh)\n")
header = f"| {'':38} | " + " | ".join(f"{s:>13}" for s in steps) + " |"
print(header)
print("|" + "-" * 40 + "|" + "|".join("-" * 15 for _ in steps) + "|")
def line(label, key, fmt):
    if all(key in rows[s] for s in steps):
        print(f"| {label:38} | " + " | ".join(f"{fmt.format(rows[s][key]):>13}" for s in steps) + " |")
line("server CPU, µs", "cpu_us", "{:.0f}")
line("database server CPU, µs", "database_cpu_us", "{:.0f}")
line("thread switches", "switches", "{:.1f}")
line("system calls", "syscalls", "{:.1f}")
line("malloc calls", "malloc", "{:.0f}")
line("SQLite statements stepped (sqlite3_step)", "sqlite_step", "{:.1f}")
line("SQLite statements compiled (prepare)", "sqlite_prepare", "{:.2f}")
names = sorted({n for s in steps for n in rows[s]["categories"]}, key=lambda n: -sum(rows[s]["categories"].get(n, 0) for s in steps))
print(f"| {'where the server CPU goes, µs':38} | " + " | ".join(" " * 13 for _ in steps) + " |")
for name in names:
    print(f"| {'  ' + name[:36]:38} | " + " | ".join(f"{rows[s]['categories'].get(name, 0) * rows[s]['cpu_us']:>13.0f}" for s in steps) + " |")
print()
print("profile " + " ".join(f"{s}_cpu_us={rows[s]['cpu_us']:.0f}" for s in steps))
PY
