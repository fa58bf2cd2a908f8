"""Who may do what with council objects, as named rules. Views ask these before showing a
form and services ask them again before writing, so the admin, the site and a task cannot
drift apart. Each rule takes the acting user (or member) and the object, and answers yes/no."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone


def council_member_of(user):
    """The council member record of `user`, or None (anonymous, resident, civil servant)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.council_member
    except ObjectDoesNotExist:  # not a council member
        return None


def can_edit_reflection(user, turn, now=None):
    """Only the spiegelend raadslid of that meeting writes (or corrects) its reflection, and
    only once the meeting has begun. `turn` is a MirrorTurn (a Reflection's `.turn` works)."""
    member = council_member_of(user)
    return member is not None and member_may_reflect(member, turn, now)


def member_may_reflect(member, turn, now=None):
    """The member-level half of `can_edit_reflection`, for services that get a member."""
    return turn.member_id == member.pk and turn.meeting.starts_at <= (now or timezone.now())


def can_score(user, decision):
    """Every active council member scores a proposal or decision on the core values; only
    their own scores (the service writes for the member of `user`, never for another)."""
    member = council_member_of(user)
    return member is not None and member_may_score(member, decision)


def member_may_score(member, decision):
    """The member is on the council now, and the proposal belongs to a meeting that was not
    cancelled."""
    from .models import Meeting

    return member.is_active and decision.meeting.status != Meeting.Status.CANCELLED
