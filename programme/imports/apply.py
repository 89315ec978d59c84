"""Write a checked :class:`~programme.imports.plan.ImportPlan` as Wagtail pages.

Call :func:`apply_plan` inside ``transaction.atomic()`` with a plan made in
that same transaction (see :func:`programme.imports.service.apply_import`),
so an error anywhere rolls everything back.

Pages go through revisions like an editor's work: a new product (and a new
producer) is added under the catalogue's ``ProductIndexPage`` (the
``ProducerIndexPage``), saved as a revision, then published when
``publish`` is true or left as a draft. An existing product gets the new or
corrected decision in a new revision built from its latest revision; it is
published only when ``publish`` is true and the product was live without
pending draft changes (an editor's unpublished work is never published by an
import). With ``submit`` and drafts, each changed page enters its moderation
workflow.
"""

from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale

from core.text import slugify_vi
from products_catalog.models import (
    ProducerIndexPage,
    ProducerPage,
    ProductIndexPage,
    ProductPage,
)
from programme.imports import values
from programme.imports.plan import CREATE, UPDATE


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
    decision = row.decision
    stars = f"{decision.stars} sao" if decision.stars_published else "từ 3 sao trở lên"
    who = f" của {row.producer}" if row.producer else ""
    where = f" ({row.locality.name})" if row.locality else ""
    when = f", công nhận năm {decision.decision_year}" if decision.decision_year else ""
    return f"{row.product}: sản phẩm OCOP {stars}{who}{where}{when}."


class Writer:
    """Applies rows one by one; keeps caches of pages created in this run."""

    def __init__(self, *, user=None, publish=False, submit=False):
        self.user = user
        self.publish = publish
        self.submit = submit
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
        self.changed_pages = []

    # Pages --------------------------------------------------------------
    def finish(self, page, created):
        """Save a revision, then publish or (optionally) submit for moderation."""
        if created:
            log(instance=page, action="wagtail.create", user=self.user)
        revision = page.save_revision(user=self.user, log_action=not created)
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
        self.finish(producer, created=True)
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
        page.certifications.add(row.decision.as_model())
        self.product_index.add_child(instance=page)
        self.finish(page, created=True)
        self.created_products[row.key] = page
        return page

    def update(self, row):
        if row.first_row:
            page_id = self.created_products[row.key].pk
        else:
            page_id = row.product_id
        page = ProductPage.objects.get(pk=page_id)
        pending_draft = page.has_unpublished_changes
        current = page.get_latest_revision_as_object() if pending_draft else page
        decisions = list(current.certifications.all())
        target = next((d for d in decisions if row.decision.matches(d)), None)
        if target is None:
            decisions.append(row.decision.as_model())
        else:
            for name, (_old, new) in row.decision.changes_for(target).items():
                setattr(target, name, new)
        current.certifications = decisions
        revision = current.save_revision(user=self.user, log_action=True)
        if self.publish and page.live and not pending_draft:
            revision.publish(user=self.user)
        else:
            self.changed_pages.append(page)
            if self.publish and page.live:
                row.reasons.append(_("Left as a draft: the product has unpublished changes."))
        return page

    def submit_for_moderation(self):
        """Start each changed draft's workflow (when one applies and none runs)."""
        if not (self.submit and self.user):
            return 0
        started, seen = 0, set()
        for page in self.changed_pages:
            if page.pk in seen:
                continue
            seen.add(page.pk)
            page = page.specific_class.objects.get(pk=page.pk)
            workflow = page.get_workflow()
            if workflow and not page.workflow_in_progress:
                workflow.start(page, self.user)
                started += 1
        return started


def apply_plan(plan, *, user=None, publish=False, submit=False):
    """Write ``plan``'s create/update rows; fills ``row.product_id`` of created rows.

    Returns ``{"created", "updated", "submitted"}`` counts. Raises
    :class:`ApplyError` (or any database error) — the caller's transaction
    then rolls everything back.
    """
    writer = Writer(user=user, publish=publish, submit=submit)
    counts = {"created": 0, "updated": 0}
    for row in plan.rows:
        if row.action == CREATE:
            row.product_id = writer.create(row).pk
            counts["created"] += 1
        elif row.action == UPDATE:
            row.product_id = writer.update(row).pk
            counts["updated"] += 1
    counts["submitted"] = writer.submit_for_moderation()
    return counts
