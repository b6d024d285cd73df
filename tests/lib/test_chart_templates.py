"""The chart templates write SVG geometry, which only reads a decimal point: in Bokmål Django
would otherwise write 40,5 and the browser would draw nothing."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from ungsam.lib.charts import column_chart


def test_column_chart_geometry_keeps_decimal_points_in_bokmal():
    chart = column_chart([("1", 3), ("2", 7)], column=9.8, gap=4.2, every=1)
    with translation.override("nb"):
        html = render_to_string(
            "web/_column_chart.html", {"chart": chart, "chart_id": "c", "title": "Kontakter"}
        )
    numbers = re.findall(r'(?:x|y|width|height)="([^"]*)"', html)
    assert numbers and any("." in n for n in numbers)
    assert not any("," in n for n in numbers)
