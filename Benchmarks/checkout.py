#!/usr/bin/env python3
"""Checkout latency: N sequential checkouts of 3-item carts against a release server on loopback.

Usage (from the project root):
    swift build -c release --product partner-commerce
    python3 Benchmarks/checkout.py [count]                       # SQLite, default 1000
    python3 Benchmarks/checkout.py [count] postgres://…/postgres  # PostgreSQL: a fresh database on that server

Environment: SERVE_ARGS adds `serve` flags (e.g. `--durability relaxed`); THROTTLING=counted keeps request limits
on (far above the load) to time what counting them costs.

Each round creates a cart of three new-commerce lines for the demo customer (not timed), then times
`POST …/carts/{id}/checkout` from request to full response on one keep-alive connection. The server runs
with a fresh SQLite store and the default fulfilment delay, so the worker competes for the store as it would.
"""
import http.client, json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.parse, uuid

import benchserver
from benchserver import BIN
CUSTOMER = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
CART = {"lineItems": [
    {"catalogItemId": "CFQ7TTC0LFLZ:0002:CFQ7TTC0K4TS", "quantity": 5, "billingCycle": "monthly", "termDuration": "P1M"},
    {"catalogItemId": "CFQ7TTC0LH0Z:0001:CFQ7TTC0K18P", "quantity": 10, "billingCycle": "monthly", "termDuration": "P1Y"},
    {"catalogItemId": "CFQ7TTC0LCHC:0002:CFQ7TTC0LCHD", "quantity": 2, "billingCycle": "monthly", "termDuration": "P1M"},
]}


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    folder = tempfile.mkdtemp(prefix="pc-bench-")
    store = ["--data-dir", folder]
    if len(sys.argv) > 2:
        name = "pc_bench_" + uuid.uuid4().hex[:8]
        subprocess.run(["psql", sys.argv[2], "-q", "-c", f"CREATE DATABASE {name}"], check=True)
        parts = urllib.parse.urlsplit(sys.argv[2])
        store = ["--database-url", urllib.parse.urlunsplit(parts._replace(path="/" + name))]
    # Unthrottled: 1,000 checkouts a few seconds apart would otherwise meet the per-customer checkout limit.
    # THROTTLING=counted keeps the limits (shared by the nodes on PostgreSQL) but far above the load, to time them.
    if os.environ.get("THROTTLING") == "counted":
        limits = ["--tenant-requests-per-minute", "1000000", "--cart-writes-per-minute", "1000000", "--checkouts-per-minute", "1000000"]
    else:
        limits = ["--no-throttling"]
    # Benchmarks measure the engine, not the quotas: prepared carts stay open by the thousand.
    limits += ["--open-carts-per-customer", "0", "--partner-storage-bytes", "0"]
    server, host, port, _ = benchserver.start([*limits, *store, *os.environ.get("SERVE_ARGS", "").split()])
    try:
        token = subprocess.run([BIN, "token", *store], capture_output=True, text=True, check=True).stdout.strip()
        headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json", "Accept": "application/json"}
        connection = http.client.HTTPConnection(host, port)
        body = json.dumps(CART)
        timings = []
        for _ in range(count):
            connection.request("POST", f"/v1/customers/{CUSTOMER}/carts", body=body, headers=headers)
            response = connection.getresponse()
            cart = json.loads(response.read())
            assert response.status == 201, cart
            started = time.perf_counter()
            connection.request("POST", f"/v1/customers/{CUSTOMER}/carts/{cart['id']}/checkout", body="", headers=headers)
            response = connection.getresponse()
            result = response.read()
            timings.append(time.perf_counter() - started)
            assert response.status == 201, result
        timings.sort()
        ms = lambda seconds: f"{seconds * 1000:.2f} ms"
        print(f"checkouts: {count} (3-item carts, one order each), sequential, one connection, store {store[0][2:]}")
        print(f"median {ms(statistics.median(timings))}, p90 {ms(timings[int(0.90 * count) - 1])}, "
              f"p99 {ms(timings[int(0.99 * count) - 1])}, max {ms(timings[-1])}, mean {ms(statistics.mean(timings))}")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
