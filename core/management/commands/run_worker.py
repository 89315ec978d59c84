"""``manage.py run_worker``: the task worker plus the periodic jobs, in one foreground process.

Starts the django-tasks worker of the configured backend as a child
(``db_worker``, or ``rqworker default --job-class django_tasks_rq.Job`` on
Redis) and runs ``manage.py periodic`` every ``--every`` seconds beside it;
Ctrl-C or SIGTERM stops both.
``make run`` starts it next to the development server. In production run the
worker and a timer for ``periodic`` as separate units instead (README).
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

JOB_CLASS = "django_tasks_rq.Job"  # the RQ job class django-tasks-rq needs


def worker_command():
    """The argv of the task worker for ``settings.TASKS_BACKEND``."""
    if getattr(settings, "TASKS_BACKEND", "database") == "rq":
        return [sys.executable, "-m", "django", "rqworker", "default", "--job-class", JOB_CLASS]
    return [sys.executable, "-m", "django", "db_worker", "--interval", "1"]


class Command(BaseCommand):
    help = "Run the task worker and the periodic jobs until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=60.0, help="seconds between runs")

    def handle(self, *args, every=60.0, **options):
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
        child = subprocess.Popen(worker_command())
        self.stdout.write(
            f"Task worker started (pid {child.pid}); periodic jobs every {every:g} s."
        )
        next_run = 0.0
        try:
            while not stop and child.poll() is None:
                if time.monotonic() >= next_run:
                    try:
                        call_command("periodic", quiet=True, stdout=self.stdout)
                    except Exception as error:  # noqa: BLE001 — keep the worker alive
                        self.stderr.write(f"periodic: {type(error).__name__}: {error}")
                    next_run = time.monotonic() + every
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    child.kill()
        return None
