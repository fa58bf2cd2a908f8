"""The samenlevingsakkoorden: agreements with partners, their goals, KPIs with a baseline, a
target (which may still be open) and measurements, sub-projects and a timeline."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.i18n import in_language


class Agreement(models.Model):
    class Status(models.TextChoices):
        PREPARATION = "preparation", _("in preparation")
        AGREED = "agreed", _("agreed")
        EXECUTION = "execution", _("in execution")
        EVALUATED = "evaluated", _("evaluated")

    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    motto = models.CharField(_("motto"), max_length=200, blank=True)
    motto_en = models.CharField(_("motto in English"), max_length=200, blank=True)
    theme = models.ForeignKey(
        "core.Theme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("theme"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREPARATION
    )
    summary = models.TextField(_("summary"), blank=True)
    summary_en = models.TextField(_("summary in English"), blank=True)
    approach = models.TextField(_("plan of approach"), blank=True)
    portfolio_holder = models.CharField(
        _("responsible portfolio holder"), max_length=200, blank=True
    )
    council_members = models.ManyToManyField(
        "council.CouncilMember",
        blank=True,
        related_name="agreements",
        verbose_name=_("council members involved"),
        help_text=_(
            "For example the members at its verrijkingstafel. They are asked to consent when a "
            "ho-stop pauses this agreement or one of its sub-projects."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("society agreement")
        verbose_name_plural = _("society agreements")
        ordering = ["position", "title"]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.slug])

    # What a page shows: English where entered and the page is English, else the Dutch text.
    @property
    def display_title(self):
        return in_language(self, "title")

    @property
    def display_motto(self):
        return in_language(self, "motto")

    @property
    def display_summary(self):
        return in_language(self, "summary")


class Partner(models.Model):
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("society agreement"),
        on_delete=models.CASCADE,
        related_name="partners",
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role in the agreement"), max_length=300, blank=True)
    email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Not shown; asked to consent to a ho-stop.")
    )
    website = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Goal(models.Model):
    """A goal the municipality brings in. Measured by KPIs, or qualitative: then its status
    and explanation say how it stands."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        UNDERWAY = "underway", _("underway")
        ACHIEVED = "achieved", _("achieved")
        NOT_ACHIEVED = "not_achieved", _("not achieved")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("society agreement"),
        on_delete=models.CASCADE,
        related_name="goals",
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    is_qualitative = models.BooleanField(
        _("qualitative"), default=False, help_text=_("Not measured by KPIs; say how it stands.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    explanation = models.TextField(_("explanation of the status"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["agreement", "position", "id"]

    def __str__(self):
        return self.title


class Kpi(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("monthly")
        QUARTERLY = "quarterly", _("every quarter")
        YEARLY = "yearly", _("every year")
        BIENNIAL = "biennial", _("every two years")
        QUADRENNIAL = "quadrennial", _("every four years")

    MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12, "biennial": 24, "quadrennial": 48}

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="kpis"
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("E.g. % or people."))
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=1)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leave empty while the target is not yet set."),
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    target_note = models.CharField(
        _("about the target"),
        max_length=300,
        blank=True,
        help_text=_("E.g. why the target is still open."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    method = models.TextField(_("method"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_kpis",
        verbose_name=_("owner"),
    )
    frequency = models.CharField(
        _("measured"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY
    )
    weight = models.DecimalField(_("weight in the goal"), max_digits=5, decimal_places=2, default=1)
    cbs_table = models.CharField(
        _("CBS StatLine table"), max_length=20, blank=True, help_text=_("E.g. 83765NED.")
    )
    cbs_measure = models.CharField(_("CBS measure (column)"), max_length=80, blank=True)
    cbs_region = models.CharField(
        _("CBS region code"),
        max_length=12,
        blank=True,
        help_text=_("Empty: the municipality's own code (e.g. GM0327)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["goal", "position", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.baseline_value is not None
            and self.target_value is not None
            and self.baseline_value != self.target_value
        ):
            improves = self.target_value > self.baseline_value
            if improves != (self.direction == self.Direction.HIGHER):
                raise ValidationError(
                    {"direction": _("The target lies on the other side of the baseline.")}
                )
        if self.baseline_date and self.target_date and self.target_date < self.baseline_date:
            raise ValidationError({"target_date": _("The target date is before the baseline.")})

    @property
    def has_target(self):
        return self.target_value is not None


class Milestone(models.Model):
    """An interim target on the way, e.g. the energy agreement's targets for 2020 and 2025."""

    kpi = models.ForeignKey(
        Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="milestones"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(
        _("value"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leave empty while it is not yet set."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("interim target")
        verbose_name_plural = _("interim targets")
        ordering = ["kpi", "date"]

    def __str__(self):
        return f"{self.kpi}: {self.date}"


class Measurement(models.Model):
    kpi = models.ForeignKey(
        Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="measurements"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["kpi", "date"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "date"], name="measurement_once_per_date")
        ]

    def __str__(self):
        from django.utils.formats import date_format

        from .templatetags.agreements import format_value

        value = format_value(self.value, self.kpi)
        return f"{self.kpi}: {value} ({date_format(self.date)})"


class SubProject(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        STOPPED = "stopped", _("stopped")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("society agreement"),
        on_delete=models.CASCADE,
        related_name="subprojects",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, help_text=_("An estimate by the project, 0 to 100.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        ordering = ["agreement", "position", "id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.progress > 100:
            raise ValidationError({"progress": _("Progress is at most 100%.")})


class Event(models.Model):
    """A moment on the timeline: a round of the verrijkingstafel with council members, one of
    the three informatiemomenten at which the college informs the council, a document (the
    agreement, its plan of approach), or another step. Without an agreement it concerns all
    agreements."""

    class Kind(models.TextChoices):
        ENRICHMENT = "enrichment", _("verrijkingstafel")
        INFORMATION = "information", _("informatiemoment for the council")
        DOCUMENT = "document", _("document published")
        OTHER = "other", _("other step")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("society agreement"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        help_text=_("Empty: about all agreements."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    participants = models.TextField(_("participants"), blank=True)
    summary = models.TextField(
        _("what was given or told"),
        blank=True,
        help_text=_("The input at a verrijkingstafel; what the council was told."),
    )
    follow_up = models.TextField(_("what was done with it"), blank=True)
    document_title = models.CharField(_("document"), max_length=200, blank=True)
    document_url = models.URLField(_("document (link)"), blank=True)
    document_file = models.FileField(_("document (file)"), upload_to="agreements/", blank=True)

    class Meta:
        verbose_name = _("timeline moment")
        verbose_name_plural = _("timeline")
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.date}: {self.title}"

    @property
    def document_href(self):
        return self.document_file.url if self.document_file else self.document_url
