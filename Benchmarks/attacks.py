#!/usr/bin/env python3
"""Another client's latency while one address attacks a release server on loopback (fresh SQLite store).

Usage (from the project root):
    swift build -c release --product partner-commerce
    python3 Benchmarks/attacks.py [seconds [slow-readers,flood,spraying,webhook-scan]]      # default: 60 s each, all four

Each attack runs from 127.0.0.2 against its own fresh server, with throttling on as `serve` has it:
  slow-readers  200 sockets each pipeline 1,000 `GET /metrics` and never read; closed ones are reopened.
  flood         the server runs at an open-file limit of 1,024; 1,050 sockets connect and send nothing,
                and are reopened as soon as the server closes them.
  spraying      8 clients send password grants for random user names back to back.
  webhook-scan  the partner's webhook points at a closed loopback port and at names that resolve nowhere, and
                4 clients create customers back to back, each a delivery attempt (a probe, before the fix).
Meanwhile a client on 127.0.0.1 checks health on a new connection and reads a cart with an App+User token
(the demo cart, so the attacker's customer creations do not share its limit) on a kept-alive one, in turn, for the whole attack; a failed or refused one counts as infinitely slow. Printed per attack: the client's p50, p99 and max for each,
its failures, the server's CPU (cores busy on average) and its peak RSS (VmHWM). The issue's bar: p99 <= 100 ms and RSS <= 150 MB.
"""
import http.client, json, os, random, resource, shutil, socket, statistics, sys, tempfile, threading, time, urllib.parse

import benchserver

TENANT = "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"
CUSTOMER = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
CART = "b4c8fdea-cbe4-4d17-9576-13fcacbf9605"
APP = {"client_id": "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e", "client_secret": "demo-client-secret-do-not-use-in-production"}
RESOURCE = "https://api.partnercenter.microsoft.com"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
ATTACKER = "127.0.0.2"


def token(host, port):
    connection = http.client.HTTPConnection(host, port, timeout=30)
    body = urllib.parse.urlencode({"grant_type": "password", "resource": RESOURCE, "username": "admin@contosopartnerdemo.onmicrosoft.com",
                                   "password": "Demo-Partner-Password-1", **APP})
    connection.request("POST", f"/{TENANT}/oauth2/token", body=body, headers=FORM)
    response = connection.getresponse()
    data = response.read()
    assert response.status == 200, data
    return json.loads(data)["access_token"]


def attacker_socket(host, port):
    s = socket.socket()
    s.bind((ATTACKER, 0))
    s.settimeout(2)
    s.connect((host, port))
    return s


def still_open(held):
    """The sockets the server has not closed or reset (read without taking anything); the others are closed, to be
    reopened."""
    alive = []
    for s in held:
        try:
            if s.recv(1, socket.MSG_PEEK) == b"":
                s.close()
            else:
                alive.append(s)
        except BlockingIOError:
            alive.append(s)
        except OSError:
            s.close()
    return alive


def slow_readers(host, port, stop):
    request = (f"GET /metrics HTTP/1.1\r\nHost: {host}\r\n\r\n" * 1000).encode()
    held = []
    while not stop.is_set():
        while len(held) < 200 and not stop.is_set():
            try:
                s = attacker_socket(host, port)
                s.setblocking(False)
                try:
                    s.send(request)
                except OSError:
                    pass
                held.append(s)
            except OSError:
                time.sleep(0.05)
        time.sleep(0.5)
        held = still_open(held)
    for s in held:
        s.close()


def flood(host, port, stop):
    held = []
    while not stop.is_set():
        while len(held) < 1050 and not stop.is_set():
            try:
                s = attacker_socket(host, port)
                s.setblocking(False)
                held.append(s)
            except OSError:
                time.sleep(0.01)
                break
        time.sleep(0.2)
        held = still_open(held)
    for s in held:
        s.close()


