#!/usr/bin/env python3
"""Token endpoint and token check latency against a release server on loopback (fresh SQLite store).

Usage (from the project root):
    swift build -c release --product partner-commerce
    python3 Benchmarks/tokens.py [count]      # default 200

Times, each N times sequentially on one keep-alive connection: a client-credentials grant, a password grant
(dominated by PBKDF2-SHA256 with 600,000 rounds, on purpose), and `GET /v1/customers/{id}` with an App-only
token (signature check plus the partner, app and user lookups every request pays), alone and while four other
clients sign in with passwords back to back (password hashing must not stall other requests).
"""
import http.client, json, shutil, statistics, sys, tempfile, threading, time, urllib.parse

import benchserver
TENANT = "4f9c2a71-8d3e-4b5a-9c6f-1e2d3c4b5a69"
CUSTOMER = "d6bf25b7-e0a8-4f2d-a31b-97b55cfc774d"
APP = {"client_id": "7b1d3e58-2c4f-4a6b-9d8e-0f1a2b3c4d5e", "client_secret": "demo-client-secret-do-not-use-in-production"}
RESOURCE = "https://api.partnercenter.microsoft.com"


def timed(connection, count, method, path, body, headers):
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        timings.append(time.perf_counter() - started)
        assert response.status == 200, data
    timings.sort()
    return timings


def report(name, timings):
    ms = lambda seconds: f"{seconds * 1000:.2f} ms"
    n = len(timings)
    print(f"{name}: median {ms(statistics.median(timings))}, p90 {ms(timings[int(0.90 * n) - 1])}, "
          f"p99 {ms(timings[int(0.99 * n) - 1])}, max {ms(timings[-1])}")


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    folder = tempfile.mkdtemp(prefix="pc-bench-")
    server, host, port, _ = benchserver.start(["--no-throttling", "--data-dir", folder])
    try:
        connection = http.client.HTTPConnection(host, port)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        credentials = urllib.parse.urlencode({"grant_type": "client_credentials", "resource": RESOURCE, **APP})
        report(f"client_credentials ({count})", timed(connection, count, "POST", f"/{TENANT}/oauth2/token", credentials, form))
        password = urllib.parse.urlencode({"grant_type": "password", "resource": RESOURCE, "username": "admin@contosopartnerdemo.onmicrosoft.com",
                                           "password": "Demo-Partner-Password-1", **APP})
        report(f"password ({max(count // 10, 10)})", timed(connection, max(count // 10, 10), "POST", f"/{TENANT}/oauth2/token", password, form))
        connection.request("POST", f"/{TENANT}/oauth2/token", body=credentials, headers=form)
        token = json.loads(connection.getresponse().read())["access_token"]
        auth = {"Authorization": "Bearer " + token}
        report(f"GET customer with a token ({count})", timed(connection, count, "GET", f"/v1/customers/{CUSTOMER}", None, auth))
        stop = threading.Event()

        def sign_in_repeatedly():
            other = http.client.HTTPConnection(host, port)
            while not stop.is_set():
                other.request("POST", f"/{TENANT}/oauth2/token", body=password, headers=form)
                other.getresponse().read()

        signers = [threading.Thread(target=sign_in_repeatedly) for _ in range(4)]
        for signer in signers:
            signer.start()
        try:
            report(f"GET customer while 4 clients sign in ({count})", timed(connection, count, "GET", f"/v1/customers/{CUSTOMER}", None, auth))
        finally:
            stop.set()
            for signer in signers:
                signer.join()
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
