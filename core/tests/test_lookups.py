"""``__in_ids`` (core.lookups): what ``__in`` finds, with the ids sent as one array on
PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page


def pks(queryset):
    return sorted(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_in_ids_finds_what_in_finds(site_tree):
    every = pks(Page.objects.all())
    chosen = every[::2] + [10**9]  # an id that is no page
    assert len(every) > 3
    assert pks(Page.objects.filter(pk__in_ids=chosen)) == pks(Page.objects.filter(pk__in=chosen))
    assert pks(Page.objects.filter(pk__in_ids=set(chosen))) == every[::2]
    assert not Page.objects.filter(pk__in_ids=[]).exists()
    assert Page.objects.exclude(pk__in_ids=chosen).count() == len(every) - len(every[::2])


@pytest.mark.django_db
def test_in_ids_on_a_relation(site_tree):
    types = list(Page.objects.values_list("content_type_id", flat=True).distinct())[:2]
    assert pks(Page.objects.filter(content_type__in_ids=types)) == pks(
        Page.objects.filter(content_type__in=types)
    )


@pytest.mark.django_db
def test_in_ids_is_one_parameter_on_postgresql(site_tree):
    ids = list(range(1, 1001))
    with CaptureQueriesContext(connection) as captured:
        list(Page.objects.filter(pk__in_ids=ids).values_list("pk", flat=True))
    sql = captured[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql
