"""StreamField blocks shared by every page type (products, news, events, pages).

Each block has a ``description`` and a ``preview_value`` so the block picker
in the admin shows what it will look like (Wagtail's block previews).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from core.pieces import call_to_action_href

PREVIEW_TEMPLATE = "core/block_preview.html"

RICH_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"), max_length=200)
    # Not indexed: Wagtail indexes a choice's label, and "Tiêu đề cấp 2" then matched searches
    # and showed in result snippets.
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
        label=_("level"),
        search_index=False,
    )

    class Meta:
        icon = "title"
        template = "core/blocks/heading.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A section heading")
        preview_value = {"text": "Đặc sản vùng biển Phú Yên", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "core/blocks/paragraph.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("Formatted text")
        preview_value = "<p>Nước mắm truyền thống được ủ chượp <b>12 tháng</b> trong thùng gỗ.</p>"


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    def get_preview_value(self):
        # Preview with the newest picture of the library, when there is one.
        from wagtail.images import get_image_model

        image = get_image_model().objects.order_by("-pk").first()
        if image is None:
            return super().get_preview_value()
        return self.to_python(
            {
                "image": {"image": image.pk, "alt_text": image.title, "decorative": False},
                "caption": image.title,
            }
        )

    class Meta:
        icon = "image"
        template = "core/blocks/figure.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A picture with alternative text and a caption")


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A quotation, e.g. from a producer or buyer")
        preview_value = {
            "quote": "Sản phẩm OCOP giúp hợp tác xã mở rộng thị trường.",
            "attribution": "Giám đốc hợp tác xã",
        }


class FactBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=80)
    value = blocks.CharBlock(label=_("value"), max_length=255)


class FactsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False)
    facts = blocks.ListBlock(FactBlock(), label=_("facts"))

    class Meta:
        icon = "list-ul"
        template = "core/blocks/facts.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A short table of facts (label: value)")
        preview_value = {
            "title": "Thông tin sản phẩm",
            "facts": [
                {"label": "Quy cách", "value": "Chai thủy tinh 500 ml"},
                {"label": "Hạn sử dụng", "value": "24 tháng"},
            ],
        }


class CallToActionValue(blocks.StructValue):
    @property
    def href(self):
        """The button's address: the page when it is live, else the URL (one rule for
        every call to action: :func:`core.pieces.call_to_action_href`)."""
        return call_to_action_href(self.get("page"), self.get("url"))


class CallToActionBlock(blocks.StructBlock):
    """A button in the body: the same shape as :class:`core.pieces.CallToActionMixin`."""

    text = blocks.CharBlock(label=_("text"), max_length=120)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("or address"), required=False)

    class Meta:
        icon = "link"
        template = "core/blocks/call_to_action.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A prominent button linking to a page or address")
        value_class = CallToActionValue
        preview_value = {"text": "Xem sản phẩm OCOP", "url": "https://example.org"}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), required=False)

    def get_preview_value(self):
        from wagtail.documents import get_document_model

        document = get_document_model().objects.order_by("-pk").first()
        if document is None:
            return super().get_preview_value()
        return self.to_python({"document": document.pk, "title": document.title})

    class Meta:
        icon = "doc-full"
        template = "core/blocks/document.html"
        preview_template = PREVIEW_TEMPLATE
        description = _("A downloadable document, e.g. a decision")


class BodyBlock(blocks.StreamBlock):
    """The standard body: heading, paragraph, figure, quote, facts, button, document."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock(features=RICH_FEATURES)
    figure = FigureBlock()
    quote = QuoteBlock()
    facts = FactsBlock()
    call_to_action = CallToActionBlock()
    document = DocumentBlock()
