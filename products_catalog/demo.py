"""Demo content for the catalogue: the real certified products of a province's CSV.

Facts are kept as the source gives them (``data/phu_yen_ocop_products.csv``,
columns ``name,producer,producer_type,district,province,group,stars,year,
source_url``): a blank star level becomes 3★ (the lowest certified level)
flagged "not published"; a blank producer stays blank; placeholders such as
``[chủ hộ 1]`` stay; each product links its source page. Loading is
idempotent: products are matched by producer + name.
"""

import csv
import datetime
import uuid
from dataclasses import dataclass
from pathlib import Path

from wagtail.models import Collection, Locale

from core.placeholders import create_placeholder_image
from core.text import fold, slugify_vi
from products_catalog.models import (
    CertificationDecision,
    CertificationLevel,
    DecisionLine,
    ProducerIndexPage,
    ProducerPage,
    ProducerType,
    ProductGalleryImage,
    ProductIndexPage,
    ProductPage,
)
from taxonomy.models import CriteriaVersion, Locality, ProductGroup

DATA_DIR = Path(__file__).resolve().parent / "data"
PRODUCTS_CSV = DATA_DIR / "phu_yen_ocop_products.csv"

# The 2025 reorganisation (milestones CSV, 2025-07-01): district-level units
# abolished; the province merged into a new Đắk Lắk province.
REORGANISED_ON = datetime.date(2025, 7, 1)
SUCCESSOR_PROVINCE = "Đắk Lắk"
# Decision 148/QĐ-TTg (24/02/2023) replaced the 1048/QĐ-TTg criteria.
CRITERIA_148_FROM_YEAR = 2023

PRODUCER_TYPES = {
    "company": ProducerType.ENTERPRISE,
    "cooperative": ProducerType.COOPERATIVE,
    "cooperative_group": ProducerType.COOPERATIVE_GROUP,
    "household": ProducerType.HOUSEHOLD,
}
# CSV group code → group code number in each criteria version.
GROUP_CODES = {
    CriteriaVersion.D1048_2019: {
        "food": "1",
        "beverage": "2",
        "herbal": "3",
        "textile": "4",
        "handicraft": "5",
        "tourism": "6",
    },
    CriteriaVersion.D148_2023: {
        "food": "1",
        "beverage": "2",
        "herbal": "3",
        "textile": "4",
        "handicraft": "4",
        "tourism": "6",
    },
}
DISTRICT_PREFIXES = {"TX": "Thị xã", "TP": "Thành phố"}
# Folded keyword → tag, so visitors can browse by kind of product.
TAG_KEYWORDS = {
    "nuoc mam": "Nước mắm",
    "mam muc": "Nước mắm",
    "ca ": "Hải sản",
    "muc": "Hải sản",
    "ghe": "Hải sản",
    "rong nho": "Hải sản",
    "tom": "Hải sản",
    "hai san": "Hải sản",
    "khom": "Khóm Đồng Din",
    "gao": "Gạo",
    "bo ": "Thịt bò khô",
    "ruou": "Rượu",
    "tra ": "Trà",
    "muoi": "Muối",
    "mat ong": "Mật ong",
    "du lich": "Du lịch",
}


@dataclass
class Row:
    name: str
    producer: str
    producer_type: str
    district: str
    province: str
    group: str
    stars: int | None
    year: int | None
    source_url: str


