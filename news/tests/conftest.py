"""Fixtures for news tests: news and campaign indexes in the site tree."""

import pytest

from news.tests.factories import CampaignIndexPageFactory, NewsIndexPageFactory


@pytest.fixture
def news_index(site_tree):
    return NewsIndexPageFactory(parent=site_tree["home"])


@pytest.fixture
def campaign_index(site_tree):
    return CampaignIndexPageFactory(parent=site_tree["home"])


@pytest.fixture
def client(client):
    """The test client asks for English pages, so assertions on interface text keep
    working once the Vietnamese translations (.po) exist."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
