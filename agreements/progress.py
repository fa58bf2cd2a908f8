"""Honest progress of a KPI: how much of the way from the baseline to the target is done,
and whether the latest measurement is on track against the straight line from the baseline
(value, date) to the target (value, date). Nothing is made up: an open target, a missing
baseline or no measurement yet are states of their own, never a number."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

# States, most informative last.
OPEN_TARGET = "open_target"  # the target is not yet set ("x%")
NO_BASELINE = "no_baseline"  # no starting value to measure the way from
NO_MEASUREMENT = "no_measurement"  # nothing measured yet
MEASURED = "measured"


@dataclass(frozen=True)
class KpiProgress:
    state: str
    latest_value: Decimal | None = None
    latest_date: datetime.date | None = None
    share: Decimal | None = None  # of the way from baseline to target; <0 is the wrong way
    expected_share: Decimal | None = None  # on the straight line at the latest date
    reached: bool = False
    on_track: bool | None = None  # None: cannot be said (no target date, no measurement)
    after_target_date: bool = False

    @property
    def percent(self):
        """The share as a whole percentage for display, kept between 0 and 100."""
        if self.share is None:
            return None
        return int(max(Decimal(0), min(Decimal(1), self.share)) * 100)

    @property
    def wrong_direction(self):
        return self.share is not None and self.share < 0


def expected_share(on, baseline_date, target_date):
    """Where the straight line from baseline to target is on date `on` (0 to 1)."""
    if baseline_date is None or target_date is None:
        return None
    if on >= target_date:
        return Decimal(1)
    if on <= baseline_date:
        return Decimal(0)
    total = (target_date - baseline_date).days
    return Decimal((on - baseline_date).days) / Decimal(total)


def kpi_progress(kpi, measurements):
    """`measurements`: the KPI's measurements (any order). Latest by date counts."""
    latest = max(measurements, key=lambda m: m.date, default=None)
    latest_value = latest.value if latest else None
    latest_date = latest.date if latest else None
    if kpi.target_value is None:
        return KpiProgress(OPEN_TARGET, latest_value, latest_date)
    if kpi.baseline_value is None:
        return KpiProgress(NO_BASELINE, latest_value, latest_date)
    if latest is None:
        return KpiProgress(NO_MEASUREMENT)
    higher = kpi.direction == kpi.Direction.HIGHER
    reached = latest_value >= kpi.target_value if higher else latest_value <= kpi.target_value
    gap = kpi.target_value - kpi.baseline_value
    if gap == 0:
        share = Decimal(1) if reached else Decimal(0)
    else:
        share = (latest_value - kpi.baseline_value) / gap
    expected = expected_share(latest_date, kpi.baseline_date, kpi.target_date)
    after = bool(kpi.target_date and latest_date > kpi.target_date)
    if reached:
        on_track = True
    elif share < 0 or after:
        on_track = False  # going the wrong way, or the target date has passed
    elif expected is None:
        on_track = None
    else:
        on_track = share >= expected
    return KpiProgress(
        MEASURED,
        latest_value,
        latest_date,
        share=share,
        expected_share=expected,
        reached=reached,
        on_track=on_track,
        after_target_date=after,
    )


@dataclass(frozen=True)
class GoalProgress:
    share: Decimal | None  # weighted over the KPIs that have a share
    on_track: bool | None
    measured: int  # KPIs that count
    total: int
    open_targets: int

    @property
    def percent(self):
        if self.share is None:
            return None
        return int(max(Decimal(0), min(Decimal(1), self.share)) * 100)


def goal_progress(kpis_with_progress):
    """Roll up (kpi, KpiProgress) pairs with the KPIs' weights; shares count between 0 and 1,
    so that one KPI far beyond its target does not hide another that lags."""
    weighted = Decimal(0)
    weights = Decimal(0)
    verdicts = []
    open_targets = 0
    for kpi, progress in kpis_with_progress:
        if progress.state == OPEN_TARGET:
            open_targets += 1
        if progress.share is not None and kpi.weight > 0:
            clamped = max(Decimal(0), min(Decimal(1), progress.share))
            weighted += clamped * kpi.weight
            weights += kpi.weight
        if progress.on_track is not None:
            verdicts.append(progress.on_track)
    return GoalProgress(
        share=(weighted / weights) if weights else None,
        on_track=all(verdicts) if verdicts else None,
        measured=sum(1 for _kpi, p in kpis_with_progress if p.share is not None),
        total=len(kpis_with_progress),
        open_targets=open_targets,
    )
