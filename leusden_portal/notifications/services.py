"""The one way the portal talks to people: `notify()` writes an outbox row in the caller's
transaction; after commit a Celery task sends it; sweeps send what was left behind and turn
due reminders into notifications. Every send claims its row with one conditional UPDATE, so
that no row is ever sent twice."""

import logging
import smtplib
import socket
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from leusden_portal.core.selectors import active_municipality

from .models import DeliveryPreference, EmailOptOut, Notification, Reminder
from .registry import get_kind

logger = logging.getLogger(__name__)

# Errors worth another try: the mail server or the network was briefly unavailable.
TRANSIENT_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPDataError,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPResponseException,
    socket.timeout,
    ConnectionError,
    OSError,
)

OPT_OUT_SALT = "notifications.opt-out"


class NotificationError(Exception):
    pass


# --- Writing -----------------------------------------------------------------------------------


def _recipient(recipient):
    """(user or None, e-mail address, language) from a user or a bare address."""
    if isinstance(recipient, str):
        return None, recipient.strip().lower(), None
    return recipient, recipient.email.lower(), getattr(recipient, "language", None)


def notify(*, kind, recipient, about=None, context=None, language=None, not_before=None):
    """Queue message `kind` for `recipient` (a user or an e-mail address) about the object
    `about`, in the caller's transaction: if it rolls back, nothing is sent. Returns the
    outbox row."""
    kind_def = get_kind(kind)
    user, email, user_language = _recipient(recipient)
    if not email:
        raise NotificationError("A notification needs a recipient e-mail address.")
    language = language or user_language or translation.get_language() or "nl"
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    state = Notification.State.PENDING
    if not kind_def.essential and EmailOptOut.objects.filter(email__iexact=email).exists():
        state = Notification.State.SUPPRESSED
    elif (
        kind_def.digestible
        and user is not None
        and DeliveryPreference.objects.filter(
            user=user, kind=kind, mode=DeliveryPreference.Mode.DIGEST
        ).exists()
    ):
        state = Notification.State.DIGEST
    notification = Notification.objects.create(
        kind=kind,
        recipient_user=user,
        recipient_email=email,
        language=language,
        content_type=ContentType.objects.get_for_model(about) if about is not None else None,
        object_id=str(about.pk) if about is not None else "",
        context=context or {},
        not_before=not_before or timezone.now(),
        state=state,
    )
    if state == Notification.State.PENDING:
        transaction.on_commit(lambda: enqueue(notification.pk, notification.not_before))
    return notification


def enqueue(notification_id, not_before=None):
    """Hand a row to Celery. Never raises and never waits long: if the broker is down, the
    row stays pending and the sweep sends it later."""
    from .tasks import send_notification

    # One quick second try covers a pooled connection that went stale (Redis restarted);
    # a broker that is really down fails fast (connect timeout, no long retry loop).
    options = {
        "ignore_result": True,
        "retry": True,
        "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.1},
    }
    if not_before and not_before > timezone.now():
        options["eta"] = not_before
    try:
        send_notification.apply_async(args=[notification_id], **options)
    except Exception as exc:  # broker unreachable: the outbox row is the source of truth
        logger.warning(
            "could not queue notification %s (%s: %s); the sweep will send it",
            notification_id,
            type(exc).__name__,
            exc,
        )
        return False
    return True


# --- Sending -----------------------------------------------------------------------------------


def _claim(notification_id):
    """Take the row for sending, atomically: only one caller can win. A row whose sender
    died (claimed longer ago than the claim timeout) can be taken again."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT)
    claimed = Notification.objects.filter(
        Q(state=Notification.State.PENDING, not_before__lte=now)
        | Q(state=Notification.State.SENDING, claimed_at__lt=stale),
        pk=notification_id,
    ).update(state=Notification.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return claimed == 1


def _absolute(path):
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path


def opt_out_token(email):
    return signing.dumps(email.lower(), salt=OPT_OUT_SALT, compress=True)


def opt_out_email_from_token(token):
    """The address in an opt-out link, or None when the link is not ours."""
    try:
        return signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None


def _render_plain(name, context):
    """A template of plain text (a subject): rendered without HTML escaping, so that a title
    such as "Jong & oud" does not arrive as "Jong &amp; oud"."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render(notification):
    """(subject, text, html) of a notification, in its language and the municipality's name."""
    kind_def = get_kind(notification.kind)
    about = notification.about if notification.content_type_id else None
    if kind_def.link is not None:
        link = kind_def.link(notification)
    else:
        link = notification.context.get("link") or (
            about.get_absolute_url() if hasattr(about, "get_absolute_url") else ""
        )
    with translation.override(notification.language):
        opt_out_url = ""
        if not kind_def.essential:
            opt_out_url = _absolute(
                reverse("notifications:opt_out", args=[opt_out_token(notification.recipient_email)])
            )
        context = {
            **notification.context,
            "notification": notification,
            "about": about,
            "municipality": active_municipality() or {},
            "site_url": settings.SITE_URL,
            "link": _absolute(link),
            "opt_out_url": opt_out_url,
            "LANGUAGE_CODE": notification.language,
        }
        if notification.kind == "notifications.digest":
            context["items"] = [
                (item, render(item)) for item in notification.items.order_by("created_at")
            ]
        base = f"notifications/{notification.kind}/{notification.language}"
        lang = notification.language
        subject = " ".join(_render_plain(f"{base}/subject.txt", context).split())
        # A kind gives either its own body.txt and body.html, or only message.txt, which
        # the common layouts wrap with the link and the footer.
        try:
            get_template(f"{base}/message.txt")
        except TemplateDoesNotExist:
            text = render_to_string(f"{base}/body.txt", context)
            html = render_to_string(f"{base}/body.html", context)
        else:
            message_text = render_to_string(f"{base}/message.txt", context).strip()
            # What the button says: what the link does for a kind that asks something
            # ("Bevestig mijn steun"), else "Bekijk op de website".
            try:
                button_text = " ".join(_render_plain(f"{base}/button.txt", context).split())
            except TemplateDoesNotExist:
                button_text = ""
            context = {**context, "message_text": message_text, "button_text": button_text}
            text = render_to_string(f"notifications/text_body.{lang}.txt", context)
            html = render_to_string(
                f"notifications/text_as_html.{lang}.html",
                # linebreaks() escapes the text itself but returns a plain str: marked safe,
                # or the template would escape it a second time ("&lt;p&gt;" in the mail).
                {**context, "message_html": mark_safe(linebreaks(message_text, autoescape=True))},  # noqa: S308
            )
    return subject, text, html


