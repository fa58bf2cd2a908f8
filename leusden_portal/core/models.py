from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """The municipality that runs this portal. Everything that would differ in another
    municipality is here, not in code; exactly one row is active."""

    name = models.CharField(_("name"), max_length=100, help_text=_("E.g. Gemeente Leusden."))
    short_name = models.CharField(_("short name"), max_length=50, help_text=_("E.g. Leusden."))
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=6,
        help_text=_("Letters before every reference number, e.g. SV in SV-2026-00042."),
    )
    cbs_code = models.CharField(
        _("CBS region code"), max_length=8, blank=True, help_text=_("E.g. GM0327.")
    )
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    email = models.EmailField(_("contact e-mail address"))
    phone = models.CharField(_("telephone number"), max_length=30, blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)
    visiting_address = models.TextField(_("visiting address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    privacy_officer_email = models.EmailField(
        _("e-mail address of the data protection officer"), blank=True
    )
    logo = models.FileField(
        _("logo"),
        upload_to="municipality/",
        blank=True,
        help_text=_("An SVG or PNG image; shown in the header of every page."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="core_one_active_municipality",
            )
        ]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A theme on which residents hand in initiatives (wonen, zorg, duurzaamheid, ...)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="core_theme_slug_unique")
        ]

    def __str__(self):
        # In choices and filters too: the name in the language of the page.
        return self.display_name

    @property
    def display_name(self):
        """The name in the language of the page (English if entered, else the Dutch name)."""
        return self.name_en if get_language() == "en" and self.name_en else self.name


class Neighbourhood(models.Model):
    """A kern (village), wijk (district) or buurtschap (hamlet) of the municipality."""

    class Kind(models.TextChoices):
        KERN = "kern", _("village (kern)")
        WIJK = "wijk", _("district (wijk)")
        BUURTSCHAP = "buurtschap", _("hamlet (buurtschap)")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="neighbourhoods",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    cbs_code = models.CharField(_("CBS code"), max_length=12, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "slug"], name="core_neighbourhood_slug_unique"
            )
        ]

    def __str__(self):
        return self.name


class AuditEntry(models.Model):
    """One change to one object: who, what, when, old and new values. Written by the
    services in the same transaction as the change; never edited afterwards."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(
        _("who (as recorded)"),
        max_length=254,
        blank=True,
        help_text=_("The name or address at the time, kept when an account is removed."),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of object")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("Field: [old value, new value].")
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the history residents can read.")
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.action} {self.object_repr}"
