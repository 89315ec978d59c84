"""Wagtail's scheduled publishing, run by the worker's periodic job.

A page with "go live" or "expire" dates (Settings tab) changes only when
``manage.py publish_scheduled`` runs; ``manage.py periodic`` (every minute, from
``run_worker`` or cron) enqueues :func:`publish_scheduled_task`, so a scheduled page
appears within about a minute without a cron line of its own.
"""

import io

from django.core.cache import cache
from django.core.management import call_command
from django_tasks import task

#: Once per this many seconds whatever the number of workers: two runs at once could
#: publish the same revision twice.
LOCK_SECONDS = 50
LOCK_KEY = "ocop:publish-scheduled"


def publish_scheduled():
    """Run Wagtail's ``publish_scheduled``; ``False`` when another process ran it just now."""
    if not cache.add(LOCK_KEY, 1, LOCK_SECONDS):
        return False
    call_command("publish_scheduled", stdout=io.StringIO())
    return True


@task()
def publish_scheduled_task():
    """:func:`publish_scheduled` as a django-tasks task (enqueued by ``manage.py periodic``)."""
    return publish_scheduled()
