"""Fixtures for news tests: news and campaign indexes in the site tree."""

import pytest

from core.testing import english_interface
from news.tests.factories import CampaignIndexPageFactory, NewsIndexPageFactory


@pytest.fixture
def news_index(site_tree):
    return NewsIndexPageFactory(parent=site_tree["home"])


@pytest.fixture
def campaign_index(site_tree):
    return CampaignIndexPageFactory(parent=site_tree["home"])


@pytest.fixture
def client(client):
    """The English interface on every page, so assertions on interface text keep
    working with the Vietnamese translations (.po)."""
    with english_interface():
        yield client
