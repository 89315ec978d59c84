"""Demo catalogue: the province's real product list, loaded through the importer.

There is one way for data in. :func:`load` (called by ``home``'s
``load_demo_content``) does what an editor would do:

1. the catalogue and producer index pages (:func:`ensure_indexes`) and the
   localities of the list (:func:`ensure_demo_localities`);
2. ``products_catalog/data/phu_yen_ocop_products.csv`` through
   :func:`~programme.imports.service.preview_import` →
   :func:`~programme.imports.service.apply_import`, format "catalogue",
   published, with no user (so the rules' warnings are recorded as
   acknowledged by "import"); an unchanged list is not imported again;
3. what the importer does not set, because it is page content: a flagged
   placeholder picture per product, tags from the product's name
   (:func:`tags_for`) and the producers' description — only on pages that
   lack them, so running it twice changes nothing.

Facts stay as the source gives them (see :mod:`programme.imports.catalogue`);
the wording of pages and the tag table are in ``data/demo_catalogue.json``.
"""

import csv
import io
import json
import uuid
from functools import cache
from pathlib import Path

from wagtail.models import Collection, Locale

import products_catalog
from core.placeholders import create_placeholder_image, is_current_placeholder
from core.text import slugify_vi, words
from products_catalog import rules
from products_catalog.models import (
    ProducerIndexPage,
    ProducerPage,
    ProductGalleryImage,
    ProductIndexPage,
    ProductPage,
)
from programme.imports.catalogue import district_full_name
from programme.imports.service import apply_import, make_plan, preview_import
from programme.models import ImportLog
from taxonomy.models import Locality

PRODUCTS_CSV = (
    Path(products_catalog.__file__).resolve().parent / "data" / "phu_yen_ocop_products.csv"
)
CONTENT_JSON = Path(__file__).resolve().parent / "data" / "demo_catalogue.json"
PICTURE_COLOUR = "#546e7a"  # when a product has no group


class DemoImportFailed(Exception):
    """The shipped list did not pass the importer; ``reasons`` say why."""

    def __init__(self, reasons):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@cache
def content():
    """The demo wording and tag table (``data/demo_catalogue.json``)."""
    return json.loads(CONTENT_JSON.read_text(encoding="utf-8"))


def read_rows(path=PRODUCTS_CSV):
    """Rows of the products CSV as dicts of stripped strings (header names as keys)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in raw.items()} for raw in csv.DictReader(handle)]


def rows_csv(rows):
    """``rows`` (as :func:`read_rows` gives them) back to CSV bytes, for a partial load."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


# Tags ---------------------------------------------------------------------


@cache
def _phrases():
    table = content()["tags"]
    return sorted(
        ((tuple(phrase.split()), tuple(tags)) for phrase, tags in table.items()),
        key=lambda item: -len(item[0]),
    )


def tags_for(name):
    """Tags for a product name: phrases of whole folded words (see the JSON's ``_tags``).

    "Cà phê Superior" → [] ("ca phe" is not "ca", fish); "Mắm mực Phú Khang"
    → ["Hải sản", "Nước mắm"]. Sorted.
    """
    tokens, found, index = words(name), set(), 0
    while index < len(tokens):
        for phrase, tags in _phrases():
            if tuple(tokens[index : index + len(phrase)]) == phrase:
                found.update(tags)
                index += len(phrase)
                break
        else:
            index += 1
    return sorted(found)


# Pages and localities -----------------------------------------------------


