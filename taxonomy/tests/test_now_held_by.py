"""``Locality.now_held_by``: what pages show as "now: …" after the 2025 reorganisation."""

import uuid

import pytest
from wagtail.models import Locale

from taxonomy.models import REORGANISED_ON, Locality

pytestmark = pytest.mark.django_db


def unit(name, level=Locality.Level.DISTRICT, **fields):
    return Locality.objects.create(
        name=name, level=level, locale=Locale.get_default(), translation_key=uuid.uuid4(), **fields
    )


def test_an_abolished_unit_names_the_end_of_its_successor_chain():
    dak_lak = unit("Tỉnh Đắk Lắk", Locality.Level.PROVINCE)
    interim = unit("Đơn vị trung gian", abolished_on=REORGANISED_ON, successor=dak_lak)
    tuy_an = unit("Huyện Tuy An", abolished_on=REORGANISED_ON, successor=interim)
    assert tuy_an.now_held_by == dak_lak  # not the first successor only
    assert interim.now_held_by == dak_lak
    assert dak_lak.now_held_by is None  # a unit that still exists


def test_a_loop_in_successors_does_not_hang():
    first = unit("Đơn vị A")
    second = unit("Đơn vị B", successor=first)
    first.successor = second
    first.save()
    assert first.now_held_by is None  # the walk stops where it started
