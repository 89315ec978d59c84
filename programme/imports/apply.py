"""Write a checked :class:`~programme.imports.plan.ImportPlan`: decisions, lines, new pages.

Call :func:`apply_plan` inside ``transaction.atomic()`` with a plan made in
that same transaction (see :func:`programme.imports.service.apply_import`),
so an error anywhere rolls everything back.

- **Decisions and lines are facts, not page content.** A new decision is
  created once (its first row's values); a recorded one only gets the blanks
  the plan fills. Lines are created or updated with ``save()``, so the
  signals keep each product's certification summary current. Existing
  product pages are not touched: no revision, no draft, no publishing.
- **New products and producers are pages**, added under the catalogue's
  ``ProductIndexPage`` (``ProducerIndexPage``), saved as a revision, then
  published when ``publish`` is true or left as drafts; with ``submit`` each
  new draft enters its moderation workflow.
- **Warnings** of the rules that a row carried are recorded on its
  decision's ``acknowledged`` list — applying the preview is the editor's
  acknowledgement: ``{"code", "message", "product", "by", "at", "import_log"}``.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from core.text import slugify_vi
from products_catalog.models import (
    CertificationDecision,
    DecisionLine,
    ProducerIndexPage,
    ProducerPage,
    ProductIndexPage,
    ProductPage,
)
from programme import rounds
from programme.imports import values
from programme.imports.plan import CREATE, UPDATE

IMPORT_USER = "import"


class ApplyError(Exception):
    """The plan cannot be written (e.g. no catalogue page exists)."""


def unique_slug(text, taken, extra=""):
    """ASCII slug for ``text`` not in ``taken`` (adds ``extra``, then -2, -3…)."""
    base = slugify_vi(text, 70) or "ocop"
    if base in taken and extra:
        base = f"{base}-{slugify_vi(extra, 30)}".rstrip("-")
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def product_summary(row):
    """Short Vietnamese summary for a new product page (content is Vietnamese)."""
    line, decision = row.line, row.decision
    stars = f"{line.stars} sao" if line.stars_published else "từ 3 sao trở lên"
    who = f" của {row.producer}" if row.producer else ""
    where = f" ({row.locality.name})" if row.locality else ""
    when = f", công nhận năm {decision.decision_year}" if decision.decision_year else ""
    return f"{row.product}: sản phẩm OCOP {stars}{who}{where}{when}."


def acknowledgement(finding, *, product_id, user, at, log_id):
    """The ``acknowledged`` entry recording that ``finding`` (a warning) was accepted."""
    return {
        "code": finding.code,
        "message": str(finding.message),
        "product": product_id,
        "by": user.get_username() if user else IMPORT_USER,
        "at": at.isoformat(),
        "import_log": log_id,
    }


class Writer:
    """Applies rows one by one; keeps caches of what this run created."""

    def __init__(self, plan, *, user=None, publish=False, submit=False, log_id=None):
        self.plan = plan
        self.user = user
        self.publish = publish
        self.submit = submit
        self.log_id = log_id
        self.now = timezone.now()
        locale = Locale.get_default()
        self.product_index = ProductIndexPage.objects.filter(locale=locale).first()
        self.producer_index = ProducerIndexPage.objects.filter(locale=locale).first()
        if self.product_index is None:
            raise ApplyError(_("There is no product catalogue page to import into."))
        self.product_slugs = set(self.product_index.get_children().values_list("slug", flat=True))
        self.producer_slugs = (
            set(self.producer_index.get_children().values_list("slug", flat=True))
            if self.producer_index
            else set()
        )
        self.created_products = {}  # (producer key, product key) → ProductPage
        self.new_producers = {}  # producer key → ProducerPage
        self.decisions = {}  # plan entry key → CertificationDecision
        self.acknowledged = {}  # decision pk → new acknowledged entries
        self.changed_pages = []

    # Decisions and lines -----------------------------------------------
    def decision_for(self, row):
        """The row's decision: created on first use, or recorded with its blanks filled."""
        if row.decision_key in self.decisions:
            return self.decisions[row.decision_key]
        entry = self.plan.decisions[row.decision_key]
        if entry.existing_id is None:
            decision = CertificationDecision(**entry.values, note=entry.note)
            decision.save()
        else:
            decision = CertificationDecision.objects.get(pk=entry.existing_id)
            if entry.fills:
                for name, value in entry.fills.items():
                    setattr(decision, name, value)
                decision.save()
        self.decisions[row.decision_key] = decision
        return decision

    def write_line(self, row, product):
        decision = self.decision_for(row)
        line = DecisionLine.objects.filter(decision=decision, product=product).first()
        if line is None:
            line = DecisionLine(decision=decision, product=product, **row.line.fields())
        else:
            for name, (_old, new) in row.changes.items():
                setattr(line, name, new)
        line.save()  # the signals refresh the product's summary
        row.decision_id, row.line_id = decision.pk, line.pk
        self.acknowledge(decision, row, product.pk)

    def acknowledge(self, decision, row, product_id):
        recorded = {(item.get("code"), item.get("product")) for item in decision.acknowledged}
        pending = self.acknowledged.setdefault(decision.pk, [])
        recorded |= {(item["code"], item["product"]) for item in pending}
        for finding in row.warnings:
            if (finding.code, product_id) not in recorded:
                pending.append(
                    acknowledgement(
                        finding,
                        product_id=product_id,
                        user=self.user,
                        at=self.now,
                        log_id=self.log_id,
                    )
                )
                recorded.add((finding.code, product_id))

    def save_acknowledgements(self):
        # update(): the acknowledged list changes no summary, so no signal is needed.
        for decision in self.decisions.values():
            pending = self.acknowledged.get(decision.pk)
            if pending:
                decision.acknowledged = list(decision.acknowledged) + pending
                CertificationDecision.objects.filter(pk=decision.pk).update(
                    acknowledged=decision.acknowledged
                )

    # Pages --------------------------------------------------------------
    def finish(self, page):
        """Save a new page's first revision, then publish it or keep it for moderation."""
        log(instance=page, action="wagtail.create", user=self.user)
        revision = page.save_revision(user=self.user, log_action=False)
        if self.publish:
            revision.publish(user=self.user)
        else:
            self.changed_pages.append(page)
        return revision

    def producer_for(self, row):
        if not row.producer:
            return None
        if row.producer_id:
            return ProducerPage.objects.get(pk=row.producer_id)
        key = values.name_key(row.producer)
        if key in self.new_producers:
            return self.new_producers[key]
        if self.producer_index is None:
            raise ApplyError(_("There is no producer index page to add new producers to."))
        producer = ProducerPage(
            title=row.producer,
            slug=unique_slug(row.producer, self.producer_slugs),
            producer_type=row.producer_type or "",
            locality=row.locality,
            owner=self.user,
            live=self.publish,
        )
        self.producer_index.add_child(instance=producer)
        self.finish(producer)
        self.new_producers[key] = producer
        return producer

    def create(self, row):
        producer = self.producer_for(row)
        page = ProductPage(
            title=row.product,
            slug=unique_slug(row.product, self.product_slugs, row.producer),
            producer=producer,
            group=row.group,
            subgroup=row.subgroup,
            locality=row.locality,
            summary=product_summary(row),
            source_url=row.source_url,
            owner=self.user,
            live=self.publish,
        )
        self.product_index.add_child(instance=page)
        self.finish(page)
        self.created_products[row.key] = page
        self.write_line(row, page)
        return page

    def update(self, row):
        if row.first_row:
            product = self.created_products[row.key]
        else:
            product = ProductPage(pk=row.product_id)
        self.write_line(row, product)
        return product

    def submit_for_moderation(self):
        """Start each new draft's workflow (when one applies and none runs)."""
        if not (self.submit and self.user):
            return 0
        started = 0
        for page in self.changed_pages:
            page = page.specific_class.objects.get(pk=page.pk)
            workflow = page.get_workflow()
            if workflow and not page.workflow_in_progress:
                workflow.start(page, self.user)
                started += 1
        return started


