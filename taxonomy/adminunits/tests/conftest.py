"""These tests need no Django: they also run with ``-p no:django``."""

import pytest


@pytest.fixture(autouse=True)
def _site_language():
    """Stands in for the project-wide fixture, which needs Django's settings."""
    yield
