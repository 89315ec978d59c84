"""Fixtures for event tests: an event index in the site tree and a fixed clock."""

import pytest

from core.testing import english_interface
from events.tests.factories import EventIndexPageFactory


@pytest.fixture
def event_index(site_tree):
    return EventIndexPageFactory(parent=site_tree["home"])


@pytest.fixture
def clock(monkeypatch):
    """``clock(dt)`` sets "now" (aware) for :mod:`events.timeutils` and the views."""

    def set_now(moment):
        monkeypatch.setattr("events.timeutils.current_time", lambda: moment)
        return moment

    return set_now


@pytest.fixture
def client(client):
    """The English interface on every page, so assertions on interface text keep
    working with the Vietnamese translations (.po)."""
    with english_interface():
        yield client
