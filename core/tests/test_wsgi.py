"""``ocop_site.wsgi``: what gunicorn loads leaves the start-up heap frozen."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import gc
before = gc.get_freeze_count()
import ocop_site.wsgi
print(before, gc.get_freeze_count(), callable(ocop_site.wsgi.application))
"""


def test_loading_the_wsgi_application_freezes_the_start_up_heap():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ocop_site.settings.dev"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    before, after, callable_app = result.stdout.split()
    assert before == "0" and int(after) > 10_000  # Django and Wagtail's objects
    assert callable_app == "True"