def _index_page(home, model, spec):
    existing = model.objects.child_of(home).filter(slug=spec["slug"]).first()
    if existing:
        return existing
    page = model(title=spec["title"], slug=spec["slug"], intro=spec["intro"], show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_indexes(home):
    """``(catalogue page, producers page)`` under ``home``: "/san-pham-ocop/", "/chu-the-ocop/"."""
    return (
        _index_page(home, ProductIndexPage, content()["product_index"]),
        _index_page(home, ProducerIndexPage, content()["producer_index"]),
    )


def _locality(name, level, **fields):
    locale = Locale.get_default()
    slug = slugify_vi(name, 80)
    unit = Locality.objects.filter(slug=slug, locale=locale).first()
    if unit is None:
        unit = Locality.objects.create(
            name=name,
            slug=slug,
            level=level,
            locale=locale,
            translation_key=uuid.uuid4(),
            **fields,
        )
    return unit


def ensure_demo_localities(rows):
    """Provinces and districts of ``rows`` (dicts with ``province``, ``district``), made once.

    They were abolished by the 1 July 2025 reorganisation and point to the
    successor province (``successor_province`` in the JSON). Returns
    ``(provinces, districts)``, dicts by the names the rows use ("TX Đông Hòa").
    The importer then finds them by name, like any locality.
    """
    abolished = {
        "abolished_on": rules.DISTRICTS_ABOLISHED_ON,
        "successor": _locality(content()["successor_province"], Locality.Level.PROVINCE),
    }
    provinces, districts = {}, {}
    for row in rows:
        province = row["province"]
        if province not in provinces:
            provinces[province] = _locality(province, Locality.Level.PROVINCE, **abolished)
        if row["district"] and row["district"] not in districts:
            districts[row["district"]] = _locality(
                district_full_name(row["district"]),
                Locality.Level.DISTRICT,
                parent=provinces[province],
                **abolished,
            )
    return provinces, districts


# Import -------------------------------------------------------------------


def import_rows(data, file_name, user=None):
    """Preview and apply ``data`` (CSV bytes, catalogue format); returns the plan.

    Nothing is imported when the plan changes nothing. Raises
    :class:`DemoImportFailed` when a row is rejected or applying fails.
    """
    plan = make_plan(data, file_name, "catalogue")
    if not plan.has_changes and plan.is_applicable:
        return plan
    log, plan = preview_import(
        data,
        file_name,
        user=user,
        source=ImportLog.Source.COMMAND,
        column_format="catalogue",
        publish=True,
    )
    if log.status != ImportLog.Status.PREVIEWED:
        rejected = [
            f"row {row['row']}: {'; '.join(row['reasons'])}"
            for row in log.report
            if row["action"] == "reject"
        ]
        raise DemoImportFailed(list(log.file_errors) + rejected)
    _log, plan, _counts = apply_import(log, user=user)
    return plan


# Page content the importer does not set -----------------------------------


def picture_collection():
    name = content()["picture_collection"]
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def _publish(page):
    """Save the demo's addition; publish it unless an editor has a draft pending."""
    publish = page.live and not page.has_unpublished_changes
    revision = page.save_revision()
    if publish:
        revision.publish()


def outdated_placeholders(product):
    """The product's gallery rows whose picture is an older-style placeholder, when every
    picture of the product is a placeholder (a real photo or an editor's choice stays)."""
    items = list(product.gallery_images.all())
    if not items or not all(item.image.is_placeholder for item in items):
        return []
    return [item for item in items if not is_current_placeholder(item.image)]


def decorate_products(product_ids):
    """Placeholder picture and tags for each product that has none; returns how many changed.

    A product whose pictures are all placeholders of an older style gets a new one
    (per product: group icon, initials, name, the subgroup's colour); the old pictures,
    flagged placeholders, are deleted.
    """
    collection, changed = None, 0
    products = (
        ProductPage.objects.filter(pk__in=product_ids)
        .select_related("group", "subgroup")
        .prefetch_related("gallery_images__image", "tagged_items")
    )
    for product in products:
        outdated = outdated_placeholders(product)
        needs_picture = bool(outdated) or not product.gallery_images.all()
        missing_tags = [] if product.tagged_items.all() else tags_for(product.title)
        if not (needs_picture or missing_tags):
            continue
        replaced = []
        if needs_picture:
            collection = collection or picture_collection()
            replaced = replace_picture(product, outdated, collection)
        for tag in missing_tags:
            product.tags.add(tag)
        _publish(product)
        for old in replaced:
            old.delete()
        changed += 1
    return changed


def replace_picture(product, outdated, collection):
    """Draw the product's illustration; drop the ``outdated`` rows and return their
    (placeholder) images, to delete once the page is saved."""
    group = product.group
    family = group.family if group else ""
    colour = group.colour if group else PICTURE_COLOUR
    subgroup = product.subgroup.slug if product.subgroup_id else ""
    image = create_placeholder_image(
        product.title, colour, collection, family=family, subgroup=subgroup
    )
    old_images = [item.image for item in outdated if item.image.is_placeholder]
    for item in outdated:
        product.gallery_images.remove(item)
    product.gallery_images.add(ProductGalleryImage(image=image, caption=""))
    return old_images


def describe_producers(producer_ids):
    """A one-line description for each producer that has none; returns how many changed."""
    changed = 0
    producers = ProducerPage.objects.filter(pk__in=producer_ids, description="").select_related(
        "locality"
    )
    for producer in producers:
        where = (
            producer.locality.name
            if producer.locality
            else content()["producer_description_no_locality"]
        )
        producer.description = content()["producer_description"].format(locality=where)
        _publish(producer)
        changed += 1
    return changed


def load(home, rows=None, stdout=None):
    """Load the demo list (or only ``rows`` of it) under ``home``; idempotent.

    Returns ``{"products", "producers", "decorated"}``: products and producers
    created, pages given pictures, tags or a description.
    """
    data = PRODUCTS_CSV.read_bytes() if rows is None else rows_csv(rows)
    rows = read_rows() if rows is None else rows
    ensure_indexes(home)
    ensure_demo_localities(rows)
    before = (ProductPage.objects.count(), ProducerPage.objects.count())
    plan = import_rows(data, PRODUCTS_CSV.name)
    product_ids = [row.product_id for row in plan.rows if row.product_id]
    producer_ids = ProductPage.objects.filter(pk__in=product_ids).values_list(
        "producer_id", flat=True
    )
    counts = {
        "products": ProductPage.objects.count() - before[0],
        "producers": ProducerPage.objects.count() - before[1],
        "decorated": decorate_products(product_ids) + describe_producers(producer_ids),
    }
    if stdout:
        stdout.write(
            "Catalogue: {products} products, {producers} producers created; "
            "{decorated} pages given pictures, tags or a description".format(**counts)
        )
    return counts
