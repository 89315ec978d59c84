#!/usr/bin/env bash
# Issue 14: the same six page kinds of this site and of Wagtail's bakerydemo, timed the same way
# (benchmarks/side_by_side.py: Django's WSGI handler in-process, median CPU of 20 requests, app
# and app + PostgreSQL backend), one after the other in one run; prints one table.
# Usage: benchmarks/side_by_side.sh   (environment below can be overridden)
#   OCOP_DATABASE_URL   this site's database (default: the 20,000-product bench_20k)
#   BAKERY_DIR          a bakerydemo checkout with its own .venv (default: /work/wt/bakerydemo)
#   BAKERY_DATABASE_URL its database, after `manage.py load_initial_data` (default: bench_bakery)
#   OCOP_PRODUCT        the product page to time (default: a generated one mid-catalogue)
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=$PWD
BAKERY_DIR=${BAKERY_DIR:-/work/wt/bakerydemo}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export BENCH_REPEAT=${BENCH_REPEAT:-20}

(
  export DJANGO_SETTINGS_MODULE=ocop_site.settings.production DJANGO_SECRET_KEY=bench-not-secret \
    DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=localhost OCOP_PAGE_CACHE=0 \
    DATABASE_URL=${OCOP_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_20k} \
    REDIS_URL=${OCOP_REDIS_URL:-redis://127.0.0.1:6379/13}
  product=${OCOP_PRODUCT:-/san-pham-ocop/gen-san-pham-10013/}
  export BENCH_PAGES="home=/;listing=/san-pham-ocop/;detail=$product;article=@NewsPage;search=/search/?q=mật ong;standard page=/gioi-thieu/"
  .venv/bin/python manage.py shell < benchmarks/side_by_side.py 2>/dev/null | grep '^{' > "$OUT/ocop.jsonl"
)
(
  cd "$BAKERY_DIR"
  export DJANGO_SETTINGS_MODULE=bakerydemo.settings.production DJANGO_SECRET_KEY=bench-not-secret \
    SECURE_SSL_REDIRECT=false DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=${BAKERY_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench_bakery}
  unset REDIS_URL
  export BENCH_PAGES="home=/;listing=/breads/;detail=@BreadPage;article=@BlogPage;search=/search/?q=bread;standard page=@StandardPage"
  .venv/bin/python manage.py shell < "$HERE/benchmarks/side_by_side.py" 2>/dev/null | grep '^{' > "$OUT/bakery.jsonl"
)
python3 - "$OUT/ocop.jsonl" "$OUT/bakery.jsonl" <<'PY'
import json, sys
ocop = {r["label"]: r for r in map(json.loads, open(sys.argv[1]))}
bakery = {r["label"]: r for r in map(json.loads, open(sys.argv[2]))}
print(f"{'page':14} | {'OCOP app / +DB ms':>18} {'q':>3} | {'bakery app / +DB ms':>20} {'q':>3} | app ratio")
for label in ocop:
    o, b = ocop[label], bakery.get(label, {})
    if "app_ms" not in o or "app_ms" not in b:
        print(f"{label:14} | missing: {o.get('url')} / {b.get('url')}")
        continue
    print(f"{label:14} | {o['app_ms']:8.1f} / {o['total_ms']:7.1f} {o['queries']:3d} | "
          f"{b['app_ms']:9.1f} / {b['total_ms']:8.1f} {b['queries']:3d} | "
          f"{o['app_ms'] / b['app_ms']:5.2f}×")
for name, rows in (("OCOP", ocop), ("bakerydemo", bakery)):
    print(f"{name}: " + "; ".join(f"{r['label']} {r['url']} ({r.get('status')}, {r.get('bytes')} B)" for r in rows.values()))
PY
