"""Charts drawn with reportlab graphics, in greys and outlines that survive a photocopier."""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from facilitator.durations import clock_mm_ss
from facilitator.report.figures import AgendaRow, Person
from facilitator.report.fonts import BOLD, REGULAR
from facilitator.report.layout import DARK, FAINT, INK, SOFT, fit
from facilitator.report.text import Text

MID = colors.Color(0.6, 0.6, 0.6)
LIGHT = colors.Color(0.86, 0.86, 0.86)


def _label(
    x: float,
    y: float,
    text: str,
    size: float = 7.5,
    *,
    anchor: str = "start",
    bold: bool = False,
    color: colors.Color = INK,
) -> String:
    return String(
        x,
        y,
        text,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        fillColor=color,
        textAnchor=anchor,
    )


def participation(people: Sequence[Person], width: float, text: Text) -> Drawing:
    """Airtime per person as bars, an equal-share mark, and a square per role held."""
    row = 17.0
    top_pad = 16.0
    name_w = min(46 * mm, width * 0.3)
    roles_w = 30 * mm
    value_w = 22 * mm
    bar_x = name_w + 4
    bar_w = max(20.0, width - name_w - roles_w - value_w - 8)
    height = top_pad + row * len(people) + 6
    d = Drawing(width, height)
    most = max((p.airtime_s for p in people), default=0.0)
    total = sum(p.airtime_s for p in people)
    scale = bar_w / most if most else 0.0
    spoke = total > 0  # with no turns recorded the chart shows roles only, not empty bars
    if spoke:
        d.add(_label(bar_x, height - 9, "Airtime", 7.5, bold=True, color=SOFT))
    d.add(_label(width - roles_w, height - 9, "Roles held", 7.5, bold=True, color=SOFT))
    for i, person in enumerate(people):
        y = height - top_pad - row * (i + 1) + 4
        name = fit(text.plain(person.name), REGULAR, 8.5, name_w)
        d.add(_label(0, y + 2.5, name, 8.5))
        if spoke:
            d.add(Rect(bar_x, y, bar_w, 9, fillColor=None, strokeColor=FAINT, strokeWidth=0.4))
            share = f" · {person.share:.0%}"
            d.add(_label(bar_x + bar_w + 4, y + 2.5, clock_mm_ss(person.airtime_s) + share, 7.5))
        if person.airtime_s > 0:
            d.add(
                Rect(
                    bar_x,
                    y,
                    max(0.8, person.airtime_s * scale),
                    9,
                    fillColor=DARK,
                    strokeColor=None,
                )
            )
        for k in range(min(len(person.roles), 8)):
            d.add(Rect(width - roles_w + k * 8, y + 1, 6, 6, fillColor=INK, strokeColor=None))
        if not person.roles:
            d.add(_label(width - roles_w, y + 2.5, "none", 7, color=SOFT))
        elif len(person.roles) > 8:
            d.add(_label(width - roles_w + 66, y + 2.5, f"+{len(person.roles) - 8}", 7))
    present = [p for p in people if p.airtime_s > 0 or p.roles]
    if total and scale and present:
        equal = total / len(people)
        x = bar_x + equal * scale
        d.add(
            Line(
                x,
                height - top_pad + 2,
                x,
                4,
                strokeColor=INK,
                strokeWidth=0.7,
                strokeDashArray=[2, 2],
            )
        )
        d.add(_label(x, height - 9, "equal share", 6.5, anchor="middle"))
    return d


def _drift_axis(values: Sequence[float]) -> tuple[int, int, int]:
    """The drift chart's axis in minutes (lowest, highest, tick step), shaped by the data:
    a session that only ran behind keeps one step below the line, not half the plot. About
    six steps in all."""
    high_s = max(0.0, *values)
    low_s = min(0.0, *values)
    step = max(1, math.ceil((high_s - low_s) / 60 / 6))
    high = max(1, math.ceil(high_s / 60 / step)) * step
    low = -max(1, math.ceil(-low_s / 60 / step)) * step
    return low, high, step


