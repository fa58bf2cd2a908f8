"""Reads of the council app."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from .models import HoStop, HoStopParticipant


def _of(process):
    return HoStop.objects.filter(
        content_type=ContentType.objects.get_for_model(process), object_id=str(process.pk)
    )


def open_hostop(process):
    """The open ho-stop card of `process`, or None (one query)."""
    return _of(process).filter(status=HoStop.Status.OPEN).first()


def is_paused(process):
    return _of(process).filter(status=HoStop.Status.OPEN).exists()


def hostops_of(process):
    """Every ho-stop of `process` with its involved people: two queries, for its page."""
    return list(
        _of(process).prefetch_related(
            Prefetch(
                "participants", queryset=HoStopParticipant.objects.order_by("-is_raiser", "id")
            )
        )
    )


def participant_by_token(token):
    if not token or len(token) > 100:
        return None
    return (
        HoStopParticipant.objects.select_related("hostop", "hostop__content_type")
        .filter(token_hash=HoStopParticipant.hash_token(token))
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
