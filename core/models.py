"""Shared models: the user and image models, tags, site settings and the base page.

``core`` imports no app of ours; domain apps build on what is here.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.widgets.slug import SlugInput
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, PageViewRestriction, TranslatableMixin

from core import fastpath
from core.i18n import in_active_language, language_code, sitemap_entries
from core.text import slug_input_formatters, slugify_vi, sort_key


class User(AbstractUser):
    """The site's user model (custom from the first migration, as Django advises)."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class CustomImage(AbstractImage):
    """Wagtail image with a caption and a "placeholder" flag.

    ``is_placeholder`` marks the synthetic pictures the demo loader draws
    (no real photos could be fetched); the admin shows the flag and the title
    starts with "[Ảnh minh họa]".
    """

    caption = models.CharField(_("caption"), max_length=255, blank=True)
    is_placeholder = models.BooleanField(
        _("placeholder picture"),
        default=False,
        help_text=_("Synthetic picture standing in for a real photo."),
    )

    admin_form_fields = Image.admin_form_fields + ("caption", "is_placeholder")

    @property
    def default_alt_text(self):
        return self.caption or self.title


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class Tag(TagBase):
    """A free tag ("Mật ong", "quà tặng") with an ASCII slug made by :func:`slugify_vi`.

    Matching is case-insensitive (``TAGGIT_CASE_INSENSITIVE``), so "Mật ong"
    and "mật ong" are one tag. ``name_en`` (optional) is what English pages show
    (:attr:`display_name`); filters match the slug, the same in every language.
    """

    name_en = models.CharField(
        _("English name"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the Vietnamese name is shown."),
    )

    free_tagging = True

    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = slugify_vi(tag, max_length=90) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    @property
    def display_name(self):
        """The name in the active language (``name_en`` in English when filled in)."""
        return in_active_language(self.name, self.name_en)


@register_setting(icon="site")
class ProgrammeSettings(BaseSiteSetting):
    """Who runs the site: programme and province names, contacts, logo.

    Templates read these (``settings.core.ProgrammeSettings``); nothing
    hard-codes a province. ``office_email`` receives inquiries and digests.

    The texts a visitor reads have an English version (``<name>_en``, issue 13) read
    through :meth:`text` in the active language, with the Vietnamese one as fallback:
    ``local_programme_name``, ``local_tagline``, ``local_address``, ``site_title``.
    """

    #: Fields with a per-language version ``<name>_<language>`` (``_en``).
    TRANSLATED_TEXTS = ("programme_name", "tagline", "address")

    programme_name = models.CharField(
        _("programme name"), max_length=200, default="Chương trình OCOP"
    )
    province_name = models.CharField(_("province name"), max_length=120, blank=True)
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    programme_name_en = models.CharField(
        _("programme name in English"),
        max_length=200,
        blank=True,
        help_text=_("e.g. “OCOP Programme”. Empty: the Vietnamese name is shown."),
    )
    tagline_en = models.CharField(
        _("tagline in English"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the Vietnamese tagline is shown."),
    )
    hotline = models.CharField(_("hotline"), max_length=40, blank=True)
    office_email = models.EmailField(_("office email"), blank=True)
    address = models.CharField(_("office address"), max_length=255, blank=True)
    address_en = models.CharField(
        _("office address in English"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the Vietnamese address is shown."),
    )
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    zalo_url = models.URLField(_("Zalo page"), blank=True)
    logo = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("programme_name"),
                FieldPanel("province_name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
            ],
            heading=_("Programme"),
        ),
        MultiFieldPanel(
            [FieldPanel("programme_name_en"), FieldPanel("tagline_en"), FieldPanel("address_en")],
            heading=_("In English"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("hotline"),
                FieldPanel("office_email"),
                FieldPanel("address"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("youtube_url"),
                FieldPanel("zalo_url"),
            ],
            heading=_("Social links"),
        ),
    ]

    class Meta:
        verbose_name = _("programme settings")
        verbose_name_plural = _("programme settings")

    @classmethod
    def for_site(cls, site):
        # Read by every page: kept in the shared cache until content changes (core.fastpath).
        if site is None:
            return super().for_site(site)
        return fastpath.cached(
            f"settings:{site.pk}", lambda: super(ProgrammeSettings, cls).for_site(site)
        )

    def text(self, name, language=None):
        """The visitor-facing text ``name`` (one of :data:`TRANSLATED_TEXTS`) in
        ``language`` (default: the active one): its ``<name>_<language>`` field when filled,
        else the Vietnamese field. Raises ``ValueError`` for any other name."""
        if name not in self.TRANSLATED_TEXTS:
            raise ValueError(f"{name!r} has no per-language version")
        code = language_code(language or translation.get_language())
        if code and code != language_code(settings.LANGUAGE_CODE):
            value = getattr(self, f"{name}_{code}", "")
            if value:
                return value
        return getattr(self, name)

    @property
    def local_programme_name(self):
        return self.text("programme_name")

    @property
    def local_tagline(self):
        return self.text("tagline")

    @property
    def local_address(self):
        return self.text("address")

    @property
    def site_title(self):
        """The site's name in the active language: "Chương trình OCOP Phú Yên" (Vietnamese
        order), "Phú Yên OCOP Programme" (English order, with the English name); the
        programme name alone without a province; the Vietnamese title when the active
        language has no programme name of its own."""
        name = self.local_programme_name
        if not self.province_name:
            return name
        if name != self.programme_name:  # a name of the active language: its word order
            return f"{self.province_name} {name}"
        return f"{self.programme_name} {self.province_name}"


def slug_panel():
    """The slug field with Vietnamese-folding formatters for the admin's JS."""
    return FieldPanel("slug", widget=SlugInput(formatters=slug_input_formatters()))


class BasePage(Page):
    """Abstract base for every page of ours: ASCII slugs from Vietnamese titles.

    Slugs typed or proposed in the admin, and slugs made in code (imports,
    demo content), all pass through :func:`core.text.slugify_vi`, so
    "Đặc sản Đồng Din" is served at ``dac-san-dong-din``.
    """

    promote_panels = [
        MultiFieldPanel(
            [slug_panel(), FieldPanel("seo_title"), FieldPanel("search_description")],
            heading=_("For search engines"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
    ]

    class Meta:
        abstract = True

    def route(self, request, path_components):
        # Two queries for the whole path instead of two a level (core.fastpath).
        if not path_components:
            return super().route(request, path_components)
        return fastpath.route(self, request, path_components, BasePage.route)

    def get_view_restrictions(self):
        # Nothing restricted above or here (cached list of restricted paths): no query.
        if not fastpath.may_be_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def full_clean(self, *args, **kwargs):
        if self.slug:
            self.slug = slugify_vi(self.slug) or self.slug
        super().full_clean(*args, **kwargs)

    def get_sitemap_urls(self, request=None):
        # Translations listed with their source, with hreflang alternates (issue 13).
        return sitemap_entries(self, super().get_sitemap_urls(request), request)

    def _set_core_field_defaults(self):
        # Wagtail's own default uses Django's slugify, which drops "đ"; make
        # the slug first, from the same function the admin's JS mirrors.
        parent_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if not self.slug and parent_known:
            base_slug = slugify_vi(self.title)
            if base_slug:
                self.slug = self._get_autogenerated_slug(base_slug)
        super()._set_core_field_defaults()


class SortTitleMixin(models.Model):
    """A Vietnamese sort key of the title for A–Z order (:func:`core.text.sort_key`).

    Databases compare code points, which puts "Cam" before "Cà", "Đ" after "Z"
    and upper case before lower; the key gives Vietnamese dictionary order
    (đ after d, tones after the base letter) on every database.
    """

    sort_title = models.CharField(max_length=255, blank=True, editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.sort_title = sort_key(self.title)[:255]
        super().save(*args, **kwargs)


class MenuItem(TranslatableMixin, Orderable):
    """One link of the main menu (*Snippets → Main menu*), in the editor's order.

    ``label`` is the short text shown in the header (the page's title when
    blank), so the menu fits one row on a desktop. While no item exists for
    any language, the menu is the site root's children marked "show in menus"
    (:func:`core.templatetags.ocop_tags.main_menu`).
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    label = models.CharField(
        _("short label"),
        max_length=40,
        blank=True,
        help_text=_("Shown in the menu; the page's title when blank. Keep it to one or two words."),
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("menu item")
        verbose_name_plural = _("main menu")

    def __str__(self):
        return self.label or (self.page.title if self.page_id else "")


class OutboxMessage(models.Model):
    """One e-mail the site must send: THE outbox of every mail (see :mod:`core.outbox`).

    Written in the same transaction as what it is about (an inquiry, a
    registration, a digest's records), then sent by the task worker outside
    any request. ``state``: ``pending`` (to send, or to retry at
    ``next_attempt_at``), ``sent`` (the mail server accepted it), ``dead``
    (gave up after ``OUTBOX_MAX_ATTEMPTS``: shown in the admin, retry by hand).
    ``lease_until``/``lease_owner``: the worker sending it now; an expired
    lease (a crashed worker) frees it again. ``message_id`` is fixed when
    the row is written and sent with every attempt, so a mail sent twice
    after a crash (delivery is at-least-once) is one message to a client
    that deduplicates by Message-ID. ``source`` (generic) is the inquiry or
    registration the mail is about; one message per source and ``kind``.
    """

    class Kind(models.TextChoices):
        PRODUCER = "producer", _("to the producer")
        OFFICE = "office", _("to the programme office")
        BUYER_COPY = "copy", _("copy to the buyer")
        CONFIRMATION = "confirmation", _("registration confirmation")
        DIGEST = "digest", _("expiry digest")
        HOLDER_NOTICE = "holder", _("notice to a certificate holder")

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        DEAD = "dead", _("gave up")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    recipient = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"), blank=True)
    reply_to = models.EmailField(_("reply to"), max_length=254, blank=True)
    # [{"filename", "content" (text), "mimetype"}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    lease_owner = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="core_outbox_due"),
            models.Index(fields=["source_type", "source_id"], name="core_outbox_source"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id", "kind"],
                condition=models.Q(source_id__isnull=False),
                name="core_outbox_one_per_source_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} <{self.recipient}>: {self.get_state_display()}"