def spraying(host, port, stop):
    def one():
        connection = None
        while not stop.is_set():
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(host, port, timeout=30, source_address=(ATTACKER, 0))
                name = f"user{random.randrange(10**9)}@contosopartnerdemo.onmicrosoft.com"
                body = urllib.parse.urlencode({"grant_type": "password", "resource": RESOURCE, "username": name, "password": "Winter2026!", **APP})
                connection.request("POST", f"/{TENANT}/oauth2/token", body=body, headers=FORM)
                connection.getresponse().read()
            except (OSError, http.client.HTTPException):
                connection = None
                time.sleep(0.05)

    workers = [threading.Thread(target=one) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def webhook_scan(host, port, stop):
    app = http.client.HTTPConnection(host, port, timeout=30, source_address=(ATTACKER, 0))
    app.request("POST", f"/{TENANT}/oauth2/token", body=urllib.parse.urlencode({"grant_type": "client_credentials", "resource": RESOURCE, **APP}),
                headers=FORM)
    bearer = json.loads(app.getresponse().read())["access_token"]
    auth = {"Authorization": "Bearer " + bearer, "Content-Type": "application/json"}
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    registration = {"WebhookUrl": f"http://127.0.0.1:{closed_port}/hook", "WebhookEvents": ["customer-created"]}
    app.request("PUT", "/webhooks/v1/registration", body=json.dumps(registration), headers=auth)
    app.getresponse().read()

    def one(worker):
        connection = None
        count = 0
        while not stop.is_set():
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(host, port, timeout=30, source_address=(ATTACKER, 0))
                count += 1
                body = {"companyProfile": {"domain": f"scan{worker}-{count}-{random.randrange(10**9)}.onmicrosoft.com"},
                        "billingProfile": {"email": "a@b.example", "culture": "en-US", "language": "en", "companyName": "Scan",
                                           "defaultAddress": {"country": "US", "city": "Redmond", "state": "WA", "addressLine1": "1 Way",
                                                              "postalCode": "98052"}}}
                connection.request("POST", "/v1/customers", body=json.dumps(body), headers=auth)
                connection.getresponse().read()
            except (OSError, http.client.HTTPException):
                connection = None
                time.sleep(0.05)

    workers = [threading.Thread(target=one, args=(n,)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


def timed(connection, path, headers=None):
    """Seconds one GET took, or infinity when it failed or did not answer 200 (worse than any slow one)."""
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return time.perf_counter() - started if response.status == 200 else float("inf")
    except (OSError, http.client.HTTPException):
        return float("inf")


def victim(host, port, bearer, seconds):
    health, reads = [], []
    reader = http.client.HTTPConnection(host, port, timeout=10)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        checker = http.client.HTTPConnection(host, port, timeout=10)
        health.append(timed(checker, "/_admin/health"))
        checker.close()
        reads.append(timed(reader, f"/v1/customers/{CUSTOMER}/carts/{CART}", {"Authorization": "Bearer " + bearer}))
        if reads[-1] == float("inf"):
            reader = http.client.HTTPConnection(host, port, timeout=10)
        time.sleep(0.15)  # about 350 reads a minute: under the partner's cart limit of 500, so none is throttled
    failures = sum(1 for t in health + reads if t == float("inf"))
    return health, reads, failures


def summary(timings):
    timings = sorted(timings)
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"
    return f"p50 {ms(statistics.median(timings))}, p99 {ms(timings[max(int(0.99 * len(timings)) - 1, 0)])}, max {ms(timings[-1])}"


def cpu_seconds(pid):
    """User plus system CPU the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run(name, attack, seconds, file_limit=None):
    folder = tempfile.mkdtemp(prefix="pc-attack-")
    # The server may raise its soft limit only as far as the hard one, so both are set in the child.
    limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (file_limit, file_limit))) if file_limit else None
    server, host, port, _ = benchserver.start(["--data-dir", folder], preexec_fn=limit)
    try:
        bearer = token(host, port)
        stop = threading.Event()
        attacker = threading.Thread(target=attack, args=(host, port, stop))
        attacker.start()
        time.sleep(1)  # let the attack reach its strength first
        cpu = cpu_seconds(server.pid)
        health, reads, failures = victim(host, port, bearer, seconds)
        cpu = cpu_seconds(server.pid) - cpu
        rss = peak_rss_mb(server.pid)
        stop.set()
        attacker.join()
        print(f"{name} ({seconds} s): health {summary(health)}; cart read {summary(reads)}; "
              f"{failures} failed of {len(health) + len(reads)}; server CPU {cpu / seconds:.2f} cores; peak RSS {rss:.0f} MB", flush=True)
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    # The flood holds 1,050 sockets on this side too.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    wanted = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else {"slow-readers", "flood", "spraying", "webhook-scan"}
    if "slow-readers" in wanted:
        run("slow readers", slow_readers, seconds)
    if "flood" in wanted:
        run("connection flood at an open-file limit of 1,024", flood, seconds, file_limit=1024)
    if "spraying" in wanted:
        run("password spraying", spraying, seconds)
    if "webhook-scan" in wanted:
        run("webhook deliveries to a closed port, an event each", webhook_scan, seconds)


if __name__ == "__main__":
    main()
