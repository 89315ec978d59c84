#!/usr/bin/env bash
# Issue 12 load and fault test on loopback: gunicorn (4 workers, production settings), the task
# worker, a sink mail server; then the load test, then the write check. Bounded; stops everything.
# Usage: DATABASE_URL=... benchmarks/run_load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-60}; CONNECTIONS=${2:-16}; PORT=${PORT:-8123}; SMTP_PORT=${SMTP_PORT:-2526}
OUT=${OUT:-/tmp/ocop-load}; mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=ocop_site.settings.production DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-load-test-$RANDOM$RANDOM$RANDOM}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/3} TRUSTED_PROXIES=1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost EMAIL_HOST=127.0.0.1 EMAIL_PORT=$SMTP_PORT
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python benchmarks/smtp_servers.py sink "$SMTP_PORT" "$OUT/mail.mbox" & pids+=($!)
.venv/bin/python manage.py rqworker default --job-class django_tasks_rq.Job >"$OUT/worker.log" 2>&1 & pids+=($!)
GUNICORN_BIND=127.0.0.1:$PORT .venv/bin/gunicorn -c gunicorn.conf.py ocop_site.wsgi >"$OUT/gunicorn.log" 2>&1 & pids+=($!)
for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 1; done
.venv/bin/python benchmarks/load_test.py --base "http://127.0.0.1:$PORT" --seconds "$SECONDS_RUN" \
  --connections "$CONNECTIONS" --record "$OUT/record.json" | tee "$OUT/summary.json"
sleep 10  # let the worker drain the outbox
LOAD_RECORD="$OUT/record.json" .venv/bin/python manage.py shell < benchmarks/verify_writes.py | tee "$OUT/verify.json"
echo "mails received by the sink: $(grep -c '^Message-ID' "$OUT/mail.mbox" || echo 0)"
