"""The "OCOP in numbers" page: its tables match the database, charts, CSV downloads."""

import csv
import datetime
import io
from collections import Counter
from html.parser import HTMLParser

import pytest
from dateutil.relativedelta import relativedelta

from core.localize import translate
from products_catalog.models import DecisionLine, ProducerType, ProductPage
from products_catalog.tests.factories import (
    LocalityFactory,
    ProducerPageFactory,
    group,
    make_product,
)
from programme import demo
from programme.models import ProgrammeTarget, StatisticsPage
from taxonomy.models import Locality

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """Collect ``{table id: [[cell text…]…]}`` and the SVG titles of a page."""

    def __init__(self):
        super().__init__()
        self.tables, self.svgs = {}, []
        self._table = self._row = self._cell = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = self.tables.setdefault(attrs.get("id"), [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "svg":
            self.svgs.append(attrs)
        elif tag == "title" and self.svgs:
            self._in_title = True

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(html):
    parser = Tables()
    parser.feed(html)
    return parser


@pytest.fixture
def register(site_tree, today):
    index, producers = site_tree["products"], site_tree["producers"]
    food, drink = group("thuc-pham-2023"), group("do-uong-2023")
    east, west = LocalityFactory(name="Huyện Đông"), LocalityFactory(name="Huyện Tây")
    coop = ProducerPageFactory(parent=producers, producer_type=ProducerType.COOPERATIVE)
    house = ProducerPageFactory(parent=producers, producer_type=ProducerType.HOUSEHOLD)
    year = datetime.timedelta(days=365)
    expires_this_year = datetime.date(today.year, 12, 31) - relativedelta(months=36)
    make_product(index, "Một", stars=4, group=food, locality=east, producer=coop)
    make_product(index, "Hai", stars=3, group=food, locality=east, producer=house)
    make_product(
        index,
        "Ba",
        stars=3,
        group=drink,
        locality=west,
        producer=coop,
        decision_date=today - 4 * year,
    )  # expired
    make_product(
        index,
        "Bốn",
        stars=5,
        group=drink,
        locality=west,
        producer=None,
        decisions=[
            {"stars": 4, "decision_date": today - 5 * year},
            {"stars": 5, "decision_date": today - year, "kind": "renewal", "level": "central"},
        ],
    )
    make_product(
        index,
        "Năm",
        stars=3,
        group=None,
        locality=None,
        producer=house,
        decision_date=expires_this_year,
    )
    make_product(index, "Nháp", stars=5, group=food, locality=east, live=False)
    ProgrammeTarget.objects.create(
        period_start=today.year - 1, target_products=4, rule="Bốn sản phẩm"
    )
    page = demo.ensure_statistics_page(site_tree["home"])
    return page


def expected_from_db(today):
    """Independent computation from the ORM (ruling decision = latest valid_until)."""
    products = [p for p in ProductPage.objects.live() if p.latest_certification]
    latest = {p.pk: p.latest_certification for p in products}
    until = {p.pk: latest[p.pk].decision.valid_until[0] for p in products}
    return {
        "stars": Counter(latest[p.pk].stars for p in products if latest[p.pk].stars_published),
        "unpublished": sum(1 for p in products if not latest[p.pk].stars_published),
        "valid": sum(1 for p in products if until[p.pk] >= today),
        "groups": Counter(p.group.name if p.group else "Not classified" for p in products),
        "localities": Counter(p.locality.name if p.locality else "Not stated" for p in products),
        "types": Counter(
            str(p.producer.get_producer_type_display()) if p.producer else "Not stated"
            for p in products
        ),
        "years": Counter(
            line.decision.decision_year
            for line in DecisionLine.objects.filter(product__live=True).select_related("decision")
        ),
        "expiring": sorted(p.title for p in products if until[p.pk].year == today.year),
    }


def as_counts(rows):
    return {row[0]: int(row[1].replace(".", "")) for row in rows[1:]}


def test_page_matches_the_database(register, client, today):
    response = client.get(register.url)
    assert response.status_code == 200
    html = response.content.decode()
    page = parse(html)
    expected = expected_from_db(today)

    stars = {row[0]: [int(cell) for cell in row[1:]] for row in page.tables["table-stars"][1:]}
    assert {label: stars[label][0] for label in ("5★", "4★", "3★")} == {
        f"{n}★": expected["stars"].get(n, 0) for n in (5, 4, 3)
    }
    assert stars["3★ (chưa công bố hạng)"][0] == expected["unpublished"]
    levels = ("5★", "4★", "3★", "3★ (chưa công bố hạng)")
    # Columns: products, then valid, expiring, expired, unknown — in force = valid + expiring.
    assert sum(stars[label][1] + stars[label][2] for label in levels) == expected["valid"]
    for label in levels:
        assert stars[label][0] == sum(stars[label][1:])
    groups = as_counts(page.tables["table-groups"])
    assert groups["Thực phẩm"] == expected["groups"]["Thực phẩm"] == 2
    assert groups["Đồ uống"] == expected["groups"]["Đồ uống"] == 2
    assert page.tables["table-groups"][-1][1] == "1"  # the product without a group
    localities = as_counts(page.tables["table-localities"])
    assert localities["Huyện Đông"] == expected["localities"]["Huyện Đông"] == 2
    assert localities["Huyện Tây"] == expected["localities"]["Huyện Tây"] == 2
    assert sum(localities.values()) == 5
    types = as_counts(page.tables["table-producer-types"])
    for _value, label in ProducerType.choices:
        assert types[str(label)] == expected["types"].get(str(label), 0)
    assert page.tables["table-producer-types"][-1][1] == "1"  # no producer named
    years = {row[0]: int(row[3]) for row in page.tables["table-years"][1:]}
    assert years == {str(y): n for y, n in expected["years"].items()}
    listed = sorted(row[0] for row in page.tables["table-expiring-list"][1:])
    assert listed == expected["expiring"] == ["Năm"]
    targets = page.tables["table-targets"]
    assert targets[1][2:4] == ["4", str(progress_count(today.year - 1))]
    assert "Nháp" not in html  # drafts are never counted or listed


def test_target_rules_in_the_page_language(register, client, site_tree, today):
    target = ProgrammeTarget.objects.get()
    target.rule_en = "Four products"
    target.save()
    ProgrammeTarget.objects.create(period_start=today.year, target_products=2, rule="Hai sản phẩm")
    translate(site_tree["home"], "en", {"title": "Home", "slug": "home-en"})
    english, _ = translate(register, "en", {"title": "OCOP in figures", "slug": "ocop-in-figures"})
    rules = [
        row[6]
        for row in parse(client.get(english.url).content.decode()).tables["table-targets"][1:]
    ]
    assert rules == ["Four products", "Hai sản phẩm"]  # no English rule: the Vietnamese one
    rules = [
        row[6]
        for row in parse(client.get(register.url).content.decode()).tables["table-targets"][1:]
    ]
    assert rules == ["Bốn sản phẩm", "Hai sản phẩm"]


def progress_count(year):
    return sum(
        1
        for p in ProductPage.objects.live()
        if any(
            line.decision.decision_year == year and line.kind == "new"
            for line in p.decision_lines.select_related("decision")
        )
    )


def test_numbers_are_live(register, client, site_tree):
    first = parse(client.get(register.url).content.decode())
    make_product(site_tree["products"], "Sáu", stars=4)
    second = parse(client.get(register.url).content.decode())
    four_before = dict((r[0], r[1]) for r in first.tables["table-stars"][1:])["4★"]
    four_after = dict((r[0], r[1]) for r in second.tables["table-stars"][1:])["4★"]
    assert int(four_after) == int(four_before) + 1


def test_charts_are_accessible_svg(register, client):
    html = client.get(register.url).content.decode()
    page = parse(html)
    # The header's icons are decorative SVGs (aria-hidden); the charts are the others.
    charts = [svg for svg in page.svgs if svg.get("aria-hidden") != "true"]
    assert len(charts) == 10  # 7 of the catalogue, rounds, funnel and training (issue 16)
    for svg in charts:
        assert svg["role"] == "img"
        chart_id = svg["id"]
        assert svg["aria-labelledby"] == f"{chart_id}-title {chart_id}-desc"
        assert f'<title id="{chart_id}-title">' in html
        assert f'<desc id="{chart_id}-desc">' in html
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert "<script" not in main  # drawn on the server, no JavaScript
    for chart in main.split("<svg")[1:]:
        assert "http" not in chart.split("</svg>")[0].replace("http://www.w3.org/2000/svg", "")


@pytest.mark.parametrize(
    "dataset", ["stars", "groups", "localities", "producer-types", "years", "expiring", "targets"]
)
def test_csv_downloads_match_the_tables(register, client, dataset):
    html = client.get(register.url).content.decode()
    url = register.url + register.reverse_subpage("csv_route", args=[dataset])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = parse(html).tables[
        f"table-{dataset}-list" if dataset == "expiring" else f"table-{dataset}"
    ]
    assert len(rows) == len(table)
    assert [r[0] for r in rows[1:]] == [r[0] for r in table[1:]]


def test_unknown_dataset_is_404(register, client):
    assert client.get(register.url + "csv/nope/").status_code == 404


def test_statistics_page_only_under_home_and_once(site_tree):
    from wagtail.test.utils import WagtailPageTestCase

    case = WagtailPageTestCase()
    case.assertCanCreateAt(type(site_tree["home"]), StatisticsPage)
    case.assertCanNotCreateAt(type(site_tree["products"]), StatisticsPage)
    demo.ensure_statistics_page(site_tree["home"])
    demo.ensure_statistics_page(site_tree["home"])
    assert StatisticsPage.objects.count() == 1
    assert not StatisticsPage.can_create_at(site_tree["home"])


def test_csv_downloads_cannot_run_formulas(register, client):

    Locality.objects.filter(name="Huyện Đông").update(name="=HYPERLINK(1)")
    response = client.get(register.url + register.reverse_subpage("csv_route", args=["localities"]))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["'=HYPERLINK(1)", "2"] in rows


def test_long_tables_show_the_top_rows_and_link_to_all(register, client, monkeypatch):
    """Issue 14: a table of any length shows its first rows; the rest is paginated."""
    monkeypatch.setattr("programme.stats.TOP_ROWS", 2)
    monkeypatch.setattr("programme.models.TABLE_PAGE_SIZE", 2)
    html = client.get(register.url).content.decode()
    tables = parse(html).tables
    assert len(tables["table-groups"]) == 1 + 2  # header and the top two rows
    all_url = register.url + "bang/groups/"
    assert f'href="{all_url}"' in html
    first = client.get(all_url)
    assert first.status_code == 200
    rows = parse(first.content.decode()).tables["table-groups-all"]
    assert len(rows) == 1 + 2
    second = parse(client.get(all_url + "?page=2").content.decode()).tables["table-groups-all"]
    assert len(second) >= 2  # the third group (and "not classified")
    assert client.get(register.url + "bang/khong-co/").status_code == 404


def test_chart_descriptions_say_one_product_and_two_products():
    from django.utils import translation
    from django.utils.translation import ngettext_lazy

    from programme import charts

    unit = ngettext_lazy("%(n)s product", "%(n)s products", "n")
    with translation.override("en"):
        svg = str(charts.bar_chart("c", "Stars", [("4★", 1), ("3★", 2)], unit=unit))
    assert "4★: 1 product; 3★: 2 products" in svg
    with translation.override("vi"):
        svg = str(charts.bar_chart("c", "Sao", [("4★", 1), ("3★", 2)], unit=unit))
    assert "4★: 1 sản phẩm; 3★: 2 sản phẩm" in svg


def test_every_cell_carries_its_heading_for_the_phone_cards(register, client):
    """On a phone each row is a card of labelled values (data-label): the long target and
    coverage texts no longer make a 900 px table of one-word lines."""
    import re

    html = client.get(register.url).content.decode()
    table = html[html.index('id="table-targets"') :].split("</table>")[0]
    headings = re.findall(r'<th scope="col">([^<]*)</th>', table)
    first_row = table.split("<tbody>")[1].split("</tr>")[0]
    labels = re.findall(r'<td data-label="([^"]*)"', first_row)
    assert labels == headings[1:] and len(labels) >= 5
    assert 'class="stats-table stack-table"' in html


def test_groups_are_counted_by_family_as_the_catalogue_names_them(register, client, site_tree):
    """ "Thảo dược" (1048) and "Dược liệu…" (148) are one family for a visitor."""
    index = site_tree["products"]
    make_product(index, "Trà diệp hạ châu", stars=3, group=group("thao-duoc-2019"))
    make_product(
        index, "Cao dược liệu", stars=4, group=group("duoc-lieu-va-san-pham-tu-duoc-lieu-2023")
    )
    groups = as_counts(parse(client.get(register.url).content.decode()).tables["table-groups"])
    assert groups["Dược liệu và sản phẩm từ dược liệu"] == 2
    assert "Thảo dược" not in groups
    catalogue = client.get(index.url).context["facets"]
    family = next(row for row in catalogue if row["name"] == "group")
    labels = {option["label"]: option["count"] for option in family["options"]}
    assert labels["Dược liệu và sản phẩm từ dược liệu"] == 2
