#!/usr/bin/env bash
# Issue 12 fault runs on loopback, bounded: the load test of run_load.sh while
#  1. a web worker (gunicorn child) is killed with SIGKILL at 1/3 of the run and
#     the task worker at 1/2 (restarted at once, as systemd's Restart=always would);
#  2. then, with MAIL=hang, the mail server hangs during the run and is replaced by
#     a working one afterwards: the script times how long until the outbox is empty.
# Prints the load summary, the write check and the mail figures (sent, received,
# received twice). Usage: DATABASE_URL=... [MAIL=sink|hang] benchmarks/run_faults.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-60}; CONNECTIONS=${2:-16}; PORT=${PORT:-8124}; SMTP_PORT=${SMTP_PORT:-2527}
MAIL=${MAIL:-sink}; OUT=${OUT:-/tmp/ocop-faults}; DRAIN_LIMIT=${DRAIN_LIMIT:-900}
rm -rf "$OUT"; mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=ocop_site.settings.production DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-fault-test-$RANDOM$RANDOM$RANDOM}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/4} TRUSTED_PROXIES=1 DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost EMAIL_HOST=127.0.0.1 EMAIL_PORT=$SMTP_PORT EMAIL_TIMEOUT=${EMAIL_TIMEOUT:-5}
PY=.venv/bin/python
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; pkill -f "rqworker default" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
outbox_left() { echo "from core.models import OutboxMessage as M; print(M.objects.exclude(state=M.State.SENT).exclude(state=M.State.DEAD).count())" | $PY manage.py shell 2>/dev/null | tail -n1; }

$PY manage.py collectstatic --noinput -v0
redis-cli -u "$REDIS_URL" flushdb >/dev/null
$PY benchmarks/smtp_servers.py "$MAIL" "$SMTP_PORT" "$OUT/mail.mbox" & smtp=$!; pids+=($smtp)
$PY manage.py run_worker --every 10 >"$OUT/worker.log" 2>&1 & pids+=($!)
GUNICORN_BIND=127.0.0.1:$PORT .venv/bin/gunicorn -c gunicorn.conf.py ocop_site.wsgi >"$OUT/gunicorn.log" 2>&1 & master=$!; pids+=($master)
for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 1; done

(
  sleep "$((SECONDS_RUN / 3))"
  victim=$(pgrep -P "$master" | head -n1)
  echo "$(date +%T) kill -9 web worker $victim" | tee -a "$OUT/kills.log"
  kill -9 "$victim"
  sleep "$((SECONDS_RUN / 6))"
  victim=$(pgrep -f "rqworker default" | head -n1)
  echo "$(date +%T) kill -9 task worker $victim" | tee -a "$OUT/kills.log"
  kill -9 "$victim"  # run_worker notices its child died and exits; start a new one
  sleep 1
  $PY manage.py run_worker --every 10 >>"$OUT/worker.log" 2>&1 &
  echo $! >"$OUT/worker2.pid"
) & pids+=($!)

$PY benchmarks/load_test.py --base "http://127.0.0.1:$PORT" --seconds "$SECONDS_RUN" \
  --connections "$CONNECTIONS" --record "$OUT/record.json" | tee "$OUT/summary.json"
pids+=("$(cat "$OUT/worker2.pid")")

if [ "$MAIL" = hang ]; then
  kill "$smtp"; sleep 1
  $PY benchmarks/smtp_servers.py sink "$SMTP_PORT" "$OUT/mail.mbox" & pids+=($!)
  echo "$(date +%T) mail server back; outbox messages still to send: $(outbox_left)"
fi
start=$(date +%s)
while [ "$(outbox_left)" != 0 ] && [ $(( $(date +%s) - start )) -lt "$DRAIN_LIMIT" ]; do sleep 5; done
echo "outbox empty $(( $(date +%s) - start )) s after the run (left: $(outbox_left))"
LOAD_RECORD="$OUT/record.json" $PY manage.py shell < benchmarks/verify_writes.py | tee "$OUT/verify.json"
received=$(grep -c '^Message-ID' "$OUT/mail.mbox" 2>/dev/null || true)
twice=$(grep '^Message-ID' "$OUT/mail.mbox" 2>/dev/null | sort | uniq -d | wc -l)
echo "mails received by the sink: ${received:-0}; Message-IDs received more than once: $twice"
