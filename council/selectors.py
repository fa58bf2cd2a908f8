"""Reads of the council app."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from leusden_portal.core import tokens

from .models import HoStop, HoStopParticipant


def _of(process):
    return HoStop.objects.filter(
        content_type=ContentType.objects.get_for_model(process), object_id=str(process.pk)
    )


def is_paused(process):
    return _of(process).filter(status=HoStop.Status.OPEN).exists()


def refuse_if_paused(process, error=None, message=None):
    """The one pause check of every process: while an open ho-stop card pauses `process`, its
    status cannot change. Raises `error` (a ValidationError by default) with `message`."""
    if is_paused(process):
        raise (error or ValidationError)(
            message
            or _(
                "This process is paused by a ho-stop: its status cannot change until everyone "
                "involved has consented to the adjustment, or the card is withdrawn."
            ),
            code="paused",
        )


def hostops_of(process):
    """Every ho-stop of `process` with its involved people: two queries, for its page."""
    return list(
        _of(process).prefetch_related(
            Prefetch(
                "participants", queryset=HoStopParticipant.objects.order_by("-is_raiser", "id")
            )
        )
    )


def hostops_of_many(processes):
    """Every ho-stop of any of `processes` (e.g. an agreement and its sub-projects), with
    their involved people: two queries."""
    condition = Q(pk__in=[])
    for process in processes:
        condition |= Q(
            content_type=ContentType.objects.get_for_model(process), object_id=str(process.pk)
        )
    return list(
        HoStop.objects.filter(condition).prefetch_related(
            Prefetch(
                "participants", queryset=HoStopParticipant.objects.order_by("-is_raiser", "id")
            )
        )
    )


def participant_by_token(token):
    if not tokens.plausible(token):
        return None
    return (
        HoStopParticipant.objects.select_related("hostop", "hostop__content_type")
        .filter(token_hash=tokens.digest(token))
        .first()
    )


def hostops_awaiting(user):
    """Open ho-stops that wait for `user`'s answer."""
    return (
        HoStopParticipant.objects.filter(
            hostop__status=HoStop.Status.OPEN, answer=HoStopParticipant.Answer.PENDING
        )
        .filter(user=user)
        .select_related("hostop")
    )


# --- Council --------------------------------------------------------------------------------------


def member_of(user):
    from .models import CouncilMember

    if not user.is_authenticated:
        return None
    return CouncilMember.objects.filter(user=user).first()


def next_turn(member, now=None):
    from .models import Meeting, MirrorTurn

    now = now or timezone.now()
    return (
        MirrorTurn.objects.filter(member=member, meeting__starts_at__gte=now)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting")
        .order_by("meeting__starts_at")
        .first()
    )


def turns_to_reflect(member, now=None):
    """Past turns of `member`, newest first, with their reflection if logged."""
    from .models import MirrorTurn

    now = now or timezone.now()
    return (
        MirrorTurn.objects.filter(member=member, meeting__starts_at__lt=now)
        .select_related("meeting", "reflection")
        .order_by("-meeting__starts_at")
    )


def decisions_awaiting(member, now=None, limit=20):
    """Decided or pending proposals of recent meetings that `member` has not scored yet."""
    from .models import CoreValue, Decision, Meeting

    if not member.is_active:
        return Decision.objects.none()
    now = now or timezone.now()
    values = CoreValue.objects.count()
    return (
        Decision.objects.filter(meeting__starts_at__lte=now + datetime.timedelta(days=14))
        .filter(meeting__starts_at__gte=now - datetime.timedelta(days=120))
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .annotate(mine=Count("scores", filter=Q(scores__member=member)))
        .filter(mine__lt=values)
        .select_related("meeting")
        .order_by("-meeting__starts_at")[:limit]
    )


def meetings_public():
    from .models import Meeting

    return Meeting.objects.select_related("mirror_turn__member").order_by("-starts_at")


def meeting_detail(pk):
    from .models import AgendaItem, Meeting, ReflectionValue

    meeting = (
        Meeting.objects.select_related("mirror_turn__member", "mirror_turn__reflection")
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "id")),
            "decisions",
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        return None
    turn = getattr(meeting, "mirror_turn", None)
    reflection = getattr(turn, "reflection", None) if turn else None
    meeting.public_reflection = reflection if reflection and reflection.is_published else None
    if meeting.public_reflection:
        meeting.reflection_values = list(
            ReflectionValue.objects.filter(reflection=reflection).select_related("core_value")
        )
        meeting.reflection_decisions = list(reflection.decisions.order_by("reference"))
    return meeting


def decision_spread(decision):
    """Per core value: the count of each score, and the explanations given (one query each)."""
    from .models import CoreValue, ValueScore

    values = list(CoreValue.objects.all())
    counts = {
        (row["core_value"], row["score"]): row["n"]
        for row in ValueScore.objects.filter(decision=decision)
        .values("core_value", "score")
        .annotate(n=Count("id"))
    }
    rows = []
    for value in values:
        per_score = [(score, counts.get((value.pk, score.value), 0)) for score in ValueScore.Score]
        rows.append((value, per_score, sum(n for _s, n in per_score)))
    return rows


def published_reflections(member=None):
    from .models import Reflection

    reflections = Reflection.objects.filter(is_published=True).select_related(
        "turn__meeting", "turn__member"
    )
    if member is not None:
        reflections = reflections.filter(turn__member=member)
    return reflections.order_by("-turn__meeting__starts_at")


def core_values_over_time():
    """Per core value and per quarter: how the scored decisions fared (one query)."""
    from .models import CoreValue, ValueScore

    values = list(CoreValue.objects.all())
    rows = (
        ValueScore.objects.annotate(quarter=TruncQuarter("decision__meeting__starts_at"))
        .values("core_value", "quarter", "score")
        .annotate(n=Count("id"))
        .order_by("quarter")
    )
    quarters = sorted({row["quarter"] for row in rows})
    table = {(row["core_value"], row["quarter"], row["score"]): row["n"] for row in rows}
    result = []
    for value in values:
        cells = []
        for quarter in quarters:
            strengthens = table.get((value.pk, quarter, "strengthens"), 0)
            pressure = table.get((value.pk, quarter, "pressure"), 0)
            neutral = table.get((value.pk, quarter, "neutral"), 0)
            cells.append(
                {
                    "strengthens": strengthens,
                    "pressure": pressure,
                    "neutral": neutral,
                    "balance": strengthens - pressure,
                }
            )
        result.append((value, cells))
    labels = [
        _("%(year)s Q%(quarter)s") % {"quarter": (q.month - 1) // 3 + 1, "year": q.year}
        for q in quarters
    ]
    return labels, result


def griffie_overview(now=None, meetings=3):
    """The griffie's start page: the next meetings with their spiegelend raadslid, and the
    past turns whose reflection is still missing (oldest first)."""
    from .models import Meeting, MirrorTurn

    now = now or timezone.now()
    coming = list(
        Meeting.objects.filter(starts_at__gte=now)
        .select_related("mirror_turn__member")
        .order_by("starts_at")[:meetings]
    )
    missing = list(
        MirrorTurn.objects.filter(meeting__starts_at__lt=now, reflection__isnull=True)
        .select_related("meeting", "member")
        .order_by("-meeting__starts_at")[:10]
    )
    return {"meetings": coming, "reflections_missing": missing}
