"""Fixtures for programme tests: a catalogue with the demo localities, users per role."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from programme import demo_catalogue

DATA = Path(__file__).resolve().parent / "data"
COUNCIL_CSV = DATA / "council_list_2025.csv"


@pytest.fixture
def catalogue(site_tree):
    """``site_tree`` plus the provinces and districts of the demo CSV (no products)."""
    provinces, districts = demo_catalogue.ensure_demo_localities(demo_catalogue.read_rows())
    site_tree["districts"] = {unit.name: unit for unit in districts.values()}
    site_tree["province"] = next(iter(provinces.values()))
    return site_tree


@pytest.fixture
def demo_catalogue_loaded(catalogue):
    """``catalogue`` with the 52 demo products loaded through the importer (slow)."""
    demo_catalogue.load(catalogue["home"])
    return catalogue


# Demo products the council test list (data/council_list_2025.csv) refers to.
COUNCIL_KNOWN = {"Nước mắm Tân Lập", "Muối hạt sạch", "Cá ngừ đại dương"}


@pytest.fixture
def council_catalogue(catalogue):
    """``catalogue`` with the few demo products the council test list matches (fast)."""
    rows = [row for row in demo_catalogue.read_rows() if row["name"] in COUNCIL_KNOWN]
    demo_catalogue.load(catalogue["home"], rows=rows)
    return catalogue


def make_user(django_user_model, username, *groups, **extra):
    """A user in ``groups`` whose admin speaks English (tests read English messages)."""
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_user(
        username=username, password="pw-" + username, email=f"{username}@example.org", **extra
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def in_english():
    """Messages made outside a request (imports, e-mails) in English, whatever the .po says."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "editor", "Editors")


@pytest.fixture
def moderator(django_user_model):
    return make_user(django_user_model, "moderator", "Moderators")


@pytest.fixture
def administrator(django_user_model):
    return make_user(django_user_model, "administrator", "Administrators")


@pytest.fixture
def outsider(django_user_model):
    """An admin-less account with no group (e.g. a producer's, should one ever exist)."""
    return make_user(django_user_model, "outsider")
