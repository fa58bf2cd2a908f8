from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Council")

    def ready(self):
        from . import kinds  # noqa: F401  (registers the e-mails of the council app)