def deliver(notification):
    subject, text, html = render(notification)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient_email],
        headers={
            # The same id on every attempt, so a receiving server can drop a duplicate.
            "Message-ID": f"<notification-{notification.pk}@{settings.NOTIFICATIONS_MESSAGE_DOMAIN}>",
            "Auto-Submitted": "auto-generated",
        },
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send(notification_id):
    """Send one outbox row if it is still due and nobody else is sending it. Returns
    "sent", "skipped" (claimed elsewhere, already sent, not due) or "retry"/"failed"."""
    if not _claim(notification_id):
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    try:
        deliver(notification)
    except TRANSIENT_ERRORS as exc:
        return _failed_attempt(notification, exc)
    except Exception as exc:
        # A template or data error: retrying will not help.
        logger.exception("notification %s could not be rendered or sent", notification_id)
        Notification.objects.filter(pk=notification_id).update(
            state=Notification.State.FAILED, last_error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        return "failed"
    kind_def = get_kind(notification.kind)
    context = {k: v for k, v in notification.context.items() if k not in kind_def.secret_context}
    _record_sent(notification_id, context)
    return "sent"


def _record_sent(notification_id, context):
    """Mark a delivered row as sent. The mail is already gone: a row left "sending" would be
    sent a second time after the claim timeout, so a database that is briefly away (a
    restart, a failover) is waited for, with a fresh connection, instead of given up on."""
    deadline = time.monotonic() + settings.NOTIFICATIONS_RECORD_SENT_WAIT
    while True:
        try:
            Notification.objects.filter(pk=notification_id).update(
                state=Notification.State.SENT,
                sent_at=timezone.now(),
                last_error="",
                context=context,
            )
            return
        except (OperationalError, InterfaceError) as exc:
            if connection.in_atomic_block or time.monotonic() > deadline:
                raise
            logger.warning(
                "notification %s was sent but could not be recorded yet (%s); trying again",
                notification_id,
                exc,
            )
            connection.close()
            time.sleep(0.5)


def retry_delay(attempts):
    """Seconds before the next try: 30 s, 2 min, 8 min, 32 min, ..."""
    return settings.NOTIFICATIONS_RETRY_BASE * (4 ** max(attempts - 1, 0))


def _failed_attempt(notification, exc):
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        Notification.objects.filter(pk=notification.pk).update(
            state=Notification.State.FAILED, last_error=error
        )
        logger.error(
            "notification %s failed after %s attempts", notification.pk, notification.attempts
        )
        return "failed"
    not_before = timezone.now() + timedelta(seconds=retry_delay(notification.attempts))
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.PENDING, not_before=not_before, last_error=error
    )
    enqueue(notification.pk, not_before)
    return "retry"


@transaction.atomic
def notification_retry(*, actor, notification):
    """Staff send a failed row again (admin action): a fresh set of attempts."""
    from leusden_portal.core.services import audit_log

    updated = Notification.objects.filter(
        pk=notification.pk, state=Notification.State.FAILED
    ).update(state=Notification.State.PENDING, attempts=0, not_before=timezone.now())
    if updated:
        audit_log(actor=actor, action="notifications.notification.retried", obj=notification)
        transaction.on_commit(lambda: enqueue(notification.pk))
    return bool(updated)


