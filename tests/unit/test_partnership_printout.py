"""The partnership report's bar charts on paper: a label too long for its column (a reason a link
ended, the partner's families) goes on to a second line rather than being cut short, so the printed
words say what was counted."""
from __future__ import annotations

from reportlab.graphics.shapes import String

from homefinder_desktop.reports.partnership import BarDrawing

CHART_WIDTH = 249  # the chart column of the A4 report, in points


def labels(drawing: BarDrawing) -> list[str]:
    return [s.text for s in drawing.contents if isinstance(s, String)]


def test_a_long_label_takes_two_lines_not_an_ellipsis():
    bars = [("Another family chosen at matching meeting", 2, "2"), ("Family withdrew interest", 3, "3"),
            ("Brightpath Adoption's families", 7, "7")]
    drawing = BarDrawing(CHART_WIDTH, "Links by reason", bars)
    words = labels(drawing)
    assert not any("…" in w for w in words), words
    assert {"Another family chosen at", "matching meeting", "Family withdrew interest"} <= set(words)
    assert " ".join(w for w in words if "Brightpath" in w or w == "families") == "Brightpath Adoption's families"
    one_line = BarDrawing(CHART_WIDTH, "Links by reason", [("Family withdrew interest", 3, "3")] * 3)
    assert drawing.height > one_line.height  # the two-line rows are taller, nothing overlaps


def test_a_label_too_long_even_for_two_lines_is_cut_on_the_second():
    drawing = BarDrawing(120, "Links by reason", [("Word " * 30, 1, "1")])
    words = [w for w in labels(drawing) if w != "Links by reason" and w != "1"]
    assert len(words) == 2 and words[1].endswith("…")
