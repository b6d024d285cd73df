"""Geometry for the small SVG charts pages draw beside their tables. The CSP forbids inline
styles, so sizes are computed here and set as SVG attributes; the template
`web/_bar_chart.html` (horizontal bars, one per label) or `web/_column_chart.html` (columns
over time) draws them. A chart always sits over the table of the same numbers."""

from dataclasses import dataclass

BAR_PITCH = 24
BAR_MAX_WIDTH = 240
LABEL_WIDTH = 170


@dataclass
class Bar:
    label: str
    value: int
    x: int
    y: int
    w: int
    h: int
    text_y: int


def bar_chart(items, *, label_chars: int = 24) -> dict:
    """Horizontal bars: `items` is [(label, value)], value None or 0 draws no bar (a withheld
    small count is not drawn either)."""
    items = list(items)
    top = max((v or 0 for _, v in items), default=0) or 1
    bars = []
    for i, (label, value) in enumerate(items):
        text = str(label)
        if len(text) > label_chars:
            text = text[: label_chars - 1] + "…"
        bars.append(
            Bar(
                label=text,
                value=value or 0,
                x=LABEL_WIDTH,
                y=i * BAR_PITCH,
                w=round(BAR_MAX_WIDTH * (value or 0) / top),
                h=18,
                text_y=i * BAR_PITCH + 14,
            )
        )
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_MAX_WIDTH + 40,
        "height": max(len(bars), 1) * BAR_PITCH,
    }


def column_chart(items, *, height: int = 160, column: int = 10, gap: int = 4, every: int = 4):
    """Columns over time: `items` is [(label, value)] in order; a label under every `every`th
    column counting back from the last, and the scale's top at the left."""
    items = list(items)
    top = max([1, *(v or 0 for _, v in items)])
    step = column + gap
    columns, labels = [], []
    for i, (label, value) in enumerate(items):
        x = 40 + i * step
        h = round((value or 0) * (height - 30) / top)
        columns.append({"x": x, "y": height - 20 - h, "w": column, "h": h, "value": value or 0})
        if (len(items) - 1 - i) % every == 0:
            labels.append({"x": x, "y": height - 4, "text": str(label)})
    labels.append({"x": 0, "y": 12, "text": str(top)})
    return {"width": 40 + len(items) * step, "height": height, "columns": columns, "labels": labels}
