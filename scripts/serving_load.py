#!/usr/bin/env python3
"""Load test for the model server (Docs/Serving.md): throughput and latency of
POST /predict at several concurrencies, with and without dynamic batching, and a long
run mixing malformed requests into good ones.

    swift build -c release --product serve
    python3 scripts/serving_load.py --serve .build/release/serve --model resnet18

For each configuration it starts `serve` on a free port, waits for /ready, sends the
requests from N client threads (one keep-alive connection each), then stops the server
with SIGTERM and checks that it exits cleanly. Reports requests/s, p50 and p99 latency,
the status of every request, and the server's resident memory before and after.
Standard library only.
"""
import argparse
import http.client
import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib

CACHE = os.environ.get("DEEP_LEARNING_CACHE", os.path.expanduser("~/.cache/deep-learning-course"))


def png(width, height, seed=0):
    """A small RGB PNG (stored with zlib), for when no photo is cached."""
    rows = b"".join(b"\x00" + bytes(((x * 7 + y * 3 + seed + c * 50) % 256) for x in range(width) for c in range(3))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def good_requests():
    """Real photos (scripts/fetch-weights.sh caches them) as PNG, and a JPEG fixture."""
    bodies = []
    for name in ["chelsea.png", "coffee.png"]:
        path = os.path.join(CACHE, "weights", "photos", name)
        if os.path.exists(path):
            bodies.append(("png:" + name, open(path, "rb").read(), "image/png"))
    if not bodies:
        bodies.append(("png:synthetic", png(320, 240), "image/png"))
    jpeg = os.path.join(os.path.dirname(__file__), "..", "Tests", "ServingTests", "Fixtures", "colour.jpg")
    bodies.append(("jpeg:colour.jpg", open(jpeg, "rb").read(), "image/jpeg"))
    return bodies


def malformed_requests():
    """One of each kind of bad input the server must refuse with a 4xx."""
    image = png(64, 48)
    zero = image[:16] + struct.pack(">II", 0, 0) + image[24:]
    huge = image[:16] + struct.pack(">II", 50_000, 50_000) + image[24:]
    return [
        ("text", b"this is not an image", "image/png"),
        ("truncated png", image[: len(image) // 2], "image/png"),
        ("0x0 png", zero, "image/png"),
        ("50000x50000 png", huge, "image/png"),
        ("bad json", b'{"shape": [3, 224, 224], "data": [1, 2', "application/json"),
        ("wrong shape", json.dumps({"shape": [3, 8, 8], "data": [0] * 192}).encode(), "application/json"),
    ]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    def __init__(self, binary, model, port, batch, wait_ms, queue, image_size=224):
        args = [binary, "--model", model, "--port", str(port), "--max-batch", str(batch),
                "--max-wait-ms", str(wait_ms), "--queue", str(queue), "--image-size", str(image_size)]
        self.log = open(f"/tmp/serve-{port}.log", "w")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        self.port = port
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"serve exited with {self.process.returncode}, see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/ready")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit("serve never became ready")

    def stop(self):
        """SIGTERM: graceful shutdown. Returns the exit status."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


def run(port, concurrency, total, malformed_every):
    """Sends `total` requests from `concurrency` threads; every `malformed_every`-th is bad."""
    good, bad = good_requests(), malformed_requests()
    results = []
    lock = threading.Lock()
    counter = iter(range(total))

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            is_bad = malformed_every and i % malformed_every == malformed_every - 1
            kind, body, content_type = bad[(i // malformed_every) % len(bad)] if is_bad else good[i % len(good)]
            started = time.perf_counter()
            try:
                conn.request("POST", "/predict", body=body, headers={"Content-Type": content_type})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = f"connection error: {error.__class__.__name__}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            with lock:
                results.append((is_bad, kind, status, time.perf_counter() - started))

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - started


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def summarise(results, elapsed):
    good = [r for r in results if not r[0]]
    ok = [r[3] for r in good if r[2] == 200]
    statuses = {}
    for is_bad, kind, status, _ in results:
        key = ("malformed " if is_bad else "good ") + str(status)
        statuses[key] = statuses.get(key, 0) + 1
    return {
        "requests": len(results),
        "good_ok": len(ok),
        "good_failed": len(good) - len(ok),
        "bad_not_4xx": sum(1 for r in results if r[0] and not (isinstance(r[2], int) and 400 <= r[2] < 500)),
        "throughput": len(ok) / elapsed,
        "p50_ms": percentile(ok, 50) * 1000,
        "p99_ms": percentile(ok, 99) * 1000,
        "statuses": statuses,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--serve", default=".build/release/serve")
    parser.add_argument("--model", default="resnet18")
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--requests", type=int, default=0, help="requests per table row (0: 4 per client, at least 40)")
    parser.add_argument("--max-batch", type=int, default=8)
    parser.add_argument("--max-wait-ms", type=int, default=10)
    parser.add_argument("--mixed", type=int, default=10_000, help="requests in the mixed run (0: skip)")
    parser.add_argument("--mixed-concurrency", type=int, default=32)
    parser.add_argument("--mixed-image-size", type=int, default=224, help="the model's input side in the mixed run")
    parser.add_argument("--malformed-every", type=int, default=20, help="1 in N mixed requests is malformed (20: 5%%)")
    args = parser.parse_args()

    print("| batching | concurrency | requests | req/s | p50 ms | p99 ms | failed |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for batching in [False, True]:
        batch, wait = (args.max_batch, args.max_wait_ms) if batching else (1, 0)
        for concurrency in [int(c) for c in args.concurrency.split(",") if c]:
            server = Server(args.serve, args.model, free_port(), batch, wait, queue=256)
            run(server.port, min(concurrency, 4), 2 * concurrency, 0)   # warm the connections and caches
            results, elapsed = run(server.port, concurrency, args.requests or max(40, 4 * concurrency), 0)
            code = server.stop()
            s = summarise(results, elapsed)
            label = f"max {batch}, wait {wait} ms" if batching else "off"
            print(f"| {label} | {concurrency} | {s['requests']} | {s['throughput']:.1f} | {s['p50_ms']:.0f} | "
                  f"{s['p99_ms']:.0f} | {s['good_failed']} (exit {code}) |", flush=True)

    if args.mixed:
        server = Server(args.serve, args.model, free_port(), args.max_batch, args.max_wait_ms, queue=256,
                        image_size=args.mixed_image_size)
        run(server.port, 4, 40, 0)
        print(f"\nmixed run: {args.mixed} requests, 1 in {args.malformed_every} malformed, concurrency {args.mixed_concurrency}, "
              f"batching max {args.max_batch}, wait {args.max_wait_ms} ms, input {args.mixed_image_size}x{args.mixed_image_size}", flush=True)
        print(f"  server RSS after warm-up: {rss_kib(server.process.pid) / 1024:.0f} MiB", flush=True)
        results, elapsed, chunk = [], 0.0, 1000
        for start in range(0, args.mixed, chunk):
            part, seconds = run(server.port, args.mixed_concurrency, min(chunk, args.mixed - start), args.malformed_every)
            results += part
            elapsed += seconds
            s = summarise(part, seconds)
            print(f"  after {len(results)}: RSS {rss_kib(server.process.pid) / 1024:.0f} MiB, {s['throughput']:.1f} req/s, "
                  f"good failed {s['good_failed']}, malformed not 4xx {s['bad_not_4xx']}", flush=True)
        code = server.stop()
        s = summarise(results, elapsed)
        print(f"  good answered 200: {s['good_ok']}, good failed: {s['good_failed']}, malformed not answered 4xx: {s['bad_not_4xx']}")
        print(f"  statuses: {json.dumps(s['statuses'], sort_keys=True)}")
        print(f"  {s['throughput']:.1f} req/s, p50 {s['p50_ms']:.0f} ms, p99 {s['p99_ms']:.0f} ms")
        print(f"  server exit status after SIGTERM: {code}")

if __name__ == "__main__":
    main()
