import pytest

from core.models import Tag
from core.templatetags.ocop_tags import vnd
from products_catalog.tests.factories import make_product


@pytest.mark.django_db
def test_tags_are_case_insensitive_and_unicode(site_tree):
    first = make_product(site_tree["products"], "Mật ong rừng", tags=["Mật ong"])
    second = make_product(site_tree["products"], "Mật ong hoa cà phê", tags=["mật ong"])
    assert Tag.objects.filter(name__iexact="mật ong").count() == 1
    tag = Tag.objects.get()
    assert tag.name == "Mật ong"
    assert tag.slug == "mat-ong"
    assert set(tag.tagged_products.values_list("content_object_id", flat=True)) == {
        first.pk,
        second.pk,
    }


@pytest.mark.parametrize(
    "amount,text", [(1250000, "1.250.000 ₫"), (0, "0 ₫"), (None, ""), ("x", "")]
)
def test_vnd_format(amount, text):
    assert vnd(amount) == text