def drift(rows: Sequence[AgendaRow], width: float) -> Drawing | None:
    """Per-phase over/under time (bars) and the running ahead/behind line."""
    points = [(i, r) for i, r in enumerate(rows) if r.diff_s is not None]
    if not points:
        return None
    height = 46 * mm
    left, bottom, top = 14 * mm, 20.0, 14.0
    plot_w = width - left - 4
    plot_h = height - bottom - top
    values = [r.diff_s or 0.0 for _, r in points] + [r.drift_s or 0.0 for _, r in points]
    low_min, high_min, step_min = _drift_axis(values)
    low, high = low_min * 60.0, high_min * 60.0

    def y_of(seconds: float) -> float:
        return float(bottom + (seconds - low) / (high - low) * plot_h)

    zero_y = y_of(0.0)
    d = Drawing(width, height)
    ticks = range(low_min, high_min + 1, step_min)
    for minute in ticks:
        y = y_of(minute * 60)
        d.add(
            Line(
                left,
                y,
                left + plot_w,
                y,
                strokeColor=FAINT if minute else INK,
                strokeWidth=0.3 if minute else 0.7,
            )
        )
        sign = "+" if minute > 0 else ("−" if minute < 0 else "")
        d.add(_label(left - 3, y - 2.5, f"{sign}{abs(minute)} min", 6.5, anchor="end", color=SOFT))
    n = len(rows)
    slot = plot_w / max(1, n)
    bar = min(14.0, slot * 0.6)
    line_points: list[float] = []
    for i, r in points:
        cx = left + slot * (i + 0.5)
        diff = r.diff_s or 0.0
        y0, y1 = sorted((zero_y, y_of(diff)))
        d.add(
            Rect(
                cx - bar / 2,
                y0,
                bar,
                max(0.6, y1 - y0),
                fillColor=DARK if diff > 0 else colors.white,
                strokeColor=INK,
                strokeWidth=0.5,
            )
        )
        line_points += [cx, y_of(r.drift_s or 0.0)]
    for i in range(n):
        cx = left + slot * (i + 0.5)
        if n <= 30 or i % 2 == 0:
            d.add(_label(cx, bottom - 9, str(i + 1), 6.5, anchor="middle", color=SOFT))
    if len(line_points) >= 4:
        d.add(PolyLine(line_points, strokeColor=INK, strokeWidth=1.1))
    for k in range(0, len(line_points), 2):
        d.add(
            Circle(
                line_points[k],
                line_points[k + 1],
                1.8,
                fillColor=colors.white,
                strokeColor=INK,
                strokeWidth=0.9,
            )
        )
    # legend
    lx = left
    ly = height - 8
    d.add(Rect(lx, ly, 7, 6, fillColor=DARK, strokeColor=INK, strokeWidth=0.5))
    d.add(_label(lx + 10, ly + 1, "over its time", 7))
    lx += 10 + stringWidth("over its time", REGULAR, 7) + 10
    d.add(Rect(lx, ly, 7, 6, fillColor=colors.white, strokeColor=INK, strokeWidth=0.5))
    d.add(_label(lx + 10, ly + 1, "under its time", 7))
    lx += 10 + stringWidth("under its time", REGULAR, 7) + 10
    d.add(Line(lx, ly + 3, lx + 14, ly + 3, strokeColor=INK, strokeWidth=1.1))
    d.add(Circle(lx + 7, ly + 3, 1.8, fillColor=colors.white, strokeColor=INK, strokeWidth=0.9))
    d.add(_label(lx + 18, ly + 1, "running total: above the line = behind plan", 7))
    d.add(_label(left + plot_w, 1, "phase number →", 6.5, anchor="end", color=SOFT))
    return d


def distribution_over_time(
    points: Sequence[tuple[str, float | None]], width: float
) -> Drawing | None:
    """The leadership distribution figure per session (0 to 1), oldest first."""
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if not known:
        return None
    height = 48 * mm
    left, bottom, top = 12 * mm, 16.0, 8.0
    plot_w = width - left - 6
    plot_h = height - bottom - top
    d = Drawing(width, height)
    for k in range(0, 5):
        value = k / 4
        y = bottom + value * plot_h
        d.add(
            Line(
                left,
                y,
                left + plot_w,
                y,
                strokeColor=INK if k == 0 else FAINT,
                strokeWidth=0.6 if k == 0 else 0.3,
            )
        )
        d.add(_label(left - 3, y - 2.5, f"{value:.2f}", 6.5, anchor="end", color=SOFT))
    n = len(points)
    slot = plot_w / max(1, n)
    coords: list[float] = []
    for i, v in known:
        coords += [left + slot * (i + 0.5), bottom + (v or 0.0) * plot_h]
    if len(coords) >= 4:
        d.add(PolyLine(coords, strokeColor=INK, strokeWidth=1.2))
    for k in range(0, len(coords), 2):
        d.add(
            Circle(
                coords[k],
                coords[k + 1],
                2.2,
                fillColor=colors.white,
                strokeColor=INK,
                strokeWidth=1,
            )
        )
    every = max(1, n // 12)
    for i, (label, _) in enumerate(points):
        if i % every == 0:
            d.add(
                _label(
                    left + slot * (i + 0.5), bottom - 10, label, 6.5, anchor="middle", color=SOFT
                )
            )
    return d


FOLLOW = (
    ("done", "done", DARK),
    ("open", "open", colors.white),
    ("overdue", "overdue", MID),
    ("dropped", "dropped", LIGHT),
)


def follow_through(counts: dict[str, int], width: float) -> Drawing | None:
    """One stacked bar: done, open, overdue and dropped actions, with counts in the legend."""
    total = sum(counts.values())
    if not total:
        return None
    height = 22.0 * mm
    d = Drawing(width, height)
    x = 0.0
    bar_y = height - 24
    for key, _label_text, fill in FOLLOW:
        n = counts.get(key, 0)
        if not n:
            continue
        w = width * n / total
        d.add(Rect(x, bar_y, w, 16, fillColor=fill, strokeColor=INK, strokeWidth=0.6))
        if w > 22:
            d.add(
                _label(
                    x + w / 2,
                    bar_y + 5,
                    str(n),
                    8,
                    anchor="middle",
                    bold=True,
                    color=colors.white if fill is DARK else INK,
                )
            )
        x += w
    lx = 0.0
    for key, label_text, fill in FOLLOW:
        n = counts.get(key, 0)
        d.add(Rect(lx, 6, 8, 8, fillColor=fill, strokeColor=INK, strokeWidth=0.6))
        caption = f"{label_text}: {n}"
        d.add(_label(lx + 11, 7.5, caption, 7.5))
        lx += 11 + stringWidth(caption, REGULAR, 7.5) + 14
    return d
