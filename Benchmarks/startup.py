#!/usr/bin/env python3
"""Start-up time and idle memory of `partner-commerce serve`.

Usage (from the project root, after `swift build -c release`):
    python3 Benchmarks/startup.py [runs]

Each run starts the release binary on a fresh data folder (new store: migrations, default catalog, demo data,
signing key) and on the same folder again (existing store), measures the time from exec to the printed
`listening on` line, then reads the process's resident memory after two idle seconds.
"""
import shutil, statistics, sys, tempfile, time

import benchserver


def start(folder):
    process, _, _, elapsed = benchserver.start(["--data-dir", folder])
    return process, elapsed


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    fresh, reopen, memory = [], [], []
    for _ in range(runs):
        folder = tempfile.mkdtemp(prefix="pc-bench-")
        try:
            proc, elapsed = start(folder)
            fresh.append(elapsed)
            proc.terminate(); proc.wait()
            proc, elapsed = start(folder)
            reopen.append(elapsed)
            time.sleep(2)
            memory.append(rss_mib(proc.pid))
            proc.terminate(); proc.wait()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.0f} ms, max {max(xs) * 1000:.0f} ms"
    print(f"runs: {runs}")
    print(f"start, new store:      {ms(fresh)}")
    print(f"start, existing store: {ms(reopen)}")
    print(f"idle RSS:              median {statistics.median(memory):.1f} MiB, max {max(memory):.1f} MiB")


if __name__ == "__main__":
    main()
