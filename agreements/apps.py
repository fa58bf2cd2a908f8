from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Samenlevingsakkoorden")

    def ready(self):
        from . import hostop, kinds  # noqa: F401  (its e-mails; a ho-stop can pause it)
