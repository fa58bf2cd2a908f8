from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One e-mail in the outbox. Written in the transaction of the change it is about, sent
    by a Celery task after commit; a sweep sends whatever was left behind."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        DIGEST = "digest", _("waiting for the daily digest")
        IN_DIGEST = "in_digest", _("sent in a digest")
        SUPPRESSED = "suppressed", _("not sent: recipient turned these off")
        CANCELLED = "cancelled", _("cancelled")

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=80, db_index=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient (account)"),
    )
    recipient_email = models.EmailField(_("recipient e-mail address"))
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("kind of subject"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.CharField(_("subject number"), max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    context = models.JSONField(_("details"), default=dict, blank=True)
    not_before = models.DateTimeField(_("send not before"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    digest = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("sent in digest"),
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep reads only what is due: its cost follows the due rows, not the table.
            models.Index(
                fields=["not_before"],
                condition=Q(state="pending"),
                name="notif_pending_due_idx",
            ),
            models.Index(
                fields=["claimed_at"], condition=Q(state="sending"), name="notif_sending_idx"
            ),
            models.Index(
                fields=["recipient_email", "created_at"],
                condition=Q(state="digest"),
                name="notif_digest_idx",
            ),
            models.Index(Lower("recipient_email"), name="notif_recipient_ci_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_email}"


class Reminder(models.Model):
    """A reminder that becomes a notification when it is due, unless the thing it
    reminds of is done first (then it is cancelled). Created once: `key` is unique."""

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        # The process it is about is paused (a ho-stop): it waits, and is moved on by the
        # length of the pause when the process resumes.
        HELD = "held", _("waiting (process paused)")
        SENT = "sent", _("sent")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=80)
    held_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient (account)"),
    )
    recipient_email = models.EmailField(_("recipient e-mail address"))
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of subject"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("subject number"), max_length=64)
    about = GenericForeignKey("content_type", "object_id")
    slot = models.CharField(
        _("occasion"),
        max_length=40,
        blank=True,
        help_text=_("Tells reminders of the same kind apart, e.g. '7-days-before'."),
    )
    due_at = models.DateTimeField(_("due at"))
    context = models.JSONField(_("details"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SCHEDULED
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    notification = models.OneToOneField(
        Notification,
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminder",
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient_email", "slot"],
                name="reminder_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(state="scheduled"), name="reminder_due_idx"
            ),
            models.Index(fields=["content_type", "object_id"], name="reminder_object_idx"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient_email} ({self.due_at:%Y-%m-%d %H:%M})"


class DeliveryPreference(models.Model):
    """A staff member's choice per kind: each message at once, or one daily digest."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", _("each message at once")
        DIGEST = "digest", _("one daily digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="delivery_preferences",
    )
    kind = models.CharField(_("kind"), max_length=80)
    mode = models.CharField(_("delivery"), max_length=10, choices=Mode.choices)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="delivery_preference_once")
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} ({self.mode})"


class EmailOptOut(models.Model):
    """An address whose owner turned off every message that is not about their own
    submission."""

    email = models.EmailField(_("e-mail address"))
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="email_opt_out_ci_unique"),
        ]

    def __str__(self):
        return self.email
