from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leusden_portal.notifications.registry import Kind, register


def _fresh_participant_link(notification):
    """A reminder carries a new private link (the database keeps only hashes of links)."""
    from .models import HoStopParticipant
    from .services import hostop_participant_new_link

    participant = (
        HoStopParticipant.objects.select_related("hostop")
        .filter(pk=notification.context.get("participant"))
        .first()
    )
    with translation.override(notification.language):
        if participant is None or not participant.hostop.is_open:
            return reverse("home")
        return hostop_participant_new_link(participant=participant)


# Everyone involved in a paused process: essential (it is about their own process).
register(
    Kind("council.hostop_raised", _("A process was paused (ho-stop)"), secret_context=("link",))
)
register(
    Kind(
        "council.hostop_raised_by_you",
        _("You paused a process (ho-stop)"),
        secret_context=("link",),
    )
)
register(
    Kind(
        "council.hostop_answer_due",
        _("A ho-stop waits for your answer"),
        link=_fresh_participant_link,
    )
)
register(Kind("council.hostop_resumed", _("A paused process resumes")))
register(Kind("council.hostop_withdrawn", _("A ho-stop was withdrawn")))
# To the spiegelend raadslid of a meeting.
register(Kind("council.mirror_upcoming", _("Your turn as spiegelend raadslid is coming")))
register(Kind("council.reflection_due", _("Your reflection as spiegelend raadslid")))
# To residents who volunteer for a sortition.
register(
    Kind(
        "council.volunteer_confirm",
        _("Confirm your registration for the draw"),
        secret_context=("link",),
    )
)
register(Kind("council.volunteer_drawn", _("You have been drawn"), secret_context=("link",)))
register(Kind("council.signature_confirm", _("Confirm your signature"), secret_context=("link",)))
# To residents who sign up as guest of the council or for a council conference.
register(Kind("council.event_confirm", _("Confirm your sign-up"), secret_context=("link",)))
register(Kind("council.event_place", _("You have a place"), secret_context=("link",)))
register(Kind("council.event_waiting", _("You are on the waiting list"), secret_context=("link",)))
register(Kind("council.event_tomorrow", _("Tomorrow: your visit to the council")))
register(
    Kind(
        "council.hostop_partner_confirm",
        _("Confirm your ho-stop"),
        secret_context=("link",),
    )
)
