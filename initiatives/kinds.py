from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leusden_portal.notifications.registry import Kind, register


def _new_link_page(notification):
    with translation.override(notification.language):
        return reverse("initiatives:new_link")


# To the initiator: always sent (about their own submission). The private link is removed
# from the outbox row once the e-mail is out.
register(Kind("initiatives.submitted", _("Initiative received"), secret_context=("link",)))
register(Kind("initiatives.status_changed", _("News about an initiative"), link=_new_link_page))
register(Kind("initiatives.new_link", _("New private link"), secret_context=("link",)))
# A question to the initiator, with a link of its own to answer it.
register(
    Kind(
        "initiatives.question_asked", _("A question about an initiative"), secret_context=("link",)
    )
)
register(
    Kind("initiatives.question_waiting", _("A question waits for an answer"), link=_new_link_page)
)
# To staff: each at once or in the daily digest, as they choose.
register(Kind("initiatives.first_response_due", _("A norm is about to be missed"), digestible=True))
register(
    Kind("initiatives.referral_due", _("A referral norm is about to be missed"), digestible=True)
)
register(Kind("initiatives.assigned", _("An initiative was assigned to you"), digestible=True))
register(Kind("initiatives.initiator_replied", _("An initiator replied"), digestible=True))
# To a resident who asked to support a published initiative: the link that confirms it.
register(
    Kind(
        "initiatives.support_confirm",
        _("Confirm your support"),
        secret_context=("link",),
    )
)
# To a resident who asked for a ballot on a neighbourhood budget.
register(Kind("initiatives.ballot", _("Your ballot"), secret_context=("link",)))
# Right to challenge: to the team handling the bid.
register(
    Kind(
        "initiatives.challenge_due", _("A right-to-challenge bid must be assessed"), digestible=True
    )
)
register(
    Kind(
        "initiatives.challenge_evaluation",
        _("A right-to-challenge agreement is due for evaluation"),
        digestible=True,
    )
)
