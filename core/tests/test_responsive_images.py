"""``{% srcset_image %}`` (core.templatetags.responsive_images): each width offered once."""

import re

import pytest
from django.template import Context, Template

from core.placeholders import create_placeholder_image

pytestmark = pytest.mark.django_db

HERO = "fill-{400x300,800x600,1200x900}"


def render(source, **context):
    return Template(source).render(Context(context))


def widths(html):
    (srcset,) = re.findall(r'srcset="([^"]+)"', html)
    return [candidate.split()[-1] for candidate in srcset.split(", ")]


def test_an_image_narrower_than_the_largest_rendition_lists_each_width_once():
    image = create_placeholder_image("Nước mắm Gành Đỏ", "#8a5a00")  # 800 px wide
    assert image.width == 800
    wagtail = render(
        "{% load wagtailimages_tags %}{% srcset_image image " + HERO + ' alt="" %}', image=image
    )
    ours = render(
        "{% load wagtailimages_tags responsive_images %}{% srcset_image image "
        + HERO
        + ' sizes="100vw" alt="" %}',
        image=image,
    )
    assert widths(wagtail) == ["400w", "800w", "800w"]  # what Wagtail gives
    assert widths(ours) == ["400w", "800w"]
    assert 'sizes="100vw"' in ours and 'width="400"' in ours  # the first is the fallback


def test_as_a_variable_and_without_an_image():
    image = create_placeholder_image("Muối Tuyết Diêm", "#205080")
    html = render(
        "{% load wagtailimages_tags responsive_images %}"
        "{% srcset_image image " + HERO + " as hero %}{{ hero.renditions|length }}"
        "{% srcset_image missing " + HERO + " %}",
        image=image,
        missing=None,
    )
    assert html == "2"
