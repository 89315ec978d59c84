"""Factories for catalogue tests (factory_boy + wagtail-factories)."""

import datetime
import uuid

import factory
import wagtail_factories
from wagtail.models import Locale, Page, Site

from core.testing import TEST_TODAY
from core.text import slugify_vi
from home.models import HomePage
from products_catalog.models import (
    CertificationDecision,
    CertificationLevel,
    DecisionLine,
    ProducerIndexPage,
    ProducerPage,
    ProducerType,
    ProductIndexPage,
    ProductPage,
    RevocationDecision,
    RevocationLine,
)
from taxonomy.models import CriteriaVersion, Locality, ProductGroup


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality

    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    level = Locality.Level.DISTRICT
    locale = factory.LazyFunction(Locale.get_default)
    translation_key = factory.LazyFunction(uuid.uuid4)


class OcopPageFactory(wagtail_factories.PageFactory):
    """Page factory whose slugs come from :func:`core.text.slugify_vi`, like the site's."""

    class Meta:
        abstract = True

    slug = factory.LazyAttribute(lambda page: slugify_vi(page.title))


class HomePageFactory(OcopPageFactory):
    class Meta:
        model = HomePage

    title = "Trang chủ"


class ProductIndexPageFactory(OcopPageFactory):
    class Meta:
        model = ProductIndexPage

    title = "Sản phẩm OCOP"
    slug = "san-pham-ocop"


class ProducerIndexPageFactory(OcopPageFactory):
    class Meta:
        model = ProducerIndexPage

    title = "Chủ thể OCOP"
    slug = "chu-the-ocop"


class ProducerPageFactory(OcopPageFactory):
    class Meta:
        model = ProducerPage

    title = factory.Sequence(lambda n: f"HTX Thử nghiệm {n}")
    producer_type = ProducerType.COOPERATIVE


class ProductPageFactory(OcopPageFactory):
    class Meta:
        model = ProductPage

    title = factory.Sequence(lambda n: f"Sản phẩm thử {n}")


def build_site_tree():
    """Replace the default root child with a HomePage site and both indexes."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    home = HomePageFactory(parent=root, slug="home")
    site = Site.objects.create(hostname="testserver", root_page=home, is_default_site=True)
    products = ProductIndexPageFactory(parent=home)
    producers = ProducerIndexPageFactory(parent=home)
    return {"home": home, "products": products, "producers": producers, "site": site}


def group(slug):
    """A seeded product group by slug, e.g. ``group("thuc-pham-2023")``."""
    return ProductGroup.objects.get(slug=slug)


DECISION_FIELDS = {
    "decision_number": "number",
    "decision_date": "decision_date",
    "decision_year": "decision_year",
    "issuing_body": "issuing_body",
    "level": "level",
    "criteria_version": "criteria_version",
    "batch": "batch",
    "document": "document",
}
LINE_FIELDS = ("stars", "stars_published", "score", "kind", "note")


def certify(product, **values):
    """Record ``product`` in a new certification decision (one line); returns the line.

    ``values``: decision fields (``decision_number``, ``decision_date``,
    ``decision_year``, ``issuing_body``, ``level``, ``criteria_version``,
    ``batch``, ``document``) and line fields (``stars``, ``stars_published``,
    ``score``, ``kind``, ``note``); defaults: provincial, criteria 148,
    "UBND tỉnh". ``decision=`` adds the line to an existing decision.
    """
    decision = values.pop("decision", None)
    values = {
        "level": CertificationLevel.PROVINCIAL,
        "criteria_version": CriteriaVersion.D148_2023,
        "issuing_body": "UBND tỉnh",
        **values,
    }
    if decision is None:
        decision = CertificationDecision.objects.create(
            **{DECISION_FIELDS[k]: v for k, v in values.items() if k in DECISION_FIELDS}
        )
    line = {k: v for k, v in values.items() if k in LINE_FIELDS}
    return DecisionLine.objects.create(decision=decision, product=product, **line)


def revoke(product, revoked_on, reason="Vi phạm tiêu chí sau kiểm tra", number="9/QĐ-UBND"):
    """Record a revocation decision ending ``product``'s certificate on ``revoked_on``."""
    revocation = RevocationDecision.objects.create(
        number=number, decision_date=revoked_on, issuing_body="UBND tỉnh", reason=reason
    )
    RevocationLine.objects.create(revocation=revocation, product=product)
    return revocation


def make_product(
    index,
    title=None,
    *,
    stars=3,
    decision_date=None,
    decision_year=None,
    producer=None,
    group=None,
    locality=None,
    tags=(),
    decisions=None,
    live=True,
    **fields,
):
    """Create a live product certified by one decision (or the ``decisions`` given).

    ``decision_date`` defaults to one year before the test clock's date (a
    valid certificate). ``decisions`` is a list of dicts for :func:`certify`.
    """
    if decisions is None:
        if decision_date is None and decision_year is None:
            decision_date = TEST_TODAY - datetime.timedelta(days=365)
        decisions = [
            {"stars": stars, "decision_date": decision_date, "decision_year": decision_year}
        ]
    kwargs = {"parent": index, "producer": producer, "group": group, "locality": locality}
    if title:
        kwargs["title"] = title
    product = ProductPageFactory(**kwargs, **fields)
    for values in decisions:
        certify(product, **values)
    product.refresh_from_db()
    for tag in tags:
        product.tags.add(tag)
    if tags:
        product.save()
    if not live:
        product.unpublish()
    return product
