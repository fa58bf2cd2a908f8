from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .i18n import in_language


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
        return in_language(self, "name")


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


# --- Accessibility statement (the model of Logius, digitoegankelijk.nl) -------------------------


class AccessibilityStatement(models.Model):
    """The accessibility statement of this website in the model that Dutch government sites
    must publish and register (Besluit digitale toegankelijkheid overheid; Logius,
    digitoegankelijk.nl): its status A to E, the research it rests on, the known problems
    and when they are solved, and how to report a problem or complain. Reviewed at least once
    a year: the administrators are reminded a month before the year is over."""

    class Status(models.TextChoices):
        A = "A", _("A: fully compliant")
        B = "B", _("B: partially compliant")
        C = "C", _("C: first measures taken")
        D = "D", _("D: not compliant")
        E = "E", _("E: no insight into compliance")

    municipality = models.OneToOneField(
        Municipality,
        on_delete=models.CASCADE,
        related_name="accessibility_statement",
        verbose_name=_("municipality"),
    )
    status = models.CharField(_("status"), max_length=1, choices=Status.choices)
    scope = models.TextField(
        _("scope"), help_text=_("Which website and which pages the statement covers.")
    )
    scope_en = models.TextField(_("scope in English"), blank=True)
    drawn_up_on = models.DateField(_("drawn up on"))
    reviewed_on = models.DateField(
        _("last reviewed on"),
        null=True,
        blank=True,
        help_text=_("Review the statement at least once a year; the date shows on the page."),
    )
    measures = models.TextField(
        _("what we do for accessibility"), blank=True, help_text=_("One measure per line.")
    )
    measures_en = models.TextField(_("what we do, in English"), blank=True)
    response_days = models.PositiveSmallIntegerField(_("answer within (working days)"), default=5)
    complaint_url = models.URLField(
        _("complaint procedure"),
        blank=True,
        help_text=_("The page where residents file a complaint with the municipality."),
    )
    register_url = models.URLField(
        _("entry in the national register"),
        blank=True,
        help_text=_(
            "The address of this statement in the register at toegankelijkheidsverklaring.nl."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")

    def __str__(self):
        return f"{self.municipality}: {self.get_status_display()}"

    @property
    def display_scope(self):
        return in_language(self, "scope")

    @property
    def measure_lines(self):
        return [line.strip() for line in in_language(self, "measures").splitlines() if line.strip()]

    @property
    def last_date(self):
        return self.reviewed_on or self.drawn_up_on


class AccessibilityResearch(models.Model):
    """A research into the accessibility of the website that the statement rests on."""

    statement = models.ForeignKey(
        AccessibilityStatement,
        verbose_name=_("accessibility statement"),
        on_delete=models.CASCADE,
        related_name="researches",
    )
    date = models.DateField(_("date"))
    researcher = models.CharField(_("carried out by"), max_length=200)
    scope = models.CharField(_("what was researched"), max_length=300)
    method = models.CharField(
        _("method"), max_length=200, help_text=_("E.g. WCAG-EM, or automatic tests with axe.")
    )
    standard = models.CharField(_("standard"), max_length=100, default="WCAG 2.1, A en AA")
    report_url = models.URLField(_("report"), blank=True)

    class Meta:
        verbose_name = _("accessibility research")
        verbose_name_plural = _("accessibility research")
        ordering = ["-date", "id"]

    def __str__(self):
        return f"{self.date}: {self.researcher}"


class AccessibilityProblem(models.Model):
    """A known problem (an "afwijking"): what does not work, for whom, and when it is solved."""

    statement = models.ForeignKey(
        AccessibilityStatement,
        verbose_name=_("accessibility statement"),
        on_delete=models.CASCADE,
        related_name="problems",
    )
    description = models.TextField(_("what does not work yet"))
    description_en = models.TextField(_("what does not work yet, in English"), blank=True)
    criterion = models.CharField(
        _("WCAG success criterion"), max_length=50, blank=True, help_text=_("E.g. 1.4.3.")
    )
    planned_fix = models.TextField(_("what we do about it"), blank=True)
    planned_fix_en = models.TextField(_("what we do about it, in English"), blank=True)
    fix_by = models.DateField(_("solved by"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("known problem")
        verbose_name_plural = _("known problems")
        ordering = ["position", "id"]

    def __str__(self):
        return self.description[:80]

    @property
    def display_description(self):
        return in_language(self, "description")

    @property
    def display_planned_fix(self):
        return in_language(self, "planned_fix")
