from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leusden_portal.notifications.registry import Kind, register


def _statement_in_the_admin(notification):
    return reverse("admin:core_accessibilitystatement_change", args=[notification.object_id])


# To the administrators: the accessibility statement must be reviewed at least yearly.
register(
    Kind(
        "core.accessibility_review_due",
        _("The accessibility statement is due for its yearly review"),
        digestible=True,
        link=_statement_in_the_admin,
    )
)
