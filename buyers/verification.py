"""Check a product against the register: who is certified, until when, by which decision.

Matching is done in Python on folded text (:func:`core.text.fold` on both
sides), so "nuoc mam", "NƯỚC MẮM" and "Nước mắm" are the same query and a
decision number matches with or without diacritics ("QD" = "QĐ") or spaces.
The register holds a few hundred products at most: one query loads them all
with their decisions (a constant number of queries).
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.text import fold, words
from products_catalog import rules
from products_catalog.models import Inspection, ProductPage
from products_catalog.rules import Status
from products_catalog.templatetags.catalog_tags import star_label

MAX_QUERY_LENGTH = 200
MIN_QUERY_LENGTH = 2
MAX_RESULTS = 20

# How a product matched, best first.
MATCH_DECISION, MATCH_PRODUCT, MATCH_PRODUCER, MATCH_ANY = range(4)


def compact(text):
    """Folded text without spaces, dashes unified: decision numbers compare as
    "1234/qd-ubnd" (:func:`products_catalog.rules.decision_number_key`)."""
    return rules.decision_number_key(text)


@dataclass
class Answer:
    """The answer for one product: its certificate (summary) and what it means today.

    ``status`` is a :class:`~products_catalog.rules.Status` value; ``match``
    one of the ``MATCH_*`` ranks. Everything is read from the product's
    certification summary, like every other surface.
    """

    product: object
    status: str
    match: int = MATCH_ANY

    @property
    def summary(self):
        return self.product.summary_or_none

    @property
    def stars(self):
        return self.summary.stars if self.summary else None

    @property
    def valid_until(self):
        return self.summary.valid_until if self.summary else None

    @property
    def approximate(self):
        return self.summary.valid_until_approximate if self.summary else True

    @property
    def in_force(self):
        """Whether the product may carry the OCOP mark today."""
        return rules.is_ocop(self.stars) and rules.is_in_force(self.status)

    @property
    def days_left(self):
        if not self.valid_until:
            return None
        return (self.valid_until - timezone.localdate()).days

    def _date(self):
        text = date_format(self.valid_until, "d/m/Y")
        return f"~{text}" if self.approximate else text

    def _decision_text(self):
        summary = self.summary
        if summary.decision_number and summary.decision_date:
            return _("decision %(number)s of %(date)s") % {
                "number": summary.decision_number,
                "date": date_format(summary.decision_date, "d/m/Y"),
            }
        if summary.decision_number:
            return _("decision %(number)s") % {"number": summary.decision_number}
        if summary.decision_year:
            return _("decision of %(year)s, number not published") % {"year": summary.decision_year}
        return _("decision number not published")

    @property
    def stars_text(self):
        """ "4★", "4★ · potential 5★" or "3★ (level not published)"."""
        return star_label(self.summary) if self.summary else ""

    @property
    def message(self):
        """One plain sentence: valid until …, expired on …, revoked on … (reason)."""
        if self.summary is None or self.summary.stars is None:
            return _("Listed in the register, but no certification decision is recorded.")
        values = {
            "stars": self.stars_text,
            "date": self._date() if self.valid_until else "",
            "decision": self._decision_text(),
        }
        if self.status == Status.REVOKED:
            return _("Certificate revoked on %(date)s: %(reason)s") % {
                "date": date_format(self.summary.revoked_on, "d/m/Y"),
                "reason": self.summary.revocation_reason,
            }
        if self.status == Status.EXPIRED:
            return _("Certificate expired on %(date)s (%(decision)s).") % values
        if self.status == Status.UNKNOWN:
            return _("Certified %(stars)s; validity date unknown (%(decision)s).") % values
        text = _("Certified %(stars)s until %(date)s (%(decision)s).") % values
        if self.status == Status.EXPIRING:
            days = self.days_left
            text += " " + ngettext(
                "Expires in %(days)s day.", "Expires in %(days)s days.", days
            ) % {"days": days}
        return text

    @property
    def inspection(self):
        """The latest public post-certification inspection, or ``None``."""
        inspections = self.product.public_inspections()
        return inspections[0] if inspections else None

    @property
    def inspection_text(self):
        """ "Post-certification check of 02/03/2024 (Sở NN&PTNT): compliant." or ``""``."""
        inspection = self.inspection
        if inspection is None:
            return ""
        return _("Post-certification check of %(date)s (%(body)s): %(result)s.") % {
            "date": date_format(inspection.inspected_on, "d/m/Y"),
            "body": inspection.body,
            "result": inspection.get_result_display().lower(),
        }

    @property
    def note(self):
        """Extra caveats: approximate date, unpublished star level, the OCOP mark."""
        notes = []
        if self.summary and self.valid_until and self.approximate:
            notes.append(_("Approximate date: only the year of the decision is known."))
        if self.summary and not self.summary.stars_published:
            notes.append(_("Exact star level not published: the source says 3 stars or more."))
        mark = rules.mark_note(self.status)
        if mark:
            notes.append(str(mark))
        return " ".join(notes)


def answer_for(product, match=MATCH_ANY):
    """The :class:`Answer` for ``product`` (annotated ``cur_status`` or not)."""
    return Answer(product=product, status=product.status, match=match)


def match_rank(tokens, needle, title, producer, numbers):
    """How a product matches (a ``MATCH_*`` value) or ``None``.

    ``tokens`` are the folded query words, ``needle`` the compact query;
    ``title``/``producer`` folded texts; ``numbers`` compact decision numbers.
    """
    if needle in numbers:
        return MATCH_DECISION
    if all(token in title for token in tokens):
        return MATCH_PRODUCT
    if producer and all(token in producer for token in tokens):
        return MATCH_PRODUCER
    haystack = " ".join([title, producer, *numbers])
    if all(token in haystack for token in tokens):
        return MATCH_ANY
    if len(needle) >= 3 and any(ch.isdigit() for ch in needle):
        if any(needle in number for number in numbers):
            return MATCH_DECISION
    return None


def search(query):
    """Products matching ``query`` as :class:`Answer` objects, best first.

    Returns ``(answers[:MAX_RESULTS], total)``. Only live, public products
    are searched. An empty query gives ``([], 0)``.
    """
    tokens = [token for token in words(query) if len(token) > 1 or token.isdigit()]
    needle = compact(query)
    if not tokens and not needle:
        return [], 0
    # One answer per product: the source (default-language) page; translations share its facts.
    products = (
        ProductPage.objects.for_check()
        .default_locale()
        .prefetch_related(
            "decision_lines__decision",
            Prefetch(
                "inspections",
                queryset=Inspection.objects.filter(public=True),
                to_attr="public_inspection_list",
            ),
        )
    )
    answers = []
    for product in products.order_by("sort_title", "pk"):
        numbers = [
            compact(line.decision.number)
            for line in product.decision_lines.all()
            if line.decision.number
        ]
        producer = fold(product.producer.title) if product.producer else ""
        rank = match_rank(tokens, needle, fold(product.title), producer, numbers)
        if rank is not None:
            answers.append(answer_for(product, rank))
    answers.sort(
        key=lambda a: (
            a.match,
            Status.RANK.get(a.status, 9),
            -(a.stars or 0),
            fold(a.product.title),
        )
    )
    return answers[:MAX_RESULTS], len(answers)


def verify_context(request):
    """Context for the check page: ``query``, ``answers``, ``total``, ``searched``, ``problem``.

    ``problem`` explains a query that was not run (too short) or was cut
    (too long); bad input never raises.
    """
    raw = request.GET.get("q", "")
    if not isinstance(raw, str):
        raw = ""
    query = " ".join(raw.split())
    problem = ""
    if len(query) > MAX_QUERY_LENGTH:
        query = query[:MAX_QUERY_LENGTH]
        problem = _("Your search was shortened to %(n)s characters.") % {"n": MAX_QUERY_LENGTH}
    if not query:
        return {"query": "", "answers": [], "total": 0, "searched": False, "problem": ""}
    # Letters and digits, not characters: "''" or "--" folds to nothing, which matches all.
    if sum(char.isalnum() for char in compact(query)) < MIN_QUERY_LENGTH:
        return {
            "query": query,
            "answers": [],
            "total": 0,
            "searched": False,
            "problem": _("Type at least %(n)s letters or digits.") % {"n": MIN_QUERY_LENGTH},
        }
    answers, total = search(query)
    return {
        "query": query,
        "answers": answers,
        "total": total,
        "searched": True,
        "problem": problem,
    }
