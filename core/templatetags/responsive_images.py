"""``{% srcset_image %}`` as Wagtail's, with each width offered once.

Wagtail never enlarges an image: for an 800 px upload, ``fill-{400x300,800x600,1200x900}``
gives two 800 px renditions, and Wagtail's ``srcset`` lists both as ``800w`` (an HTML
error: "duplicate width descriptor"; the browser drops the later one). Load this library
after ``wagtailimages_tags``; the tag's syntax and output are otherwise Wagtail's.
"""

from django import template
from wagtail.images.models import ResponsiveImage
from wagtail.images.templatetags import wagtailimages_tags
from wagtail.images.templatetags.wagtailimages_tags import (
    SrcsetImageNode,
    get_renditions_or_not_found,
)

register = template.Library()


def distinct_widths(renditions):
    """``{spec: rendition}`` without a rendition as wide as an earlier one (order kept)."""
    kept, widths = {}, set()
    for spec, rendition in renditions.items():
        if rendition.width not in widths:
            widths.add(rendition.width)
            kept[spec] = rendition
    return kept


class DistinctSrcsetImageNode(SrcsetImageNode):
    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = distinct_widths(get_renditions_or_not_found(image, self.get_filters()))
        if self.output_var_name:
            context[self.output_var_name] = ResponsiveImage(renditions)
            return ""
        attrs = {key: value.resolve(context) for key, value in self.attrs.items()}
        return ResponsiveImage(renditions, attrs).__html__()


@register.tag("srcset_image")
def srcset_image(parser, token):
    node = wagtailimages_tags.image(parser, token)
    # Wagtail's parser picks its node class from a table inside the function: the parsed
    # node is kept (filters, attributes, "as" name) and only its rendering changes.
    node.__class__ = DistinctSrcsetImageNode
    return node
