"""Starting the release server for a benchmark: one place that knows what `serve` prints first."""
import os, subprocess, time

BIN = os.path.join(os.getcwd(), ".build", "release", "partner-commerce")


def start(args):
    """Runs `partner-commerce serve --port 0 ARGS`; returns (process, host, port, seconds until it listened)."""
    began = time.perf_counter()
    process = subprocess.Popen([BIN, "serve", "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    if line.startswith("admin key"):  # a new store prints its admin key once, before the address
        line = process.stdout.readline()
    elapsed = time.perf_counter() - began
    if not line.startswith("listening on"):
        process.kill()
        raise SystemExit(f"unexpected output: {line!r}")
    host, port = line.strip().rsplit("/", 1)[-1].split(":")
    return process, host, int(port), elapsed
