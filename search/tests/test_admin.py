"""Editors' side: the popular-queries report and promoted results in Wagtail's admin."""

import pytest
from django.urls import reverse

from core.testing import TEST_NOW
from search.promotions import flush_query_log

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    return client


def test_search_terms_report_counts_every_spelling_as_one_query(admin_client, catalogue):
    searches = [("Nước mắm", 1), ("nuoc mam", 2), ("NƯỚC MẮM", 3), ("dầu phộng", 1)]
    for query, visitor in searches:
        admin_client.get("/search/", {"q": query}, REMOTE_ADDR=f"198.51.100.{visitor}")
    admin_client.get("/search/", {"q": "dau phong"}, REMOTE_ADDR="198.51.100.1")  # again: once
    flush_query_log(now=TEST_NOW.timestamp() + 120)  # the periodic job writes the finished minute
    response = admin_client.get(reverse("wagtailsearchpromotions:search_terms"))
    assert response.status_code == 200
    rows = {str(query.query_string): query._hits for query in response.context["object_list"]}
    assert rows == {"nuoc mam": 3, "dau phong": 1}


def test_promoted_results_admin_is_available(admin_client, catalogue):
    response = admin_client.get(reverse("wagtailsearchpromotions:index"))
    assert response.status_code == 200
    response = admin_client.get(reverse("wagtailsearchpromotions:add"))
    assert response.status_code == 200
