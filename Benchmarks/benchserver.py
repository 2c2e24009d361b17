"""Starting the release server for a benchmark: one place that knows what `serve` prints first."""
import os, subprocess, time

# PARTNER_COMMERCE_BIN runs another build (an earlier commit's, for a before-and-after).
BIN = os.environ.get("PARTNER_COMMERCE_BIN") or os.path.join(os.getcwd(), ".build", "release", "partner-commerce")


def start(args, preexec_fn=None):
    """Runs `partner-commerce serve --port 0 ARGS`; returns (process, host, port, seconds until it listened)."""
    began = time.perf_counter()
    process = subprocess.Popen([BIN, "serve", "--port", "0", *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                               preexec_fn=preexec_fn)
    line = process.stdout.readline()
    if line.startswith("admin key"):  # a new store prints its admin key once, before the address
        line = process.stdout.readline()
    elapsed = time.perf_counter() - began
    if not line.startswith("listening on"):
        process.kill()
        raise SystemExit(f"unexpected output: {line!r}")
    host, port = line.strip().rsplit("/", 1)[-1].split(":")
    return process, host, int(port), elapsed
