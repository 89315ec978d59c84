"""The plan's own work (issue 16): councils, evaluation rounds and their dossiers, training.

- :class:`Council` — an evaluation council ("Hội đồng đánh giá, phân hạng")
  of a level and term, its founding decision, :class:`CouncilMember` rows
  (role, organisation, working group) and :class:`CouncilReview` entries
  ("reviewed / reconstituted on", one per year). Members' names are public
  only when ``show_member_names`` is ticked; contacts never are.
- :class:`EvaluationRound` — one session of a council (year, round number,
  dates) with the figures the sources **report** kept apart from the
  :class:`Dossier` rows actually **recorded**, and the certification
  decision it produced.
- :class:`TrainingSession`, :class:`TrainingParticipant` — a training course
  or study tour is an ``events.EventPage`` of that type; a participant is
  one-to-one with an ``events.Registration`` (role, producer, sessions
  attended). Personal data stay in the admin.
- :class:`TrainingRoster` — how many programme officials a level has in a
  year (the denominator of "officials trained"); ``is_sample`` marks a
  sample roster.

The OCOP rules (stars, potential 5★, who certifies) are those of
:mod:`products_catalog.rules`; nothing here re-implements them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from events.choices import EventType
from events.models import EventPage
from products_catalog import rules

#: Event types that are training for the programme (events' own vocabulary).
TRAINING_EVENT_TYPES = (EventType.TRAINING, EventType.STUDY_TOUR)


class CouncilLevel(models.TextChoices):
    """The council's level: the rules' levels (district councils end on 01/07/2025)."""

    PROVINCIAL = rules.Level.PROVINCIAL.value, _("Province")
    DISTRICT = rules.Level.DISTRICT.value, _("District (until 01/07/2025)")
    CENTRAL = rules.Level.CENTRAL.value, _("Central (5★)")


class Council(index.Indexed, ClusterableModel):
    """An evaluation and ranking council of one level and term."""

    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=CouncilLevel.choices)
    locality = models.ForeignKey(
        "taxonomy.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("locality"),
        help_text=_("The district of a district council; empty for the province."),
    )
    term_start = models.PositiveSmallIntegerField(_("term from (year)"))
    term_end = models.PositiveSmallIntegerField(_("term to (year)"), null=True, blank=True)
    decision_number = models.CharField(_("founding decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("founding decision date"), null=True, blank=True)
    decision_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("founding decision document"),
    )
    show_member_names = models.BooleanField(
        _("show members' names publicly"),
        default=False,
        help_text=_("Members sign public decisions; contact details are never shown."),
    )
    note = models.TextField(_("note"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("level")]),
        FieldPanel("locality"),
        FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")], heading=_("Term")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("decision_number"), FieldPanel("decision_date")]),
                FieldPanel("decision_document"),
            ],
            heading=_("Founding decision"),
        ),
        FieldPanel("show_member_names"),
        InlinePanel("members", heading=_("Members"), label=_("member")),
        InlinePanel("reviews", heading=_("Reviewed / reconstituted"), label=_("entry")),
        FieldPanel("note"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("evaluation council")
        verbose_name_plural = _("evaluation councils")
        ordering = ["-term_start", "level", "name"]

    def __str__(self):
        return f"{self.name} ({self.term_label})"

    @property
    def term_label(self):
        """ "2021–2025" or "2021–"."""
        return f"{self.term_start}–{self.term_end or ''}"

    def clean(self):
        if self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term ends before it starts.")})
        if (
            self.level == CouncilLevel.DISTRICT
            and self.decision_date
            and self.decision_date >= rules.DISTRICTS_ABOLISHED_ON
        ):
            raise ValidationError(
                {
                    "level": _("District-level government was abolished on %(date)s.")
                    % {"date": rules.DISTRICTS_ABOLISHED_ON.strftime("%d/%m/%Y")}
                }
            )

    def public_members(self):
        """``[(role label, name, organisation)]`` when names are public, else ``[]``."""
        if not self.show_member_names:
            return []
        return [(m.get_role_display(), m.name, m.organisation) for m in self.members.all()]


class CouncilMember(Orderable):
    """A member of a council (or of its working group); contacts are admin-only."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice-chair")
        MEMBER = "member", _("Member")
        SECRETARY = "secretary", _("Secretary")

    council = ParentalKey(Council, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    working_group = models.BooleanField(
        _("working group"), default=False, help_text=_("Member of the council's working group.")
    )
    phone = models.CharField(_("phone (never public)"), max_length=40, blank=True)
    email = models.EmailField(_("email (never public)"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role"), FieldPanel("working_group")]),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("council member")
        verbose_name_plural = _("council members")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class CouncilReview(Orderable):
    """A yearly "reviewed / reconstituted on" entry of a council."""

    class Action(models.TextChoices):
        REVIEWED = "reviewed", _("Reviewed")
        RECONSTITUTED = "reconstituted", _("Reconstituted")

    council = ParentalKey(Council, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    action = models.CharField(_("action"), max_length=14, choices=Action.choices)
    on = models.DateField(_("on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("action"), FieldPanel("on")]),
        FieldRowPanel([FieldPanel("decision_number"), FieldPanel("note")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("council review")
        verbose_name_plural = _("council reviews")

    def clean(self):
        if self.on and self.on.year != self.year:
            raise ValidationError({"on": _("The date is not in that year.")})


class RoundForm(WagtailAdminModelForm):
    """The round with its dossiers: each dossier's result checked at the round's level."""

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level", "")
        for form in self.formsets["dossiers"].forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE"):
                continue
            problems = dossier_errors(
                result=data.get("result"),
                stars=data.get("stars"),
                score=data.get("council_score"),
                level=level,
                has_product=bool(data.get("product") or data.get("product_name")),
            )
            for name, message in problems.items():
                form.add_error(name if name in form.fields else None, message)
        return cleaned


class EvaluationRound(index.Indexed, ClusterableModel):
    """One evaluation session of a council: reported figures apart from recorded dossiers.

    ``reported_*`` are the numbers the sources give (``None``: not given);
    :meth:`recorded` counts the :class:`Dossier` rows. ``decision`` is the
    certification decision the round produced (set by the council-decision
    import or by "issue the decision" in the admin).
    """

    council = models.ForeignKey(
        Council,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("council"),
    )
    level = models.CharField(_("level"), max_length=12, choices=CouncilLevel.choices)
    locality = models.ForeignKey(
        "taxonomy.Locality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("locality"),
        help_text=_("The district of a district round; empty for the province."),
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    number = models.PositiveSmallIntegerField(_("round number"), null=True, blank=True)
    start_date = models.DateField(_("session date"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    reported_registered = models.PositiveIntegerField(
        _("registered (reported)"), null=True, blank=True
    )
    reported_producers = models.PositiveIntegerField(
        _("producers registered (reported)"), null=True, blank=True
    )
    reported_evaluated = models.PositiveIntegerField(
        _("evaluated (reported)"), null=True, blank=True
    )
    reported_3 = models.PositiveIntegerField(_("certified 3★ (reported)"), null=True, blank=True)
    reported_4 = models.PositiveIntegerField(_("certified 4★ (reported)"), null=True, blank=True)
    reported_5 = models.PositiveIntegerField(_("certified 5★ (reported)"), null=True, blank=True)
    decision = models.ForeignKey(
        "products_catalog.CertificationDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("certification decision"),
    )
    source_url = models.URLField(_("source"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("council"), FieldPanel("level"), FieldPanel("locality")]),
        FieldRowPanel([FieldPanel("year"), FieldPanel("number")]),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("reported_registered"),
                        FieldPanel("reported_producers"),
                        FieldPanel("reported_evaluated"),
                    ]
                ),
                FieldRowPanel(
                    [FieldPanel("reported_3"), FieldPanel("reported_4"), FieldPanel("reported_5")]
                ),
            ],
            heading=_("Figures the sources report"),
        ),
        InlinePanel("dossiers", heading=_("Dossiers recorded"), label=_("dossier")),
        FieldPanel("decision"),
        FieldRowPanel([FieldPanel("source_url"), FieldPanel("note")]),
    ]
    search_fields = [index.FilterField("year"), index.SearchField("note")]
    base_form_class = RoundForm

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-year", "-start_date", "-number", "-pk"]

    def __str__(self):
        return str(self.label)

    @property
    def label(self):
        """ "Round 1/2022 — Sơn Hòa" (or "Round of 25/10/2022")."""
        if self.number:
            text = _("Round %(number)s/%(year)s") % {"number": self.number, "year": self.year}
        elif self.start_date:
            text = _("Round of %(date)s") % {"date": self.start_date.strftime("%d/%m/%Y")}
        else:
            text = _("Round of %(year)s") % {"year": self.year}
        if self.locality_id:
            text = f"{text} — {self.locality.display_name}"
        return text

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The round ends before it starts.")})
        if self.start_date and self.start_date.year != self.year:
            raise ValidationError({"start_date": _("The date is not in that year.")})
        if self.council_id and self.council.level != self.level:
            raise ValidationError({"level": _("The council is of another level.")})

    @property
    def reported_by_stars(self):
        """``{stars: count}`` of the reported certified figures that were given."""
        values = {5: self.reported_5, 4: self.reported_4, 3: self.reported_3}
        return {stars: n for stars, n in values.items() if n is not None}

    def recorded(self):
        """Figures from the dossiers: ``{"registered", "evaluated", "by_stars", "producers"}``."""
        return round_figures(list(self.dossiers.all()))

    def figures(self):
        """The figures to show: reported where the source gives them, recorded otherwise.

        Shape: ``{"registered", "evaluated", "by_stars": {stars: n}, "certified",
        "source": "reported" | "recorded" | "none"}`` (values ``None`` when unknown).
        """
        recorded = self.recorded()
        reported = self.reported_by_stars
        has_dossiers = recorded["registered"] > 0
        by_stars = reported or (recorded["by_stars"] if has_dossiers else {})
        registered = self.reported_registered
        evaluated = self.reported_evaluated
        if has_dossiers:
            registered = registered if registered is not None else recorded["registered"]
            evaluated = evaluated if evaluated is not None else recorded["evaluated"]
        source = "reported" if (reported or self.reported_registered is not None) else "none"
        if source == "none" and has_dossiers:
            source = "recorded"
        certified = sum(by_stars.values()) if by_stars else None
        return {
            "registered": registered,
            "evaluated": evaluated,
            "by_stars": by_stars,
            "certified": certified,
            "source": source,
        }

    def public_text(self):
        """ "Round 1/2022 — 9 products certified (2×4★, 7×3★)", or what the register knows."""
        figures = self.figures()
        if figures["certified"] is not None:
            parts = ", ".join(
                f"{n}×{stars}★"
                for stars, n in sorted(figures["by_stars"].items(), reverse=True)
                if n
            )
            text = _("%(round)s — %(count)s products certified") % {
                "round": self.label,
                "count": figures["certified"],
            }
            return f"{text} ({parts})" if parts else text
        if figures["registered"] is not None:
            return _("%(round)s — %(count)s products registered for evaluation") % {
                "round": self.label,
                "count": figures["registered"],
            }
        return _("%(round)s — no figures recorded") % {"round": self.label}


class DossierResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    CERTIFIED = "certified", _("Certified")
    POTENTIAL_FIVE = "potential_five", _("Potential 5★")
    FORWARDED = "forwarded", _("Forwarded to the province")
    NOT_REACHED = "not_reached", _("Not reached")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Results that lead to a certification line at ``stars``.
CERTIFYING_RESULTS = (DossierResult.CERTIFIED, DossierResult.POTENTIAL_FIVE)
#: Results of a dossier the council evaluated (not withdrawn, not pending).
EVALUATED_RESULTS = CERTIFYING_RESULTS + (DossierResult.FORWARDED, DossierResult.NOT_REACHED)


def round_figures(dossiers):
    """Counts of ``dossiers`` (a list): registered, evaluated, producers, by_stars.

    ``by_stars`` counts certifying results by their stars (``{stars: n}``).
    """
    by_stars = {}
    for dossier in dossiers:
        if dossier.result in CERTIFYING_RESULTS and dossier.stars:
            by_stars[dossier.stars] = by_stars.get(dossier.stars, 0) + 1
    return {
        "registered": len(dossiers),
        "evaluated": sum(1 for d in dossiers if d.result in EVALUATED_RESULTS),
        "producers": len({d.producer_id for d in dossiers if d.producer_id}),
        "by_stars": by_stars,
    }


class Dossier(Orderable):
    """A product's dossier in a round: scores and the council's result.

    ``stars`` is the council's star level for a certifying result; the
    rules check it against ``council_score`` (:func:`rules.score_fits`) and
    the potential 5★ result (:func:`rules.is_potential_five`). ``product``
    may be empty for a product not (yet) in the catalogue: ``product_name``
    then names it.
    """

    Result = DossierResult

    round = ParentalKey(EvaluationRound, on_delete=models.CASCADE, related_name="dossiers")
    product = models.ForeignKey(
        "products_catalog.ProductPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("product"),
    )
    product_name = models.CharField(
        _("product name (if not in the catalogue)"), max_length=255, blank=True
    )
    producer = models.ForeignKey(
        "products_catalog.ProducerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("producer"),
    )
    self_score = models.PositiveSmallIntegerField(_("self-assessed score"), null=True, blank=True)
    council_score = models.PositiveSmallIntegerField(_("council score"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("stars"),
        null=True,
        blank=True,
        choices=[(n, f"{n}★") for n in range(1, rules.MAX_STARS + 1)],
    )
    result = models.CharField(
        _("result"), max_length=16, choices=DossierResult.choices, default=DossierResult.PENDING
    )

    panels = [
        FieldRowPanel([FieldPanel("product"), FieldPanel("product_name")]),
        FieldPanel("producer"),
        FieldRowPanel(
            [
                FieldPanel("self_score"),
                FieldPanel("council_score"),
                FieldPanel("stars"),
                FieldPanel("result"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self):
        name = self.product.title if self.product_id else self.product_name
        return f"{name} · {self.get_result_display()}"

    def clean(self):
        # The rules need the round's level: the round's form checks them
        # (:class:`RoundForm`); here only what the dossier alone tells.
        errors = {}
        if not (self.product_id or self.product_name):
            errors["product"] = _("Choose the product or give its name.")
        for score_field in ("self_score", "council_score"):
            value = getattr(self, score_field)
            if value is not None and value > 100:
                errors[score_field] = _("A score is out of 100.")
        if errors:
            raise ValidationError(errors)


def dossier_errors(*, result, stars, score, level, has_product=True):
    """``{field: message}`` for a dossier's result against the rules (empty when fine)."""
    errors = {}
    if not has_product:
        errors["product"] = _("Choose the product or give its name.")
    if result in CERTIFYING_RESULTS:
        if not rules.is_ocop(stars):
            errors["stars"] = _("A certified product has 3★ or more.")
        elif rules.only_central_certifies(stars) and level != rules.Level.CENTRAL:
            errors["stars"] = _("5★ is certified by the central council only.")
        elif score is not None and score <= 100 and not rules.score_fits(stars, score, level):
            errors["council_score"] = _("The score is outside the band of those stars.")
    if result == DossierResult.POTENTIAL_FIVE and not rules.is_potential_five(stars, score, level):
        errors["result"] = _("Potential 5★ is a provincial 4★ scored %(score)s or more.") % {
            "score": rules.POTENTIAL_FIVE_MIN_SCORE
        }
    if result == DossierResult.NOT_REACHED and stars and rules.is_ocop(stars):
        errors["stars"] = _("A product that did not reach OCOP has fewer than 3★.")
    if result == DossierResult.FORWARDED and level != rules.Level.DISTRICT:
        errors["result"] = _("Only a district pre-evaluation forwards dossiers to the province.")
    return errors


class TrainingSession(models.Model):
    """One session (day or half-day) of a training course or study tour."""

    event = models.ForeignKey(
        EventPage,
        on_delete=models.CASCADE,
        related_name="training_sessions",
        verbose_name=_("course or tour"),
        limit_choices_to={"event_type__in": TRAINING_EVENT_TYPES},
    )
    day = models.DateField(_("day"))
    label = models.CharField(_("session"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["event", "day", "pk"]

    def __str__(self):
        label = f" {self.label}" if self.label else ""
        return f"{self.day:%d/%m/%Y}{label}"


class ParticipantRole(models.TextChoices):
    OFFICIAL_PROVINCE = "official_province", _("Programme official, province")
    OFFICIAL_DISTRICT = "official_district", _("Programme official, district")
    OFFICIAL_COMMUNE = "official_commune", _("Programme official, commune")
    PRODUCER_MANAGER = "producer_manager", _("Manager of a producer")
    OTHER = "other", _("Other")


#: Roster level of each official role.
OFFICIAL_LEVELS = {
    ParticipantRole.OFFICIAL_PROVINCE: "province",
    ParticipantRole.OFFICIAL_DISTRICT: "district",
    ParticipantRole.OFFICIAL_COMMUNE: "commune",
}


class TrainingParticipant(models.Model):
    """A registration at a training event, with the participant's role and attendance."""

    Role = ParticipantRole

    registration = models.OneToOneField(
        "events.Registration",
        on_delete=models.CASCADE,
        related_name="training",
        verbose_name=_("registration"),
    )
    role = models.CharField(_("role in the programme"), max_length=20, choices=Role.choices)
    producer = models.ForeignKey(
        "products_catalog.ProducerPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("producer managed"),
    )
    sessions = models.ManyToManyField(
        TrainingSession, blank=True, related_name="attendees", verbose_name=_("sessions attended")
    )

    class Meta:
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        ordering = ["registration__event", "registration__name", "pk"]

    def __str__(self):
        return str(self.registration)

    @property
    def name(self):
        return self.registration.name

    @property
    def organisation(self):
        return self.registration.organisation

    @property
    def event_title(self):
        return self.registration.event.title

    def clean(self):
        if self.role == ParticipantRole.PRODUCER_MANAGER and not self.producer_id:
            raise ValidationError({"producer": _("Name the producer this person manages.")})
        if self.registration_id and self.registration.event.event_type not in TRAINING_EVENT_TYPES:
            raise ValidationError(
                {"registration": _("The event is not a training course or a study tour.")}
            )


class TrainingRoster(models.Model):
    """How many programme officials a level has in a year (for "officials trained")."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")

    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    officials = models.PositiveIntegerField(_("programme officials"))
    is_sample = models.BooleanField(
        _("sample figure"), default=False, help_text=_("Ticked: not an official figure.")
    )
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("officials roster")
        verbose_name_plural = _("officials rosters")
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "level"], name="programme_one_roster_per_level")
        ]

    def __str__(self):
        label = _("sample")  # outside the f-string, where makemessages finds it
        sample = f" ({label})" if self.is_sample else ""
        return f"{self.year} {self.get_level_display()}: {self.officials}{sample}"
