"""Server-side charts as accessible inline SVG (no JavaScript, no external service).

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described
by its ``<desc>`` (which lists every value, so a screen reader gets the
data); the page shows the same data as a table next to it. Labels sit above
their bars so long Vietnamese names fit on a phone. Sizes are in viewBox
units; the SVG scales to its container.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# A phone shows the chart at about its viewBox size (text ≈ 14 px); wider
# screens cap the figure at 28rem (see programme.css).
WIDTH = 360
ROW_HEIGHT = 42
BAR_HEIGHT = 16
TOP = 8
LABEL_CHARS = 46
BAR_COLOUR = "#2e7d32"
TRACK_COLOUR = "#e4e8df"
TARGET_COLOUR = "#8a5a00"
TEXT_COLOUR = "#1c1c1c"


def _n(number):
    """A coordinate with one decimal: 12.0 → "12.0"."""
    return f"{number:.1f}"


def _short(label, limit=LABEL_CHARS):
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _svg(chart_id, title, desc, height, body):
    return format_html(
        '<svg class="chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" '
        'font-size="14">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        title=title,
        desc=desc,
        body=body,
    )


def bar_chart(chart_id, title, items, *, unit=""):
    """Horizontal bars for ``items`` = ``[(label, value), …]`` (values ≥ 0).

    ``unit`` words each value in the description: a plural-aware lazy string with an
    ``n`` placeholder (``ngettext_lazy("%(n)s product", "%(n)s products", "n")``: "1
    product", "2 products"); without one the bare number. Returns
    safe HTML; an empty ``items`` still gives a valid, described SVG.
    """
    items = [(str(label), int(value or 0)) for label, value in items]
    top = max([value for _label, value in items] + [1])
    value_space = 10 + 8 * len(str(top))
    scale = (WIDTH - value_space) / top
    desc = "; ".join(f"{label}: {unit % {'n': value} if unit else value}" for label, value in items)
    parts = []
    for index, (label, value) in enumerate(items):
        y = TOP + index * ROW_HEIGHT
        width = max(value * scale, 1 if value else 0)
        parts.append(
            format_html(
                '<g><text x="0" y="{ty}" fill="{text}">{label}</text>'
                '<rect x="0" y="{by}" width="{bw}" height="{bh}" rx="2" fill="{bar}"/>'
                '<text x="{vx}" y="{vy}" fill="{text}" font-weight="600">{value}</text></g>',
                ty=y + 13,
                by=y + 18,
                bw=_n(width),
                bh=BAR_HEIGHT,
                bar=BAR_COLOUR,
                text=TEXT_COLOUR,
                label=_short(label),
                vx=_n(width + 5),
                vy=y + 31,
                value=value,
            )
        )
    height = TOP + max(len(items), 1) * ROW_HEIGHT + 4
    return _svg(chart_id, title, desc or "—", height, mark_safe("".join(parts)))


def progress_chart(chart_id, title, items):
    """Progress bars for ``items`` = ``[(label, achieved, target), …]``.

    Each bar is scaled to the larger of achieved and target; a dark tick
    marks the target; the text reads "achieved/target (percent)".
    """
    rows = [(str(label), int(done), int(goal)) for label, done, goal in items]
    desc = "; ".join(
        f"{label}: {done}/{goal} ({(done * 100 // goal) if goal else 100}%)"
        for label, done, goal in rows
    )
    bar_space = WIDTH - 120
    parts = []
    for index, (label, done, goal) in enumerate(rows):
        y = TOP + index * ROW_HEIGHT
        full = max(done, goal, 1)
        done_w = bar_space * done / full
        goal_x = bar_space * goal / full
        percent = (done * 100 // goal) if goal else 100
        parts.append(
            format_html(
                '<g><text x="0" y="{ty}" fill="{text}">{label}</text>'
                '<rect x="0" y="{by}" width="{track}" height="{bh}" rx="2" fill="{track_c}"/>'
                '<rect x="0" y="{by}" width="{dw}" height="{bh}" rx="2" fill="{bar}"/>'
                '<rect x="{gx}" y="{gy}" width="3" height="{gh}" fill="{target_c}"/>'
                '<text x="{vx}" y="{vy}" fill="{text}" font-weight="600">{done}/{goal} '
                "({percent}%)</text></g>",
                ty=y + 13,
                by=y + 18,
                track=_n(bar_space),
                bh=BAR_HEIGHT,
                track_c=TRACK_COLOUR,
                dw=_n(done_w),
                bar=BAR_COLOUR,
                gx=_n(max(goal_x - 1.5, 0)),
                gy=y + 15,
                gh=BAR_HEIGHT + 6,
                target_c=TARGET_COLOUR,
                text=TEXT_COLOUR,
                label=_short(label),
                vx=bar_space + 8,
                vy=y + 31,
                done=done,
                goal=goal,
                percent=percent,
            )
        )
    height = TOP + max(len(rows), 1) * ROW_HEIGHT + 4
    return _svg(chart_id, title, desc or "—", height, mark_safe("".join(parts)))
