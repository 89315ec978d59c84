"""Load test of a running site (issue 12): browsing + inquiries + registrations, loopback only.

Standard library only. ``--connections`` threads for ``--seconds`` (both
bounded) against ``--base`` (must be 127.0.0.1/localhost). Each request
claims a different client address in ``X-Forwarded-For`` (TEST-NET-3,
203.0.113.0/24; start the site with ``TRUSTED_PROXIES=1``) so that the rate
limits act per simulated visitor; a 429 is counted as an answer, not an
error. Writes the accepted inquiries and registrations to ``--record`` (JSON)
for ``benchmarks/verify_writes.py``, which checks that none was lost.

    python benchmarks/load_test.py --base http://127.0.0.1:8123 --seconds 60 --connections 16
"""

import argparse
import http.client
import json
import random
import re
import statistics
import threading
import time
import urllib.parse
from collections import Counter

RUN = int(time.time())
MIX = [("browse", 70), ("search", 10), ("inquiry", 10), ("register", 10)]


class Site:
    def __init__(self, base):
        parts = urllib.parse.urlsplit(base)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("loopback only")
        self.host, self.port = parts.hostname, parts.port or 80
        self.local = threading.local()

    def conn(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        return self.local.conn

    def request(self, method, path, body=None, headers=None, client=1):
        headers = {"X-Forwarded-For": f"203.0.113.{client}", **(headers or {})}
        for attempt in range(2):
            try:
                conn = self.conn()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                return response.status, response.getheaders(), response.read()
            except (http.client.HTTPException, OSError):
                self.local.conn = None
                if attempt:
                    return 0, [], b""
        return 0, [], b""


def csrf_of(headers, html):
    cookie = next(
        (v.split(";")[0] for k, v in headers if k.lower() == "set-cookie" and "csrftoken=" in v),
        "",
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return cookie, token.group(1).decode() if token else ""


def discover(site, event_path):
    _s, _h, home = site.request("GET", "/")
    _s, _h, catalogue = site.request("GET", "/san-pham-ocop/")
    products = sorted(set(re.findall(rb'href="(/san-pham-ocop/[a-z0-9-]+/)"', catalogue)))
    products = [p.decode() for p in products][:20]
    _s, _h, product = site.request("GET", products[0])
    inquiry = re.search(rb'action="(/ket-noi/hoi-hang/\d+/)"', product).group(1).decode()
    return {"browse": ["/", "/san-pham-ocop/", *products], "inquiry": inquiry, "event": event_path}


def run(site, targets, seconds, connections):
    stats, latencies, lock = Counter(), [], threading.Lock()
    record = {"inquiries": [], "registrations": []}
    deadline = time.monotonic() + seconds
    words = ["nuoc mam", "mat ong", "ca phe", "muoi", "yen sao", "banh trang", "ruou"]

    def worker(index):
        rng = random.Random(index)
        serial = 0
        while time.monotonic() < deadline:
            serial += 1
            client = rng.randint(1, 250)
            kind = rng.choices([k for k, _w in MIX], [w for _k, w in MIX])[0]
            started = time.monotonic()
            if kind == "browse":
                status, _h, _b = site.request("GET", rng.choice(targets["browse"]), client=client)
            elif kind == "search":
                q = urllib.parse.quote(rng.choice(words))
                status, _h, _b = site.request("GET", f"/search/?q={q}", client=client)
            else:
                path = targets["inquiry"] if kind == "inquiry" else targets["event"]
                status, headers, html = site.request("GET", path, client=client)
                cookie, token = csrf_of(headers, html)
                # RUN keeps addresses new on every run (a repeated address is refused).
                email = f"load-{RUN}-{index}-{serial}@example.org"
                if kind == "inquiry":
                    form = {
                        "buyer_name": f"Khách {index}-{serial}",
                        "email": email,
                        "products_wanted": "Nước mắm",
                        "consent": "on",
                    }
                else:
                    form = {
                        "name": f"Khách {index}-{serial}",
                        "role": "buyer",
                        "email": email,
                        "consent": "on",
                    }
                form["csrfmiddlewaretoken"] = token
                status, headers, _b = site.request(
                    "POST",
                    path,
                    body=urllib.parse.urlencode(form),
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": cookie,
                    },
                    client=client,
                )
                if status == 302:
                    with lock:
                        key = "inquiries" if kind == "inquiry" else "registrations"
                        record[key].append(email)
            elapsed = time.monotonic() - started
            with lock:
                stats[(kind, status)] += 1
                latencies.append(elapsed)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats, latencies, record


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8123")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--event", default="/su-kien/su-kien-mau-ket-noi-cung-cau-san-pham-ocop/")
    parser.add_argument("--record", default="load-record.json")
    args = parser.parse_args()
    if not (0 < args.seconds <= 600 and 0 < args.connections <= 64):
        raise SystemExit("bounded: at most 600 s and 64 connections")
    site = Site(args.base)
    targets = discover(site, args.event)
    stats, latencies, record = run(site, targets, args.seconds, args.connections)
    total = sum(stats.values())
    errors = sum(n for (_k, status), n in stats.items() if status == 0 or status >= 500)
    latencies.sort()
    summary = {
        "requests": total,
        "per_second": round(total / args.seconds, 1),
        "5xx_or_failed": errors,
        "by_kind_and_status": {f"{k} {s}": n for (k, s), n in sorted(stats.items())},
        "median_ms": round(statistics.median(latencies) * 1000),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000),
        "max_ms": round(latencies[-1] * 1000),
        "accepted_inquiries": len(record["inquiries"]),
        "accepted_registrations": len(record["registrations"]),
    }
    with open(args.record, "w") as out:
        json.dump(record, out)
    print(json.dumps(summary, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
