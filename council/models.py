import hashlib

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- Ho-stop -------------------------------------------------------------------------------------


class HoStop(models.Model):
    """A ho-stop card: someone involved in a society process (an initiative, an agreement, a
    sub-project) pauses it, with a reason and a proposed adjustment ("tussentijdse
    bijstelling"). The process resumes only when everyone involved consented, or when the
    raiser withdraws the card."""

    class Status(models.TextChoices):
        OPEN = "open", _("paused")
        RESUMED = "resumed", _("resumed after consent")
        WITHDRAWN = "withdrawn", _("withdrawn by the raiser")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    process = GenericForeignKey("content_type", "object_id")
    process_title = models.CharField(_("process"), max_length=300)
    reason = models.TextField(_("reason"), max_length=5_000)
    adjustment = models.TextField(_("proposed adjustment"), max_length=5_000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now)
    closed_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("ho-stop")
        verbose_name_plural = _("ho-stops")
        ordering = ["-raised_at", "-id"]
        constraints = [
            # One open card per process: a second one joins the first, it does not stack.
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="open"),
                name="hostop_one_open_per_process",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "status"])]

    def __str__(self):
        return f"Ho-stop: {self.process_title}"

    def get_absolute_url(self):
        """The public page of the paused process, where the card and its course show."""
        from .processes import process_type_for

        return process_type_for(self.process).public_path(self.process)

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class HoStopParticipant(models.Model):
    """Someone involved in the paused process, asked to consent to the adjustment. Answers
    through a private link (residents and partners have no account) or, with an account,
    on their own page."""

    class Role(models.TextChoices):
        INITIATOR = "initiator", _("initiator")
        CIVIL_SERVANT = "civil_servant", _("civil servant")
        PARTNER = "partner", _("partner")
        COUNCIL_MEMBER = "council_member", _("council member")
        PROGRAM_TEAM = "program_team", _("program team")

    class Answer(models.TextChoices):
        PENDING = "pending", _("not answered yet")
        CONSENT = "consent", _("consents")
        OBJECTION = "objection", _("objects")

    hostop = models.ForeignKey(HoStop, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hostop_participations",
    )
    is_raiser = models.BooleanField(_("raised the card"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    answer = models.CharField(
        _("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answer_reason = models.TextField(_("explanation"), max_length=5_000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("involved person")
        verbose_name_plural = _("involved people")
        ordering = ["-is_raiser", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hostop", "email"], name="hostop_participant_once")
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()
