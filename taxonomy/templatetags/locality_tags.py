"""``{% locality_label unit %}``: a unit's name, with its province when not the site's.

"Huyện Tuy An" on a Phú Yên site; "Huyện Mộc Châu, Tỉnh Sơn La" for a unit
elsewhere. The site's provinces are those named by
``ProgrammeSettings.province_name`` and the 2025 provinces holding them
(:func:`taxonomy.units.home_province_ids`), looked up once per request. The
province comes from ``unit.parent`` chains: select ``locality__parent__parent``
with the rows so that a listing adds no query per card.
"""

from django import template

from core import fastpath
from core.models import ProgrammeSettings
from taxonomy.units import home_province_ids

register = template.Library()

_CACHE_ATTRIBUTE = "_taxonomy_home_province_ids"


def site_province_ids(request):
    """The site's province ids (``frozenset``), computed once per request."""
    if request is None:
        return frozenset()
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        try:
            name = ProgrammeSettings.for_request(request).province_name
        except ProgrammeSettings.DoesNotExist:  # no Wagtail site matches the request
            name = ""
        cached = fastpath.cached(f"province-ids:{name}", lambda: home_province_ids(name))
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def label(unit, home_ids):
    """``unit.name``, followed by its province's name when that is not one of ``home_ids``."""
    if unit is None:
        return ""
    province = unit.province
    if province is None or province.pk == unit.pk or not home_ids or province.pk in home_ids:
        return unit.display_name
    return f"{unit.display_name}, {province.display_name}"


@register.simple_tag(takes_context=True)
def locality_label(context, unit):
    """See the module docstring; ``""`` for no unit."""
    return label(unit, site_province_ids(context.get("request")))
