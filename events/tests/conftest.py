"""Fixtures for event tests: an event index in the site tree and a fixed clock."""

import pytest

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
    """The test client asks for English pages, so assertions on interface text keep
    working once the Vietnamese translations (.po) exist."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
