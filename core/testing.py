"""The test clock: one "today" for the whole test suite.

Every test runs with the clock frozen (ticking) at :data:`TEST_TODAY`, 10:00
local time (Asia/Ho_Chi_Minh), set by the root ``conftest.py`` with
time-machine. ``OCOP_TEST_TODAY`` (ISO date) moves it: ``.ci/run`` runs the
tests marked ``dated`` again at 2027-03-01, 2028-02-29 and 2030-12-31, so a
rule that only holds on some days shows up. Tests compute their dates from
:data:`TEST_TODAY` (or the ``today`` fixture), never from the real clock.
"""

import contextlib
import datetime
import os
import zoneinfo
from pathlib import Path
from unittest import mock

from django.urls import LocalePrefixPattern, clear_url_caches

from core.middleware import UrlLanguageMiddleware

#: Debian's Chromium and the flags browser tests launch it with (never ``playwright install``);
#: screenshots go to :data:`ARTIFACTS` (see the ``chromium`` fixture in the root conftest).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

DEFAULT_TEST_TODAY = "2026-12-01"
LOCAL_TZ = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _test_today():
    raw = os.environ.get("OCOP_TEST_TODAY", "").strip() or DEFAULT_TEST_TODAY
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError as error:
        raise SystemExit(
            f"OCOP_TEST_TODAY must be an ISO date (YYYY-MM-DD), not {raw!r}"
        ) from error


#: The date every test sees as "today" (a ``datetime.date``).
TEST_TODAY = _test_today()
#: The instant the clock starts from in each test: 10:00 local time on :data:`TEST_TODAY`.
TEST_NOW = datetime.datetime.combine(TEST_TODAY, datetime.time(10, 0), tzinfo=LOCAL_TZ)


def days_ago(days):
    """``TEST_TODAY`` minus ``days`` days (a ``datetime.date``)."""
    return TEST_TODAY - datetime.timedelta(days=days)


def days_ahead(days):
    """``TEST_TODAY`` plus ``days`` days (a ``datetime.date``)."""
    return TEST_TODAY + datetime.timedelta(days=days)


def response_bytes(response):
    """The body of a test-client response, streamed (``FileResponse``…) or not (bytes)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@contextlib.contextmanager
def english_interface():
    """Every request answers with the English interface, whatever its URL.

    For tests written before the URL decided the language (issue 13) that assert the
    English msgids on Vietnamese pages; the site itself never does this.
    """
    english = staticmethod(lambda request: "en")
    # The URLs stay the Vietnamese ones (no /en/ prefix to resolve or reverse).
    unprefixed = property(lambda pattern: "")
    with (
        mock.patch.object(UrlLanguageMiddleware, "language_for", english),
        mock.patch.object(LocalePrefixPattern, "language_prefix", unprefixed),
    ):
        clear_url_caches()  # the resolver keeps reverse tables per language
        try:
            yield
        finally:
            clear_url_caches()
