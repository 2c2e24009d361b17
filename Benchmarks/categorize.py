#!/usr/bin/env python3
"""Folds `perf script -F ip,sym` samples into the phases of a request (Benchmarks/profile.sh).

Each sample goes to the first category, in the order listed, that any frame of its stack matches: a malloc
under JSONEncoder counts as JSON, an ext4 frame under fsync as fsync. Prints one line per category, share of
samples first, and the number of samples last. With --json, prints {"category": share, ...} instead."""
import re, sys, collections
CATEGORIES = [
    ("fsync (kernel)", r"do_fsync|__x64_sys_fsync|__x64_sys_fdatasync"),
    ("thread switches (kernel: futex, eventfd, schedule)", r"__x64_sys_futex|eventfd_write|eventfd_read|finish_task_switch|__schedule|schedule_hrtimeout"),
    ("file writes (kernel)", r"__x64_sys_pwrite64|__x64_sys_write\b.*ext4|ext4_"),
    ("network (kernel)", r"tcp_|sock_|__x64_sys_sendmsg|__x64_sys_recvfrom|__x64_sys_writev|__x64_sys_readv|__x64_sys_read\b|__x64_sys_write\b|__x64_sys_epoll"),
    ("JSON encoding (Foundation)", r"FoundationEssentials.*JSON(Encoder|Writer|KeyedEncoding|UnkeyedEncoding)"),
    ("JSON encoding (ours)", r"CanonicalJSONEncoder"),
    ("JSON decoding (Foundation)", r"FoundationEssentials.*JSON(Decoder|Map|Scanner)"),
    ("JSON decoding (ours)", r"RequestJSON"),
    ("SQLite statement preparation", r"sqlite3_prepare|sqlite3Prepare|sqlite3RunParser|sqlite3LockAndPrepare"),
    ("SQLite execution", r"sqlite3|sqlite_nio|Vdbe|Btree|pcache|wal[A-Z]"),
    ("SQL text building (SQLKit)", r"\$s6SQLKit"),
    ("SQLite driver (SQLiteNIO/SQLiteKit)", r"\$s9SQLiteNIO|\$s9SQLiteKit|SQLiteNIO|SQLiteKit"),
    ("PostgreSQL driver", r"PostgresNIO|PostgresKit|\$s11PostgresNIO|\$s11PostgresKit"),
    ("purchase rules (CommerceCore)", r"\$s12CommerceCore"),
    ("crypto (tokens, hashes)", r"Crypto|JWTKit|boringssl|CCryptoBoringSSL|sha256|SHA256"),
    ("PartnerCommerce server and store", r"\$s14CommerceServer|\$s13CommerceStore|\$s19PartnerCenterModels"),
    ("HTTP (Hummingbird, NIOHTTP1)", r"Hummingbird|NIOHTTP1|HTTPTypes"),
    ("NIO event loops", r"NIOPosix|NIOCore"),
    ("Swift concurrency runtime", r"swift_task|swift::AsyncTask|swift_job|swift_continuation|libswift_Concurrency"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in CATEGORIES]

def categorize(stack):
    # Priority, not position: the first category (in list order) that any frame of the stack matches, so a
    # malloc under JSONEncoder counts as JSON, and an fsync's ext4 frames count as fsync.
    for name, pattern in COMPILED:
        if any(pattern.search(frame) for frame in stack):
            return name
    return "other (allocation, runtime, libc)"

def samples(stream):
    stack = []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                yield stack
            stack = []
            continue
        if line.startswith((" ", "\t")):
            parts = line.strip().split(None, 1)
            if len(parts) == 2:
                stack.append(parts[1])
        else:
            stack = []
    if stack:
        yield stack

def main():
    counts = collections.Counter()
    total = 0
    for stack in samples(sys.stdin):
        counts[categorize(stack)] += 1
        total += 1
    if "--json" in sys.argv:
        import json
        print(json.dumps({name: count / max(total, 1) for name, count in counts.items()}))
        return
    for name, count in counts.most_common():
        print(f"{100.0 * count / max(total, 1):6.1f} %  {name}")
    print(f"{total} samples")

if __name__ == "__main__":
    main()