def read_rows(path=PRODUCTS_CSV):
    """Parse the products CSV into :class:`Row` objects (UTF-8, header row)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            Row(
                name=raw["name"].strip(),
                producer=raw["producer"].strip(),
                producer_type=raw["producer_type"].strip(),
                district=raw["district"].strip(),
                province=raw["province"].strip(),
                group=raw["group"].strip(),
                stars=int(raw["stars"]) if raw["stars"].strip() else None,
                year=int(raw["year"]) if raw["year"].strip() else None,
                source_url=raw["source_url"].strip(),
            )
            for raw in csv.DictReader(handle)
        ]


def district_full_name(short):
    """ "TX Đông Hòa" → "Thị xã Đông Hòa"; "Tuy An" → "Huyện Tuy An"."""
    prefix, _, rest = short.partition(" ")
    if prefix in DISTRICT_PREFIXES:
        return f"{DISTRICT_PREFIXES[prefix]} {rest}"
    return f"Huyện {short}"


class CatalogueLoader:
    """Builds the catalogue under a home page; every step finds before it creates."""

    def __init__(self, home, stdout=None):
        self.home = home
        self.locale = Locale.get_default()
        self.stdout = stdout
        self.created = {"products": 0, "producers": 0, "localities": 0}

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    # Pages -------------------------------------------------------------
    def child_page(self, model, title, slug, **fields):
        existing = model.objects.child_of(self.home).filter(slug=slug).first()
        if existing:
            return existing
        page = model(title=title, slug=slug, show_in_menus=True, **fields)
        self.home.add_child(instance=page)
        page.save_revision().publish()
        return page

    def indexes(self):
        products = self.child_page(
            ProductIndexPage,
            "Sản phẩm OCOP",
            "san-pham-ocop",
            intro="<p>Các sản phẩm đã được công nhận đạt chuẩn OCOP từ 3 sao trở lên.</p>",
        )
        producers = self.child_page(
            ProducerIndexPage,
            "Chủ thể OCOP",
            "chu-the-ocop",
            intro="<p>Doanh nghiệp, hợp tác xã, tổ hợp tác và hộ kinh doanh có sản phẩm OCOP.</p>",
        )
        return products, producers

    # Localities ---------------------------------------------------------
    def locality(self, name, level, parent=None, abolished_on=None, successor=None):
        slug = slugify_vi(name, 80)
        unit = Locality.objects.filter(slug=slug, locale=self.locale).first()
        if unit is None:
            unit = Locality.objects.create(
                name=name,
                slug=slug,
                level=level,
                parent=parent,
                abolished_on=abolished_on,
                successor=successor,
                locale=self.locale,
                translation_key=uuid.uuid4(),
            )
            self.created["localities"] += 1
        return unit

    def localities(self, rows):
        successor = self.locality(SUCCESSOR_PROVINCE, Locality.Level.PROVINCE)
        provinces, districts = {}, {}
        for row in rows:
            if row.province not in provinces:
                provinces[row.province] = self.locality(
                    row.province,
                    Locality.Level.PROVINCE,
                    abolished_on=REORGANISED_ON,
                    successor=successor,
                )
            if row.district and row.district not in districts:
                districts[row.district] = self.locality(
                    district_full_name(row.district),
                    Locality.Level.DISTRICT,
                    parent=provinces[row.province],
                    abolished_on=REORGANISED_ON,
                    successor=successor,
                )
        return provinces, districts

    # Producers ----------------------------------------------------------
    def producer(self, index, row, locality):
        if not row.producer:
            return None
        existing = ProducerPage.objects.child_of(index).filter(title=row.producer).first()
        if existing:
            return existing
        page = ProducerPage(
            title=row.producer,
            slug=slugify_vi(row.producer, 80),
            producer_type=PRODUCER_TYPES.get(row.producer_type, ""),
            locality=locality,
            description=(
                "<p>Chủ thể có sản phẩm OCOP tại "
                f"{locality.name if locality else 'địa phương'}.</p>"
            ),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        self.created["producers"] += 1
        return page

    # Products -----------------------------------------------------------
    @staticmethod
    def criteria_version(year):
        if year is None:
            return ""
        if year >= CRITERIA_148_FROM_YEAR:
            return CriteriaVersion.D148_2023
        return CriteriaVersion.D1048_2019

    def group(self, row, version):
        codes = GROUP_CODES.get(version or CriteriaVersion.D148_2023, {})
        code = codes.get(row.group)
        if not code:
            return None
        return ProductGroup.objects.filter(
            criteria_version=version or CriteriaVersion.D148_2023,
            parent__isnull=True,
            code=code,
            locale=self.locale,
        ).first()

    def decision(self, row, province, district):
        """``(decision, line fields)`` as far as the source tells (number and date unpublished)."""
        stars = row.stars or 3
        if row.year is None:
            level, body = "", ""
            note = "Năm công nhận và cơ quan ra quyết định không được nguồn công bố."
        elif row.year >= CRITERIA_148_FROM_YEAR and stars == 3:
            level, body = CertificationLevel.DISTRICT, f"UBND {district.name}" if district else ""
            note = "Nguồn nêu kết quả đánh giá của hội đồng cấp huyện; chưa thấy quyết định."
        else:
            level, body = CertificationLevel.PROVINCIAL, f"UBND tỉnh {province.name}"
            note = ""
        decision, _created = CertificationDecision.objects.get_or_create(
            number="",
            decision_date=None,
            decision_year=row.year,
            issuing_body=body,
            level=level,
            criteria_version=self.criteria_version(row.year),
        )
        return decision, {"stars": stars, "stars_published": row.stars is not None, "note": note}

    @staticmethod
    def tags_for(name):
        folded = f" {fold(name)} "
        return sorted({tag for key, tag in TAG_KEYWORDS.items() if f" {key}" in folded})

    @staticmethod
    def summary(row, producer, district):
        stars = f"{row.stars} sao" if row.stars else "từ 3 sao trở lên"
        who = f" của {producer.title}" if producer else ""
        where = f" ({district.name})" if district else ""
        when = f", công nhận năm {row.year}" if row.year else ""
        return f"{row.name}: sản phẩm OCOP {stars}{who}{where}{when}."

    def product(self, index, row, producer, province, district, collection):
        siblings = ProductPage.objects.child_of(index).filter(title=row.name)
        existing = siblings.filter(producer=producer).first()
        if existing:
            return existing
        version = self.criteria_version(row.year)
        group = self.group(row, version)
        slug = slugify_vi(row.name, 70)
        if siblings.exists() or ProductPage.objects.child_of(index).filter(slug=slug).exists():
            suffix = slugify_vi(producer.title if producer else "", 30) or "2"
            slug = f"{slug}-{suffix}"
        page = ProductPage(
            title=row.name,
            slug=slug,
            producer=producer,
            group=group,
            locality=district,
            summary=self.summary(row, producer, district),
            source_url=row.source_url,
        )
        image = create_placeholder_image(row.name, group.colour if group else "#546e7a", collection)
        page.gallery_images.add(ProductGalleryImage(image=image, caption=""))
        for tag in self.tags_for(row.name):
            page.tags.add(tag)
        index.add_child(instance=page)
        page.save_revision().publish()
        decision, line = self.decision(row, province, district)
        DecisionLine.objects.create(decision=decision, product=page, **line)
        self.created["products"] += 1
        return page

    def placeholder_collection(self):
        root = Collection.get_first_root_node()
        existing = root.get_children().filter(name="Ảnh minh họa (demo)").first()
        return existing or root.add_child(name="Ảnh minh họa (demo)")

    def load(self, rows=None):
        """Load every row; returns ``{"products", "producers", "localities"}`` created counts."""
        rows = rows if rows is not None else read_rows()
        product_index, producer_index = self.indexes()
        provinces, districts = self.localities(rows)
        collection = self.placeholder_collection()
        for row in rows:
            district = districts.get(row.district)
            producer = self.producer(producer_index, row, district)
            self.product(
                product_index, row, producer, provinces[row.province], district, collection
            )
        self.log(
            "Catalogue: {products} products, {producers} producers, "
            "{localities} localities created".format(**self.created)
        )
        return self.created
