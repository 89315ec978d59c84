"""Product-group families: one group for visitors across OCOP criteria versions.

Decision 148/QĐ-TTg (2023) renamed and regrouped the six groups of Decision
1048/QĐ-TTg (2019); ``ProductGroup.family`` (top-level groups) joins the groups
that are the same for a visitor: ``thuc-pham`` (food, both versions), ``do-uong``,
``duoc-lieu`` (herbal 2019 → medicinal herbs 2023), ``thu-cong-my-nghe`` (textiles
and souvenirs/furniture 2019 → handicrafts 2023), ``du-lich`` (rural tourism 2019 →
community and eco-tourism 2023), ``sinh-vat-canh`` (2023 only). Seeded by
taxonomy 0004; a group without a family is its own (its slug).

A family is named after its group in the newest criteria version.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

from taxonomy.models import ProductGroup

_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


@dataclass(frozen=True)
class Family:
    slug: str
    name: str
    colour: str
    #: The family's top-level groups, newest criteria version first.
    groups: tuple


def families(slugs=None):
    """``[Family]`` of the top-level groups (only ``slugs`` when given), in display order.

    One query. Order: the order of each family's newest group.
    """
    groups = ProductGroup.objects.filter(parent__isnull=True).exclude(family="")
    if slugs is not None:
        groups = groups.filter(family__in=list(slugs))
    by_family = {}
    for group in sorted(groups, key=lambda g: (-version_year(g.criteria_version), g.pk)):
        by_family.setdefault(group.family, []).append(group)
    found = [
        Family(slug, members[0].display_name, members[0].colour, tuple(members))
        for slug, members in by_family.items()
    ]
    return sorted(found, key=lambda f: (f.groups[0].sort_order, f.slug))


def version_year(criteria_version):
    """``"148-2023"`` → 2023."""
    try:
        return int(str(criteria_version).rsplit("-", 1)[-1])
    except ValueError:
        return 0


@dataclass(frozen=True)
class GroupChoice:
    """What a ``?group=`` value names: a family, a version's group, or a subgroup."""

    value: str
    family: str = ""
    group: ProductGroup | None = None

    def q(self, prefix=""):
        """``Q`` of products (``prefix``: the path to the product, e.g. ``"products__"``)."""
        if self.family:
            return Q(**{f"{prefix}group__family": self.family})
        return Q(**{f"{prefix}group": self.group}) | Q(**{f"{prefix}subgroup": self.group})

    @property
    def legacy_family(self):
        """The family a version's top-level group belongs to, when its slug is not it.

        ``thuc-pham-2023`` → ``thuc-pham``: the catalogue redirects such values.
        """
        group = self.group
        if group is None or group.parent_id or not group.family or group.family == self.value:
            return ""
        return group.family


def group_choice(value):
    """The :class:`GroupChoice` of ``value`` (a family, group or subgroup slug), or ``None``.

    A family slug wins over a group with the same slug. One query.
    """
    value = (value or "").strip()
    if not _SLUG.fullmatch(value):
        return None
    rows = list(
        ProductGroup.objects.filter(Q(family=value, parent__isnull=True) | Q(slug=value))[:20]
    )
    if any(row.family == value for row in rows):
        return GroupChoice(value, family=value)
    if rows:
        return GroupChoice(value, group=rows[0])
    return None
