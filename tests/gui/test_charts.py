"""The bar charts: what they say in words, what a click means, and type that grows with the screen."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage

from homefinder_desktop.ui.charts import Bar, BarChart
from homefinder_desktop.ui.style import ACCENT


def _ink_columns(chart: BarChart, y: int) -> list[int]:
    """The x positions on row `y` painted in anything but the background."""
    image: QImage = chart.grab().toImage()
    background = image.pixel(image.width() - 1, 0)
    return [x for x in range(image.width()) if image.pixel(x, y) != background]


def _accent_run(chart: BarChart, y: int) -> int:
    """How many pixels of row `y` are the bars' own colour (the solid bar's length)."""
    image: QImage = chart.grab().toImage()
    accent = QColor(ACCENT).rgb()
    return sum(1 for x in range(image.width()) if image.pixel(x, y) == accent)


def test_every_bar_is_said_in_words_for_screen_readers(qtbot):
    chart = BarChart("Children waiting, by stage")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("Family finding", (11,)), Bar("Linked", (0,)), Bar("Fund", (7,), text="7 of 20")])
    assert chart.describe() == ["Family finding: 11", "Linked: 0", "Fund: 7 of 20"]
    assert "Family finding: 11; Linked: 0" in chart.accessibleDescription()
    assert chart.accessibleName() == "Children waiting, by stage"


def test_stacked_series_are_summed_in_words_and_a_wrong_count_is_refused(qtbot):
    chart = BarChart("Placed", series=("In-house", "Partner"))
    qtbot.addWidget(chart)
    chart.set_bars([Bar("2025/26", (4, 5))])
    assert chart.describe() == ["2025/26: 4 + 5"]
    with pytest.raises(ValueError, match="has 1 values for 2 series"):
        chart.set_bars([Bar("2026/27", (3,))])


def test_a_click_on_a_bar_says_which_and_a_click_elsewhere_nothing(qtbot):
    chart = BarChart("", parent=None)
    qtbot.addWidget(chart)
    chart.set_bars([Bar("Linked", (4,), key="linked"), Bar("Placed", (2,))])
    chart.resize(500, chart.sizeHint().height())
    chart.show()
    chart.grab()  # paints, which places the rows
    seen: list[str] = []
    chart.activated.connect(seen.append)
    row_height = chart.height() / 2
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPointF(250, row_height * 0.5).toPoint())
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPointF(250, row_height * 1.5).toPoint())
    assert seen == ["linked"]  # the second row has no key


def test_bars_are_drawn_in_proportion_and_a_target_is_outlined_to_its_end(qtbot):
    chart = BarChart("")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("A", (10,)), Bar("B", (5,))])
    chart.resize(600, chart.sizeHint().height())
    line = chart.height() / 2
    a, b = _accent_run(chart, int(line * 0.5)), _accent_run(chart, int(line * 1.5))
    assert a > 100
    assert b == pytest.approx(a / 2, abs=3)  # 5 is half of 10

    target = BarChart("")
    qtbot.addWidget(target)
    target.set_bars([Bar("Fund", (5,), text="5 of 20")], maximum=20)
    target.resize(600, target.sizeHint().height())
    without = BarChart("")
    qtbot.addWidget(without)
    without.set_bars([Bar("Fund", (5,), text="5 of 20")])
    without.resize(600, without.sizeHint().height())
    # against a target of 20 the bar of 5 is a quarter of the outline; alone it fills the room
    filled, full = _accent_run(target, target.height() // 2), _accent_run(without, without.height() // 2)
    assert filled == pytest.approx(full / 4, abs=4)


def test_the_type_grows_with_a_large_chart_and_never_shrinks_below_normal(qtbot):
    chart = BarChart("Waiting")
    qtbot.addWidget(chart)
    chart.set_bars([Bar("Linked", (4,))])
    chart.resize(300, 60)
    small = chart._scaled_font().pointSizeF()
    chart.resize(1600, 600)
    large = chart._scaled_font().pointSizeF()
    assert small == pytest.approx(chart.font().pointSizeF())
    assert large > small * 1.5


def test_an_empty_chart_says_so(qtbot):
    chart = BarChart("Placed", empty_text="No child was placed in this period.")
    qtbot.addWidget(chart)
    chart.set_bars([])
    assert "No child was placed in this period." in chart.accessibleDescription()
    chart.resize(400, 120)
    silent = BarChart("Placed", empty_text="")
    qtbot.addWidget(silent)
    silent.set_bars([])
    silent.resize(400, 120)
    ink = sum(len(_ink_columns(chart, y)) for y in range(120))
    assert ink > sum(len(_ink_columns(silent, y)) for y in range(120))  # the words are painted


def test_side_by_side_bars_are_measured_by_the_longest_not_the_sum(qtbot):
    chart = BarChart("", series=("Average", "Threshold"), stacked=False)
    qtbot.addWidget(chart)
    chart.set_bars([Bar("A1", (400, 400), text="400 days")])
    chart.resize(600, chart.sizeHint().height())
    image = chart.grab().toImage()
    accent = QColor(ACCENT).rgb()
    longest = max(sum(1 for x in range(image.width()) if image.pixel(x, y) == accent) for y in range(image.height()))
    # the bar of 400 reaches the end of the room the words leave: well over half the width
    assert longest > 600 * 0.5


def test_a_value_against_its_threshold_is_split_solid_then_hatched():
    from homefinder_desktop.ui.charts import against_threshold

    assert against_threshold("A1", 512, 426, "86 days over").values == (426, 86)
    assert against_threshold("A2", 100, 121, "21 days under").values == (100, 0)
    assert against_threshold("A1", 512, None, "512 days").values == (512, 0)
