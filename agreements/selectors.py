"""Reads for the public pages of the agreements, with progress computed in Python from
prefetched rows: a fixed number of queries whatever the number of goals and KPIs."""

from django.db.models import Prefetch, Q

from .models import Agreement, Event, Goal, Kpi
from .progress import goal_progress, kpi_progress


def _kpis():
    return Kpi.objects.prefetch_related("measurements")


def attach_progress(goals):
    """Give each goal `.kpi_list` (each KPI with `.progress` and `.measurement_list`) and
    `.progress`."""
    for goal in goals:
        goal.kpi_list = list(goal.kpis.all())
        for kpi in goal.kpi_list:
            kpi.measurement_list = sorted(kpi.measurements.all(), key=lambda m: m.date)
            kpi.progress = kpi_progress(kpi, kpi.measurement_list)
        goal.progress = (
            None if goal.is_qualitative else goal_progress([(k, k.progress) for k in goal.kpi_list])
        )
    return goals


def public_agreements():
    agreements = list(
        Agreement.objects.select_related("theme").prefetch_related(
            Prefetch(
                "goals", queryset=Goal.objects.prefetch_related(Prefetch("kpis", queryset=_kpis()))
            )
        )
    )
    for agreement in agreements:
        agreement.goal_list = attach_progress(list(agreement.goals.all()))
    return agreements


def agreement_detail(slug):
    """The agreement with everything its page shows, or None."""
    agreement = (
        Agreement.objects.select_related("theme")
        .prefetch_related(
            "partners",
            "subprojects",
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("kpis", queryset=_kpis().prefetch_related("milestones"))
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if agreement is None:
        return None
    agreement.goal_list = attach_progress(list(agreement.goals.all()))
    agreement.timeline = list(
        Event.objects.filter(Q(agreement=agreement) | Q(agreement__isnull=True)).order_by(
            "date", "id"
        )
    )
    return agreement


def open_data_kpis():
    return (
        Kpi.objects.select_related("goal__agreement")
        .prefetch_related("measurements")
        .order_by("goal__agreement__position", "goal__position", "position", "id")
    )


def kpis_due(today=None):
    """KPIs whose next measurement is due (by their frequency after the last one), oldest
    first: for the program team's start page. One query."""
    from django.db.models import Max
    from django.utils import timezone

    from .models import Kpi
    from .services import next_measurement_due

    today = today or timezone.localdate()
    due = []
    for kpi in Kpi.objects.select_related("goal__agreement").annotate(
        last=Max("measurements__date")
    ):
        when = next_measurement_due(kpi, kpi.last)
        if when is not None and when <= today:
            due.append((when, kpi))
    return [kpi for _when, kpi in sorted(due, key=lambda pair: (pair[0], pair[1].pk))]
