"""The "catalogue" column format: lists collected from news pages, not from a council.

The shipped demo list ``products_catalog/data/phu_yen_ocop_products.csv``
has this layout (``name, producer, producer_type, district, province, group,
stars, year, source_url``). It names no decision number, day, score or
issuing body, so this module says what such a row stands for:

- ``district``: "TX X" is "Thị xã X", "TP X" "Thành phố X", else "Huyện X"
  (:func:`district_full_name`);
- ``group``: a code (``food``, ``beverage``…) mapped onto the group codes of
  the criteria version in force (:data:`GROUP_CODES`);
- who issued it (:func:`catalogue_decision`): 5★ is central (the source gives
  no body); a 3★ row whose year falls where the rules let a district council
  certify 3★ (``products_catalog.rules.LEVEL_PERIODS``: 2023–2024, gone from
  01/07/2025) is a district decision "UBND <district>"; everything else is the
  province's "UBND tỉnh <province>"; without a year, neither is known.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from products_catalog import rules
from taxonomy.models import CriteriaVersion

DISTRICT_PREFIXES = {"TX": "Thị xã", "TP": "Thành phố"}

#: Catalogue group code → top-level group code in each criteria version.
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

# Notes stored on the decision record: content, in Vietnamese like all content.
NOTE_NO_YEAR = "Năm công nhận và cơ quan ra quyết định không được nguồn công bố."
NOTE_DISTRICT_COUNCIL = "Nguồn nêu kết quả đánh giá của hội đồng cấp huyện; chưa thấy quyết định."
NOTE_CENTRAL_NO_BODY = "Nguồn không nêu cơ quan ra quyết định (cấp trung ương)."


def district_full_name(short):
    """ "TX Đông Hòa" → "Thị xã Đông Hòa"; "Tuy An" → "Huyện Tuy An"."""
    prefix, _sep, rest = short.partition(" ")
    if prefix in DISTRICT_PREFIXES:
        return f"{DISTRICT_PREFIXES[prefix]} {rest}"
    return f"Huyện {short}"


def group_code(code, criteria_version):
    """The group code ("1"…) of catalogue code ``code`` in that version, or ``None``."""
    return GROUP_CODES.get(criteria_version or CriteriaVersion.D148_2023, {}).get(code)


@dataclass(frozen=True)
class CatalogueDecision:
    """Who issued a catalogue row's decision, as far as it can be told.

    ``note`` is stored on a new decision (Vietnamese content); ``preview``
    is the message shown for the row (translated).
    """

    issuing_body: str
    level: str
    note: str = ""
    preview: str = ""


def district_may_certify(stars, year):
    """Whether the rules let a district council certify ``stars`` at the end of ``year``."""
    day = rules.decision_day(None, year, latest=True)
    return stars in rules.period_for(day).allowed.get(rules.Level.DISTRICT, ())


def catalogue_decision(year, stars, district_name, province_name):
    """Issuing body and level of a catalogue row (see the module docstring)."""
    if stars == rules.MAX_STARS:
        return CatalogueDecision(
            "",
            rules.Level.CENTRAL,
            NOTE_CENTRAL_NO_BODY,
            _("5★ is a central decision; the source does not name the issuing body."),
        )
    if year is None:
        return CatalogueDecision(
            "", "", NOTE_NO_YEAR, _("The source publishes neither the year nor the issuing body.")
        )
    if district_may_certify(stars, year):
        body = f"UBND {district_name}" if district_name else ""
        return CatalogueDecision(
            body,
            rules.Level.DISTRICT,
            NOTE_DISTRICT_COUNCIL,
            _("Recorded as a district council decision (3★ in %(year)s).") % {"year": year},
        )
    body = f"UBND tỉnh {province_name}" if province_name else ""
    return CatalogueDecision(body, rules.Level.PROVINCIAL)
