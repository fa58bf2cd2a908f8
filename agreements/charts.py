"""A KPI's chart as server-rendered SVG: the measurements against the straight line from the
baseline to the target, with the interim targets. No JavaScript; the SVG has a title and a
text summary for screen readers, and the page shows the same data as a table."""

import datetime
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .templatetags.agreements import format_value

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 20, 16, 36


def _points(kpi):
    dated = []
    if kpi.baseline_value is not None and kpi.baseline_date:
        dated.append((kpi.baseline_date, kpi.baseline_value))
    if kpi.target_value is not None and kpi.target_date:
        dated.append((kpi.target_date, kpi.target_value))
    dated += [(m.date, m.value) for m in kpi.measurement_list]
    dated += [(m.date, m.value) for m in kpi.milestones.all() if m.value is not None]
    return dated


def _nice_ticks(low, high, count=4):
    span = high - low
    raw = span / count
    magnitude = Decimal(10) ** (raw.adjusted())
    step = next(m * magnitude for m in (1, 2, Decimal("2.5"), 5, 10) if m * magnitude >= raw)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks, value = [], start
    while value <= high + step / 1000:
        if value >= low - step / 1000:
            ticks.append(value)
        value += step
    return ticks


def summary(kpi):
    """One or two sentences that say what the chart shows."""
    progress = kpi.progress
    parts = []
    if kpi.baseline_value is not None:
        parts.append(
            _("Baseline %(value)s (%(date)s).")
            % {
                "value": format_value(kpi.baseline_value, kpi),
                "date": kpi.baseline_date.year if kpi.baseline_date else "?",
            }
        )
    else:
        parts.append(_("No baseline yet."))
    if kpi.target_value is not None:
        parts.append(
            _("Target %(value)s by %(date)s.")
            % {
                "value": format_value(kpi.target_value, kpi),
                "date": kpi.target_date.year if kpi.target_date else "?",
            }
        )
    else:
        parts.append(_("Target not yet set."))
    if progress.latest_value is not None:
        parts.append(
            _("Latest measurement %(value)s (%(date)s).")
            % {
                "value": format_value(progress.latest_value, kpi),
                "date": progress.latest_date.strftime("%d-%m-%Y"),
            }
        )
    else:
        parts.append(_("Nothing measured yet."))
    if progress.reached:
        parts.append(_("The target is reached."))
    elif progress.on_track is True:
        parts.append(_("On track."))
    elif progress.on_track is False:
        parts.append(
            _("Moving away from the target.")
            if progress.wrong_direction
            else _("Behind the line towards the target.")
        )
    return " ".join(str(p) for p in parts)


def kpi_chart(kpi, chart_id):
    """SVG markup (safe) for `kpi`, which has `.measurement_list` and `.progress`."""
    points = _points(kpi)
    if len(points) < 2 and not kpi.measurement_list:
        return ""
    dates = [d for d, _v in points]
    values = [v for _d, v in points]
    start, end = min(dates), max(dates)
    if start == end:
        start -= datetime.timedelta(days=182)
        end += datetime.timedelta(days=182)
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) / 10
    low, high = low - margin, high + margin
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    days = (end - start).days

    def x(day):
        return round(LEFT + plot_w * (day - start).days / days, 1)

    def y(value):
        return round(TOP + plot_h * float((high - value) / (high - low)), 1)

    parts = []
    for tick in _nice_ticks(low, high):
        parts.append(
            format_html(
                '<line class="kpi-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="kpi-chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                y(tick),
                y(tick),
                LEFT - 6,
                y(tick) + 4,
                format_value(tick, kpi),
            )
        )
    years = range(start.year + (start.month > 1 or start.day > 1), end.year + 1)
    step = max(1, len(years) // 8 + (len(years) % 8 > 0))
    for year in list(years)[::step]:
        day = datetime.date(year, 1, 1)
        parts.append(
            format_html(
                '<text class="kpi-chart__label" x="{}" y="{}" text-anchor="middle">{}</text>',
                x(day),
                HEIGHT - 12,
                year,
            )
        )
    parts.append(
        format_html(
            '<line class="kpi-chart__axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            LEFT,
            WIDTH - RIGHT,
            TOP + plot_h,
            TOP + plot_h,
        )
    )
    if (
        kpi.baseline_value is not None
        and kpi.baseline_date
        and kpi.target_value is not None
        and kpi.target_date
    ):
        parts.append(
            format_html(
                '<line class="kpi-chart__trajectory" x1="{}" y1="{}" x2="{}" y2="{}"/>'
                '<rect class="kpi-chart__target" x="{}" y="{}" width="10" height="10" '
                'transform="rotate(45 {} {})"/>',
                x(kpi.baseline_date),
                y(kpi.baseline_value),
                x(kpi.target_date),
                y(kpi.target_value),
                x(kpi.target_date) - 5,
                y(kpi.target_value) - 5,
                x(kpi.target_date),
                y(kpi.target_value),
            )
        )
    for milestone in kpi.milestones.all():
        if milestone.value is not None:
            parts.append(
                format_html(
                    '<circle class="kpi-chart__milestone" cx="{}" cy="{}" r="5"/>',
                    x(milestone.date),
                    y(milestone.value),
                )
            )
    series = []
    if kpi.baseline_value is not None and kpi.baseline_date:
        series.append((kpi.baseline_date, kpi.baseline_value))
    series += [(m.date, m.value) for m in kpi.measurement_list]
    if len(series) > 1:
        parts.append(
            format_html(
                '<polyline class="kpi-chart__line" points="{}"/>',
                " ".join(f"{x(d)},{y(v)}" for d, v in series),
            )
        )
    parts.append(
        format_html_join(
            "",
            '<circle class="kpi-chart__point" cx="{}" cy="{}" r="4"/>',
            ((x(d), y(v)) for d, v in series),
        )
    )
    return format_html(
        '<svg class="kpi-chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        kpi.name,
        chart_id,
        summary(kpi),
        mark_safe("".join(parts)),  # noqa: S308 (each part built with format_html)
    )
