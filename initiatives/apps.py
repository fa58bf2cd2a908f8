from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Samenlevingsloket")

    def ready(self):
        from . import hostop, kinds  # noqa: F401  (the loket's e-mails; a ho-stop can pause it)
