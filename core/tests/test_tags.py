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


@pytest.mark.django_db
def test_tags_are_managed_as_snippets_with_an_english_name(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    tag = Tag.objects.create(name="Nước mắm")
    form = client.get(f"/admin/snippets/core/tag/edit/{tag.pk}/").content.decode()
    assert 'name="name_en"' in form and 'name="slug"' in form
    response = client.post(
        f"/admin/snippets/core/tag/edit/{tag.pk}/",
        {"name": "Nước mắm", "name_en": "Fish sauce", "slug": "nuoc-mam"},
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    assert (tag.name, tag.name_en, tag.slug) == ("Nước mắm", "Fish sauce", "nuoc-mam")
    assert "Fish sauce" in client.get("/admin/snippets/core/tag/").content.decode()


@pytest.mark.parametrize(
    "amount,text", [(1250000, "1.250.000 ₫"), (0, "0 ₫"), (None, ""), ("x", "")]
)
def test_vnd_format(amount, text):
    assert vnd(amount) == text