def apply_plan(plan, *, user=None, publish=False, submit=False, log_id=None):
    """Write ``plan``'s create/update rows; fills the rows' product, decision and line ids.

    Returns ``{"created", "updated", "submitted", "decisions", "rounds"}``
    counts (``decisions``: new decision documents; ``rounds``: new
    evaluation rounds, see :func:`programme.rounds.sync_round`). Raises :class:`ApplyError` (or
    any database error) — the caller's transaction then rolls everything back.
    """
    writer = Writer(plan, user=user, publish=publish, submit=submit, log_id=log_id)
    counts = {"created": 0, "updated": 0}
    for row in plan.rows:
        if row.action == CREATE:
            row.product_id = writer.create(row).pk
            counts["created"] += 1
        elif row.action == UPDATE:
            row.product_id = writer.update(row).pk
            counts["updated"] += 1
    writer.save_acknowledgements()
    # A council list's decisions create or update their evaluation rounds (issue 16);
    # the catalogue CSV (demo data) has no rounds.
    counts["rounds"] = 0
    if plan.format_key == "council":
        counts["rounds"] = sum(rounds.sync_round(d)[1] for d in writer.decisions.values())
    counts["submitted"] = writer.submit_for_moderation()
    counts["decisions"] = sum(
        1 for key in writer.decisions if plan.decisions[key].existing_id is None
    )
    return counts
