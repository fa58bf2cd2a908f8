from django.utils.translation import gettext_lazy as _

from leusden_portal.notifications.registry import Kind, register

# To staff: at once or in their daily digest.
register(Kind("agreements.measurement_due", _("A KPI measurement is due"), digestible=True))
register(
    Kind(
        "agreements.information_moment",
        _("An informatiemoment for the council is coming"),
        digestible=True,
    )
)
