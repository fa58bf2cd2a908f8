from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "leusden_portal.core"
    label = "core"
    verbose_name = _("Municipality and audit log")

    def ready(self):
        from . import kinds  # noqa: F401  (registers the e-mails of the core app)
