"""Page pieces: small abstract mixins that bring one field group and its panels.

In the style of Wagtail's news template: a page type is ``BasePage`` plus the
pieces it shows. Each mixin names its panels (``*_panels``, lists to put into
``content_panels``), so a page composes them::

    class NewsPage(HeroImageMixin, BasePage):
        content_panels = BasePage.content_panels + HeroImageMixin.hero_panels

- :class:`HeroImageMixin`: ``hero_image`` (a picture above the text, also the
  card picture) and :func:`with_card_images` for listings;
- :class:`IntroMixin`: ``intro``, a short rich-text introduction;
- :class:`CallToActionMixin`: a button, ``cta_text`` + ``cta_page`` or
  ``cta_url``, resolved by :attr:`CallToActionMixin.cta_href` (the same rule as
  :class:`core.blocks.CallToActionBlock`, see :func:`call_to_action_href`).

The "related catalogue pages" rows live with the catalogue
(:mod:`products_catalog.models.related`), since they point at its pages.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField

from core.models import CustomImage

#: The rendition cards show (16:9, 480 px wide).
# News, campaign and event cards' srcset: 400 and 800 px wide, WebP.
CARD_RENDITIONS = ("fill-400x225|format-webp", "fill-800x450|format-webp")
CARD_RENDITION = CARD_RENDITIONS[-1]


def with_card_images(queryset, field="hero_image"):
    """``queryset`` with the card rendition of its pictures prefetched.

    The images joined, one query for their renditions, whatever the number
    of rows (listings stay at a constant number of queries).
    """
    renditions = CustomImage.get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
    return queryset.select_related(field).prefetch_related(
        models.Prefetch(
            f"{field}__renditions", queryset=renditions, to_attr="prefetched_renditions"
        )
    )


class HeroImageMixin(models.Model):
    """A picture shown above the page's text and on its card."""

    hero_image = models.ForeignKey(
        "core.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )

    hero_panels = [FieldPanel("hero_image")]

    class Meta:
        abstract = True


class IntroMixin(models.Model):
    """A short introduction (rich text: paragraphs, bold, italic, links)."""

    intro = RichTextField(_("introduction"), blank=True)

    intro_panels = [FieldPanel("intro")]

    class Meta:
        abstract = True


def call_to_action_href(page, url):
    """Where a call-to-action button goes: ``page`` when it is live, else ``url``.

    ``page`` may be ``None`` (or a page taken offline); ``url`` may be ``""``.
    Returns ``""`` when neither gives an address (then no button is shown).
    """
    if page is not None and page.live:
        return page.url or ""
    return url or ""


class CallToActionMixin(models.Model):
    """A button: its text, and where it goes (a page of the site, or an address)."""

    cta_text = models.CharField(_("call to action text"), max_length=80, blank=True)
    cta_url = models.URLField(_("call to action address"), max_length=500, blank=True)
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("or call to action page"),
    )

    cta_panels = [
        MultiFieldPanel(
            [FieldPanel("cta_text"), FieldPanel("cta_url"), PageChooserPanel("cta_page")],
            heading=_("Call to action"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.cta_url and not self.cta_page_id and not self.cta_text:
            raise ValidationError({"cta_text": _("Give the button a text.")})

    @property
    def cta_href(self):
        """The button's address (:func:`call_to_action_href`): the live page, else the URL."""
        return call_to_action_href(self.cta_page if self.cta_page_id else None, self.cta_url)

    @property
    def cta_label(self):
        """The button's text: ``cta_text``, else the chosen page's title."""
        if self.cta_text:
            return self.cta_text
        return self.cta_page.title if self.cta_page_id else ""
