from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "leusden_portal.core"
    label = "core"
    verbose_name = _("Municipality and audit log")

    def ready(self):
        from django.contrib.admin import options
        from django.db import models

        from . import kinds  # noqa: F401  (registers the e-mails of the core app)
        from .numbers import DutchDecimalField

        # Every decimal in every admin form (and inline) read as people type it: "10,9" is
        # 10.9. The admin's own table of defaults, so that no admin class can forget it; the
        # admins registered before this app was ready copied that table already.
        dutch = {"form_class": DutchDecimalField}
        options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DecimalField] = dutch
        from django.contrib import admin

        for model_admin in admin.site._registry.values():
            model_admin.formfield_overrides.setdefault(models.DecimalField, dict(dutch))
