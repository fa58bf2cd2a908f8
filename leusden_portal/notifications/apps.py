from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "leusden_portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications and reminders")

    def ready(self):
        from . import kinds  # noqa: F401  (registers the kinds of this app)