def sweep_outbox(limit=500):
    """Queue the rows that are due but not queued (the broker was down at commit, a worker
    died while sending). Reads only due rows through partial indexes."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT)
    due = list(
        Notification.objects.filter(state=Notification.State.PENDING, not_before__lte=now)
        .order_by("not_before")
        .values_list("pk", flat=True)[:limit]
    )
    stuck = list(
        Notification.objects.filter(state=Notification.State.SENDING, claimed_at__lt=stale)
        .order_by("claimed_at")
        .values_list("pk", flat=True)[:limit]
    )
    queued = 0
    for pk in due + stuck:
        if not enqueue(pk):
            break  # broker still down: try again at the next sweep
        queued += 1
    return queued


# --- Reminders ---------------------------------------------------------------------------------


def reminder_schedule(*, kind, recipient, about, due_at, slot="", context=None, language=None):
    """Plan a reminder once: a second call for the same kind, object, recipient and slot
    changes nothing (the unique constraint decides, also between parallel sweeps)."""
    get_kind(kind)
    user, email, user_language = _recipient(recipient)
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=kind,
                recipient_user=user,
                recipient_email=email,
                language=language or user_language or settings.LANGUAGE_CODE,
                content_type=ContentType.objects.get_for_model(about),
                object_id=str(about.pk),
                slot=slot,
                due_at=due_at,
                context=context or {},
            )
        ],
        ignore_conflicts=True,
    )


def reminders_cancel(*, about, kind=None, recipient_email=None):
    """Cancel the scheduled reminders about `about` (of one kind, or to one address):
    the thing they remind of is done."""
    reminders = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(about),
        object_id=str(about.pk),
        state__in=[Reminder.State.SCHEDULED, Reminder.State.HELD],
    )
    if kind:
        reminders = reminders.filter(kind=kind)
    if recipient_email:
        reminders = reminders.filter(recipient_email__iexact=recipient_email)
    return reminders.update(state=Reminder.State.CANCELLED)


def _reminders_about(about):
    return Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(about), object_id=str(about.pk)
    )


def reminders_hold(*, about, now=None):
    """The process `about` is paused: its scheduled reminders wait."""
    now = now or timezone.now()
    return (
        _reminders_about(about)
        .filter(state=Reminder.State.SCHEDULED)
        .update(state=Reminder.State.HELD, held_since=now)
    )


def reminders_release(*, about, now=None):
    """The process `about` resumes: its waiting reminders are due as much later as they
    waited, so that nobody is reminded of a deadline that the pause used up."""
    now = now or timezone.now()
    held = list(_reminders_about(about).filter(state=Reminder.State.HELD))
    for reminder in held:
        reminder.due_at += now - reminder.held_since
        reminder.state, reminder.held_since = Reminder.State.SCHEDULED, None
    Reminder.objects.bulk_update(held, ["due_at", "state", "held_since"])
    return len(held)


def sweep_reminders(limit=500):
    """Turn due reminders into notifications. Parallel sweeps skip each other's rows."""
    done = 0
    with transaction.atomic():
        due = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(state=Reminder.State.SCHEDULED, due_at__lte=timezone.now())
            .select_related("recipient_user")
            .prefetch_related("about")
            .order_by("due_at")[:limit]
        )
        for reminder in due:
            reminder.notification = notify(
                kind=reminder.kind,
                recipient=reminder.recipient_user or reminder.recipient_email,
                about=reminder.about,
                context={**reminder.context, "due_at": reminder.due_at.isoformat()},
                language=reminder.language,
            )
            reminder.state = Reminder.State.SENT
            done += 1
        Reminder.objects.bulk_update(due, ["state", "notification"])
    return done


# --- Digest and preferences --------------------------------------------------------------------


def send_digests():
    """Bundle each recipient's waiting digest rows into one e-mail."""
    created = 0
    recipients = (
        Notification.objects.filter(state=Notification.State.DIGEST)
        .values_list("recipient_email", flat=True)
        .distinct()
    )
    for email in list(recipients):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(state=Notification.State.DIGEST, recipient_email=email)
                .order_by("created_at")
            )
            if not items:
                continue
            digest = notify(
                kind="notifications.digest",
                recipient=items[0].recipient_user or email,
                context={"count": len(items)},
                language=items[0].language,
            )
            Notification.objects.filter(pk__in=[i.pk for i in items]).update(
                state=Notification.State.IN_DIGEST, digest=digest
            )
            created += 1
    return created


def delivery_preferences_save(*, user, modes):
    """Store a staff member's choice per kind ({kind: mode}); waiting digest rows of a kind
    switched to immediate are sent now."""
    with transaction.atomic():
        for kind, mode in modes.items():
            get_kind(kind)
            DeliveryPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"mode": mode}
            )
            if mode == DeliveryPreference.Mode.IMMEDIATE:
                waiting = list(
                    Notification.objects.filter(
                        recipient_user=user, kind=kind, state=Notification.State.DIGEST
                    ).values_list("pk", flat=True)
                )
                Notification.objects.filter(pk__in=waiting).update(state=Notification.State.PENDING)
                for pk in waiting:
                    transaction.on_commit(lambda pk=pk: enqueue(pk))


def email_opt_out(*, email):
    EmailOptOut.objects.get_or_create(email=email.lower())


def email_opt_in(*, email):
    EmailOptOut.objects.filter(email__iexact=email).delete()
