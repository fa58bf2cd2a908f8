"""The one write path of the samenlevingsloket. Every status change is a checked transition
(TRANSITIONS), done under a row lock, audited, recorded in the initiator's history in plain
language and sent to the initiator through the outbox."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from leusden_portal.core import pagecache, tokens
from leusden_portal.core.dates import add_months, add_working_days, months_ago, working_days_between
from leusden_portal.core.selectors import active_municipality
from leusden_portal.core.services import audit_log, snapshot
from leusden_portal.notifications.services import notify, reminder_schedule, reminders_cancel

from .models import (
    CLOSED_STATUSES,
    Attachment,
    Ballot,
    BudgetProposal,
    HeldUpload,
    Initiative,
    InternalNote,
    Message,
    Monitoring,
    NeighbourhoodBudget,
    PrivateLink,
    RoutingRule,
    Status,
    Support,
)

# The page-cache sections of the loket: the published initiatives, and its figures.
PUBLIC_PAGES = "initiatives"
FIGURES_PAGES = "loket-figures"

S = Status
TRANSITIONS = {
    S.SUBMITTED: {S.TRIAGE, S.QUESTION, S.REFERRED, S.DECLINED, S.DUPLICATE, S.WITHDRAWN},
    S.TRIAGE: {
        S.QUESTION,
        S.REFERRED,
        S.IN_PROGRESS,
        S.EXPERIMENT,
        S.COMPLETED,
        S.DECLINED,
        S.DUPLICATE,
        S.WITHDRAWN,
    },
    S.QUESTION: {S.TRIAGE, S.DECLINED, S.DUPLICATE, S.WITHDRAWN},
    S.REFERRED: {S.QUESTION, S.IN_PROGRESS, S.EXPERIMENT, S.COMPLETED, S.WITHDRAWN},
    S.IN_PROGRESS: {S.QUESTION, S.REFERRED, S.COMPLETED, S.WITHDRAWN},
    S.EXPERIMENT: {S.QUESTION, S.COMPLETED, S.WITHDRAWN},
    S.COMPLETED: set(),
    S.DECLINED: set(),
    S.DUPLICATE: set(),
    S.WITHDRAWN: set(),
}

# The steps staff take that change an initiative's status, each with the statuses it leads
# to ("start" to in progress, or to an experiment). Which steps a page offers follows from
# this and TRANSITIONS; there is no second list.
STATUS_STEPS = {
    "triage": {S.TRIAGE},
    "question": {S.QUESTION},
    "refer": {S.REFERRED},
    "start": {S.IN_PROGRESS, S.EXPERIMENT},
    "complete": {S.COMPLETED},
    "decline": {S.DECLINED},
    "duplicate": {S.DUPLICATE},
}


def steps_possible(initiative):
    """The status steps possible from the initiative's status now."""
    allowed = TRANSITIONS[initiative.status]
    return {step for step, targets in STATUS_STEPS.items() if targets & allowed}


AUDIT_FIELDS = [
    "status",
    "team",
    "assignee",
    "referred_to_partner",
    "referred_agreement",
    "monitoring",
    "duplicate_of",
    "decline_reason",
    "next_step",
    "next_step_due",
    "approved_for_publication",
]


class TransitionNotAllowed(ValidationError):
    pass


class ProcessPaused(TransitionNotAllowed):
    pass


def _refuse_if_paused(initiative):
    from council.selectors import refuse_if_paused

    refuse_if_paused(
        initiative,
        ProcessPaused,
        _(
            "This initiative is paused by a ho-stop: its status cannot change until "
            "everyone involved has consented to the adjustment, or the card is withdrawn."
        ),
    )


def link_issue(initiative, purpose):
    """A new private link to the tracking page of `initiative`; returns its token (shown or
    e-mailed once). Earlier links keep working."""
    token = tokens.new()
    PrivateLink.objects.create(
        initiative=initiative, token_hash=tokens.digest(token), purpose=purpose
    )
    return token


def link_find(token):
    """The valid link of `token` with its initiative (None for an unknown, revoked or erased
    one), and the moment of use recorded: at most once an hour, so that reading the page
    does not write every time."""
    if not tokens.plausible(token):
        return None
    link = (
        PrivateLink.objects.select_related(
            "initiative__theme",
            "initiative__neighbourhood",
            "initiative__referred_to_partner",
            "initiative__team",
        )
        .filter(
            token_hash=tokens.digest(token),
            revoked_at__isnull=True,
            initiative__anonymised_at__isnull=True,
        )
        .first()
    )
    if link is not None:
        now = timezone.now()
        if link.last_used_at is None or link.last_used_at < now - datetime.timedelta(hours=1):
            PrivateLink.objects.filter(pk=link.pk).update(last_used_at=now)
            link.last_used_at = now
    return link


@transaction.atomic
def link_revoke(*, initiative, link_id):
    """The initiator revokes one of their links (from the tracking page). Returns whether a
    link of this initiative was revoked."""
    revoked = PrivateLink.objects.filter(
        pk=link_id, initiative=initiative, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if revoked:
        audit_log(
            actor=None,
            action="initiatives.initiative.link_revoked",
            obj=initiative,
            data={"actor_label": "initiator"},
        )
    return bool(revoked)


def track_path(token, language=None):
    with translation.override(language or translation.get_language()):
        return reverse("initiatives:track", args=[token])


def suggested_team(*, theme, kind):
    """The team the routing rules suggest: theme and kind, else theme, else kind."""
    rules = {
        (rule.theme_id, rule.kind): rule.team
        for rule in RoutingRule.objects.filter(team__is_active=True).select_related("team")
    }
    for key in ((theme.pk, kind), (theme.pk, ""), (None, kind)):
        if key in rules:
            return rules[key]
    return None


def _history(
    initiative,
    body,
    *,
    author_kind=Message.Author.SYSTEM,
    author=None,
    status="",
    is_public=False,
):
    return Message.objects.create(
        initiative=initiative,
        author_kind=author_kind,
        author=author,
        body=body,
        status=status,
        is_public=is_public,
    )


def _attachments(initiative, files, message=None, held=()):
    for upload in files:
        attachment = Attachment(
            initiative=initiative,
            message=message,
            token=tokens.new(),
            original_name=upload.name[:200],
            content_type=upload.checked_content_type,
            size=upload.size,
        )
        attachment.file.save(attachment.token, upload, save=False)
        attachment.save()
    for kept in held:
        attachment = Attachment(
            initiative=initiative,
            message=message,
            token=tokens.new(),
            original_name=kept.original_name,
            content_type=kept.content_type,
            size=kept.size,
        )
        with kept.file.open("rb") as content:
            attachment.file.save(attachment.token, content, save=False)
        attachment.save()
        held_upload_remove(kept)


# --- Files kept with a form that came back --------------------------------------------------


def uploads_hold(*, form_key, files):
    """Keep the checked files of a form that came back with an error, with that form."""
    held = []
    for upload in files:
        kept = HeldUpload(
            form_key=form_key,
            token=tokens.new(),
            original_name=upload.name[:200],
            content_type=upload.checked_content_type,
            size=upload.size,
        )
        kept.file.save(kept.token, upload, save=False)
        kept.save()
        held.append(kept)
    return held


def held_upload_remove(kept):
    """Forget a kept file: its row now, the file once that is committed."""
    file, storage = kept.file.name, kept.file.storage
    kept.delete()
    transaction.on_commit(lambda: storage.delete(file))


def held_uploads_cleanup(*, now=None):
    """Remove the files of forms that were abandoned: kept longer than a day."""
    hours = settings.INITIATIVES_HELD_UPLOAD_HOURS
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=hours)
    removed = 0
    for kept in HeldUpload.objects.filter(created_at__lt=cutoff).iterator():
        held_upload_remove(kept)
        removed += 1
    return removed


def _norm_due(start, working_days):
    return add_working_days(timezone.localdate(start), working_days)


def _schedule_norm_reminder(initiative, kind, due_date):
    """Remind the assignee (or the loket team) one working day before a norm is missed."""
    recipient = initiative.assignee or (initiative.team.email if initiative.team else "")
    if not recipient:
        from .models import Team

        loket = Team.objects.filter(is_loket=True, is_active=True).exclude(email="").first()
        recipient = loket.email if loket else ""
    if not recipient:
        return
    remind_on = due_date - datetime.timedelta(days=1)
    due_at = timezone.make_aware(datetime.datetime.combine(remind_on, datetime.time(8, 0)))
    reminder_schedule(
        kind=kind,
        recipient=recipient,
        about=initiative,
        due_at=due_at,
        context={"due": due_date.isoformat()},
    )


@transaction.atomic
def initiative_submit(*, data, files=(), held=(), language=None):
    """Take in a new initiative from the public form. Returns (initiative, token): the token
    is shown once and e-mailed; the database keeps only its hash."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    data = dict(data)
    budget = data.pop("budget", None)
    initiative = Initiative(**data, language=language)
    initiative.team = suggested_team(theme=initiative.theme, kind=initiative.kind)
    first_due = _norm_due(timezone.now(), settings.INITIATIVES_FIRST_RESPONSE_DAYS)
    initiative.next_step = _("The municipality reads your initiative and answers you.")
    initiative.next_step_due = first_due
    initiative.save()
    # The number comes from the database sequence of the primary key: unique, no race.
    municipality = active_municipality() or {}
    prefix = municipality.get("reference_prefix") or "SV"
    initiative.reference = f"{prefix}-{initiative.submitted_at:%Y}-{initiative.pk:05d}"
    initiative.save(update_fields=["reference"])
    token = link_issue(initiative, PrivateLink.Purpose.SUBMITTED)
    if budget is not None:
        BudgetProposal.objects.create(
            budget=budget, initiative=initiative, cost=initiative.amount_requested or 0
        )
    message = _history(initiative, _("We received your initiative."), status=S.SUBMITTED)
    _attachments(initiative, files, message, held=held)
    audit_log(
        actor=None,
        action="initiatives.initiative.submitted",
        obj=initiative,
        after=snapshot(initiative, AUDIT_FIELDS),
        data={"actor_label": "initiator"},
        public=True,
    )
    notify(
        kind="initiatives.submitted",
        recipient=initiative.email,
        about=initiative,
        language=language,
        context={"link": track_path(token, language), "reference": initiative.reference},
    )
    _schedule_norm_reminder(initiative, "initiatives.first_response_due", first_due)
    _schedule_norm_reminder(
        initiative,
        "initiatives.referral_due",
        _norm_due(timezone.now(), settings.INITIATIVES_REFERRAL_DAYS),
    )
    pagecache.invalidate(FIGURES_PAGES)
    return initiative, token


def _lock(initiative):
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _transition(
    initiative,
    to,
    *,
    actor,
    message,
    tell="initiatives.status_changed",
    tell_context=None,
    public=False,
    **changes,
):
    """Move `initiative` to status `to` if the table allows it; record, audit, tell (with
    the notification kind `tell`, `tell_context` added to what it says)."""
    current = _lock(initiative)
    _refuse_if_paused(current)
    if to not in TRANSITIONS[current.status]:
        raise TransitionNotAllowed(
            _("An initiative that is “%(from)s” cannot become “%(to)s”.")
            % {"from": current.get_status_display(), "to": S(to).label},
            code="transition_not_allowed",
        )
    before = snapshot(current, AUDIT_FIELDS)
    now = timezone.now()
    current.status = to
    for field, value in changes.items():
        setattr(current, field, value)
    fields = ["status", *changes, "updated_at"]
    submitted_on = timezone.localdate(current.submitted_at)
    if actor is not None and current.first_response_at is None:
        current.first_response_at = now
        current.first_response_days = working_days_between(submitted_on, timezone.localdate(now))
        fields += ["first_response_at", "first_response_days"]
        reminders_cancel(about=current, kind="initiatives.first_response_due")
    if to == S.REFERRED and current.referred_at is None:
        current.referred_at = now
        current.referral_days = working_days_between(submitted_on, timezone.localdate(now))
        fields += ["referred_at", "referral_days"]
        reminders_cancel(about=current, kind="initiatives.referral_due")
    if to in CLOSED_STATUSES:
        current.closed_at = now
        current.next_step, current.next_step_due = "", None
        fields += ["closed_at", "next_step", "next_step_due"]
        reminders_cancel(about=current)
    current.save(update_fields=list(dict.fromkeys(fields)))
    with translation.override(current.language):
        _history(
            current,
            message,
            author_kind=Message.Author.STAFF if actor else Message.Author.INITIATOR,
            author=actor,
            status=to,
            is_public=public,
        )
    audit_log(
        actor=actor,
        action=f"initiatives.initiative.{to}",
        obj=current,
        before=before,
        after=snapshot(current, AUDIT_FIELDS),
        public=True,
    )
    if actor is not None:
        notify(
            kind=tell,
            recipient=current.email,
            about=current,
            language=current.language,
            context={
                "reference": current.reference,
                "message": message,
                "status": to,
                **(tell_context or {}),
            },
        )
    pagecache.invalidate(PUBLIC_PAGES, FIGURES_PAGES)
    initiative.__dict__.update(current.__dict__)
    return initiative


def _in_language(initiative, text_fn):
    with translation.override(initiative.language):
        return text_fn()


@transaction.atomic
def initiative_take_in_triage(*, actor, initiative, message="", public=False):
    text = message or _in_language(
        initiative, lambda: _("A member of staff is now looking at your initiative.")
    )
    return _transition(
        initiative, S.TRIAGE, actor=actor, message=text, public=public and bool(message)
    )


@transaction.atomic
def initiative_assign(*, actor, initiative, team=None, assignee=None):
    """Give the initiative to a team and/or a person. Not a status change. A person without a
    team keeps the initiative's team; neither is refused (it would wipe the routed team)."""
    if team is None and assignee is None:
        raise ValidationError(_("Choose a team or a person."))
    current = _lock(initiative)
    if current.is_closed:
        raise TransitionNotAllowed(_("A closed initiative cannot be assigned."))
    before = snapshot(current, AUDIT_FIELDS)
    current.team, current.assignee = team or current.team, assignee
    current.save(update_fields=["team", "assignee", "updated_at"])
    audit_log(
        actor=actor,
        action="initiatives.initiative.assigned",
        obj=current,
        before=before,
        after=snapshot(current, AUDIT_FIELDS),
    )
    if assignee is not None and assignee != actor:
        notify(
            kind="initiatives.assigned",
            recipient=assignee,
            about=current,
            context={"reference": current.reference, "link": admin_path(current)},
        )
    initiative.__dict__.update(current.__dict__)
    return initiative


def admin_path(initiative):
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


@transaction.atomic
def initiative_ask_question(*, actor, initiative, question):
    if not question.strip():
        raise ValidationError(_("Write the question for the initiator."), code="required")
    due = _norm_due(timezone.now(), settings.INITIATIVES_QUESTION_WAIT_DAYS)
    # The question brings its own link to answer it (the first e-mail may be long gone).
    token = link_issue(initiative, PrivateLink.Purpose.QUESTION)
    _transition(
        initiative,
        S.QUESTION,
        actor=actor,
        message=question,
        tell="initiatives.question_asked",
        tell_context={"link": track_path(token, initiative.language)},
        next_step=_in_language(initiative, lambda: _("We are waiting for your answer.")),
        next_step_due=due,
    )
    _schedule_norm_reminder_initiator(initiative, due)
    return initiative


def _schedule_norm_reminder_initiator(initiative, due):
    reminder_schedule(
        kind="initiatives.question_waiting",
        recipient=initiative.email,
        about=initiative,
        due_at=timezone.make_aware(datetime.datetime.combine(due, datetime.time(9, 0))),
        language=initiative.language,
        slot=f"question-{initiative.updated_at:%Y%m%d%H%M%S}",
        context={"reference": initiative.reference},
    )


def _check_room_for(initiative, files):
    """All files of one initiative together stay within a count and a size."""
    if not files:
        return
    kept = initiative.attachments.aggregate(count=Count("pk"), size=Sum("size"))
    count = (kept["count"] or 0) + len(files)
    size = (kept["size"] or 0) + sum(upload.size for upload in files)
    if (
        count > settings.INITIATIVES_MAX_FILES_PER_INITIATIVE
        or size > settings.INITIATIVES_MAX_BYTES_PER_INITIATIVE
    ):
        raise ValidationError(
            _(
                "No more files fit with this initiative: at most %(count)d files of together "
                "%(size)s. Send your message without the files, or e-mail them to the "
                "municipality."
            )
            % {
                "count": settings.INITIATIVES_MAX_FILES_PER_INITIATIVE,
                "size": filesizeformat(settings.INITIATIVES_MAX_BYTES_PER_INITIATIVE),
            },
            code="too_many_files",
        )


@transaction.atomic
def initiative_reply(*, initiative, body, files=()):
    """The initiator answers or adds information (from the private link)."""
    current = _lock(initiative)
    if current.is_closed:
        raise TransitionNotAllowed(_("This initiative is closed; you can no longer reply."))
    if not body.strip() and not files:
        raise ValidationError(_("Write a message or add a file."), code="required")
    _check_room_for(current, files)
    message = _history(current, body, author_kind=Message.Author.INITIATOR)
    _attachments(current, files, message)
    reminders_cancel(about=current, kind="initiatives.question_waiting")
    audit_log(
        actor=None,
        action="initiatives.initiative.replied",
        obj=current,
        data={"actor_label": "initiator"},
    )
    from council.selectors import is_paused

    # While a ho-stop pauses it, the answer is kept and the status waits.
    if current.status == S.QUESTION and not is_paused(current):
        with translation.override(current.language):
            _transition(
                current,
                S.TRIAGE,
                actor=None,
                message=_("You answered; a member of staff will look at it."),
                next_step=_("The municipality reads your answer."),
                next_step_due=_norm_due(timezone.now(), settings.INITIATIVES_FIRST_RESPONSE_DAYS),
            )
    recipient = current.assignee or (current.team.email if current.team else "")
    if recipient:
        notify(
            kind="initiatives.initiator_replied",
            recipient=recipient,
            about=current,
            context={"reference": current.reference, "link": admin_path(current)},
        )
    initiative.__dict__.update(current.__dict__)
    return message


@transaction.atomic
def initiative_refer(
    *, actor, initiative, message, team=None, partner=None, agreement=None, public=False
):
    """Refer to an internal team, a partner organisation (with its contact) and/or one of
    the samenlevingsakkoorden (whose page then lists the initiative, if it is public)."""
    if team is None and partner is None and agreement is None:
        raise ValidationError(
            _("Choose a team, a partner organisation or a society agreement."), code="required"
        )
    if not message.strip():
        raise ValidationError(_("Tell the initiator who will help them and how."), code="required")
    changes = {"referred_to_partner": partner, "referred_agreement": agreement}
    if team is not None:
        changes["team"] = team
    who = partner or team
    changes["next_step"] = _in_language(
        initiative,
        lambda: (
            _("%(who)s contacts you.") % {"who": str(who)}
            if who
            else _("The partners of “%(agreement)s” take your initiative along.")
            % {"agreement": agreement.title}
        ),
    )
    changes["next_step_due"] = _norm_due(timezone.now(), settings.INITIATIVES_FIRST_RESPONSE_DAYS)
    return _transition(
        initiative, S.REFERRED, actor=actor, message=message, public=public, **changes
    )


@transaction.atomic
def initiative_start(*, actor, initiative, message, experiment=False, monitoring="", public=False):
    if experiment and monitoring not in Monitoring.values:
        raise ValidationError(
            _("Choose how far the experiment is let go, followed or monitored."), code="required"
        )
    return _transition(
        initiative,
        S.EXPERIMENT if experiment else S.IN_PROGRESS,
        actor=actor,
        message=message,
        public=public,
        monitoring=monitoring if experiment else "",
        next_step="",
        next_step_due=None,
    )


@transaction.atomic
def initiative_complete(*, actor, initiative, message, public=False):
    return _transition(initiative, S.COMPLETED, actor=actor, message=message, public=public)


@transaction.atomic
def initiative_decline(*, actor, initiative, reason):
    """ "Ja, tenzij": a refusal is only possible with a written reason."""
    if not reason or len(reason.strip()) < 20:
        raise ValidationError(
            _("Explain in at least 20 characters why the initiative is declined."),
            code="reason_required",
        )
    return _transition(
        initiative, S.DECLINED, actor=actor, message=reason, decline_reason=reason.strip()
    )


@transaction.atomic
def initiative_mark_duplicate(*, actor, initiative, duplicate_of):
    if duplicate_of.pk == initiative.pk:
        raise ValidationError(_("An initiative cannot be a duplicate of itself."))
    message = _in_language(
        initiative,
        lambda: (
            _("Your initiative is the same as %(reference)s; we handle them together there.")
            % {"reference": duplicate_of.reference}
        ),
    )
    return _transition(
        initiative, S.DUPLICATE, actor=actor, message=message, duplicate_of=duplicate_of
    )


@transaction.atomic
def initiative_withdraw(*, initiative, reason=""):
    """The initiator withdraws (from the private link)."""
    message = reason.strip() or _in_language(initiative, lambda: _("You withdrew your initiative."))
    return _transition(initiative, S.WITHDRAWN, actor=None, message=message)


@transaction.atomic
def initiative_note(*, actor, initiative, body):
    if not body.strip():
        raise ValidationError(_("The note is empty."), code="required")
    note = InternalNote.objects.create(initiative=initiative, author=actor, body=body)
    audit_log(actor=actor, action="initiatives.initiative.noted", obj=initiative)
    return note


@transaction.atomic
def initiative_publication(*, actor, initiative, approved):
    current = _lock(initiative)
    if approved and not current.publish_consent:
        raise ValidationError(_("The initiator did not agree to publication."))
    before = snapshot(current, AUDIT_FIELDS)
    current.approved_for_publication = approved
    current.save(update_fields=["approved_for_publication", "updated_at"])
    audit_log(
        actor=actor,
        action="initiatives.initiative.publication",
        obj=current,
        before=before,
        after=snapshot(current, AUDIT_FIELDS),
    )
    pagecache.invalidate(PUBLIC_PAGES)
    initiative.__dict__.update(current.__dict__)
    return initiative


@transaction.atomic
def initiative_send_new_links(*, email):
    """E-mail a new private link for each initiative of `email`; the links it had keep
    working (asking for a link is open to anyone who knows the address, so it must not be a
    way to break the initiator's link). Says nothing about whether the address is known."""
    from leusden_portal.notifications.models import Notification

    count = 0
    initiatives = list(
        Initiative.objects.select_for_update().filter(
            email__iexact=email.strip(), anonymised_at__isnull=True
        )
    )
    # Anyone who knows the address can ask: at most a few mails a day per initiative, so
    # that asking cannot flood the initiator's mailbox. One count for all of them.
    sent_today = dict(
        Notification.objects.filter(
            kind="initiatives.new_link",
            object_id__in=[str(i.pk) for i in initiatives],
            created_at__gte=timezone.now() - datetime.timedelta(days=1),
        )
        .values_list("object_id")
        .annotate(n=Count("pk"))
    )
    for initiative in initiatives:
        if sent_today.get(str(initiative.pk), 0) >= settings.INITIATIVES_NEW_LINKS_PER_DAY:
            continue
        token = link_issue(initiative, PrivateLink.Purpose.NEW_LINK)
        audit_log(actor=None, action="initiatives.initiative.new_link", obj=initiative)
        notify(
            kind="initiatives.new_link",
            recipient=initiative.email,
            about=initiative,
            language=initiative.language,
            context={
                "link": track_path(token, initiative.language),
                "reference": initiative.reference,
            },
        )
        count += 1
    return count


# --- Support ("ik steun dit") -------------------------------------------------------------------


def support_path(token, language=None):
    with translation.override(language or translation.get_language()):
        return reverse("initiatives:support_confirm", args=[token])


class SupportNotPossible(ValidationError):
    pass


@transaction.atomic
def support_request(*, initiative, email, language=None):
    """Ask to support a published, open initiative: e-mails a confirmation link to `email`.
    The same answer whether or not the address supported it before; a confirmed support is
    never counted twice."""
    if not initiative.is_public or initiative.is_closed:
        raise SupportNotPossible(_("This initiative cannot be supported (any more)."))
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    token = tokens.new()
    email_hash = Support.hash_email(email)
    support, created = Support.objects.select_for_update().get_or_create(
        initiative=initiative,
        email_hash=email_hash,
        defaults={"token_hash": tokens.digest(token)},
    )
    if support.confirmed_at is not None:
        return support  # already counted: nothing to confirm, nothing to tell
    if not created:
        support.token_hash = tokens.digest(token)
        support.save(update_fields=["token_hash"])
    notify(
        kind="initiatives.support_confirm",
        recipient=email.strip(),
        about=initiative,
        language=language,
        context={
            "link": support_path(token, language),
            "reference": initiative.reference,
            "title": initiative.title,
        },
    )
    return support


def support_by_token(token):
    if not tokens.plausible(token):
        return None
    return (
        Support.objects.select_related("initiative").filter(token_hash=tokens.digest(token)).first()
    )


@transaction.atomic
def support_confirm(*, support):
    """Count a support once, however often or however parallel the link is used."""
    current = Support.objects.select_for_update().get(pk=support.pk)
    if current.confirmed_at is not None:
        return current, False
    current.confirmed_at = timezone.now()
    current.save(update_fields=["confirmed_at"])
    Initiative.objects.filter(pk=current.initiative_id).update(
        support_count=models.F("support_count") + 1
    )
    audit_log(
        actor=None,
        action="initiatives.initiative.supported",
        obj=current.initiative,
        data={"actor_label": "supporter"},
    )
    pagecache.invalidate(PUBLIC_PAGES)
    return current, True


# --- Privacy -------------------------------------------------------------------------------------

ERASED = "[verwijderd]"


@transaction.atomic
def initiative_anonymise(*, actor, initiative, reason):
    """Remove the initiator's personal data: name, contact details, their own messages and
    files, the private link, and their address in the outbox. What the municipality did
    (statuses, staff messages, the audit log) stays."""
    from leusden_portal.notifications.models import Notification

    current = _lock(initiative)
    if current.anonymised_at:
        return current
    email = current.email
    for attachment in current.attachments.all():
        attachment.file.delete(save=False)
        attachment.delete()
    current.messages.filter(author_kind=Message.Author.INITIATOR).update(body=ERASED)
    current.name, current.email, current.phone, current.involved = ERASED, "", "", ""
    current.links.all().delete()
    current.anonymised_at = timezone.now()
    current.approved_for_publication = False
    current.save()
    reminders_cancel(about=current)
    Notification.objects.filter(recipient_email__iexact=email, recipient_user__isnull=True).filter(
        object_id=str(current.pk)
    ).update(recipient_email="", context={})
    audit_log(
        actor=actor,
        action="initiatives.initiative.anonymised",
        obj=current,
        data={"reason": reason},
    )
    pagecache.invalidate(PUBLIC_PAGES, FIGURES_PAGES)
    initiative.__dict__.update(current.__dict__)
    return current


def initiatives_anonymise_expired(now=None):
    """Anonymise closed initiatives past the retention period (a beat task, daily)."""
    now = now or timezone.now()
    cutoff = months_ago(now, settings.INITIATIVES_RETENTION_MONTHS)
    done = 0
    for initiative in Initiative.objects.filter(
        closed_at__lt=cutoff, anonymised_at__isnull=True
    ).only("pk"):
        initiative_anonymise(actor=None, initiative=initiative, reason="retention period ended")
        done += 1
    return done


def initiator_export(*, email):
    """Everything the loket holds about one initiator (a request under the GDPR)."""
    result = []
    for initiative in Initiative.objects.filter(email__iexact=email).prefetch_related(
        "messages", "attachments"
    ):
        result.append(
            {
                "reference": initiative.reference,
                "submitted_at": initiative.submitted_at.isoformat(),
                "status": initiative.status,
                "title": initiative.title,
                "description": initiative.description,
                "name": initiative.name,
                "email": initiative.email,
                "phone": initiative.phone,
                "involved": initiative.involved,
                "publish_consent": initiative.publish_consent,
                "messages": [
                    {"at": m.created_at.isoformat(), "from": m.author_kind, "text": m.body}
                    for m in initiative.messages.all()
                ],
                "files": [a.original_name for a in initiative.attachments.all()],
            }
        )
    return result


# --- Neighbourhood budgets -----------------------------------------------------------------------


class BallotRefused(ValidationError):
    pass


def ballot_path(token, language=None):
    with translation.override(language or translation.get_language()):
        return reverse("initiatives:ballot", args=[token])


@transaction.atomic
def ballot_request(*, budget, email, neighbourhood, language=None):
    """A resident asks for a ballot: e-mailed to them as a private link. One per address per
    budget; the same answer when the address asked before (a new link replaces the old)."""
    if budget.status != NeighbourhoodBudget.Status.VOTING:
        raise BallotRefused(_("Voting on this budget is not open."))
    token = tokens.new()
    ballot, created = Ballot.objects.select_for_update().get_or_create(
        budget=budget,
        email_hash=Support.hash_email(email),
        defaults={
            "token_hash": tokens.digest(token),
            "declared_neighbourhood": neighbourhood,
        },
    )
    if ballot.cast_at is not None:
        return ballot  # voted already: nothing to send, nothing to tell
    if not created:
        ballot.token_hash = tokens.digest(token)
        ballot.declared_neighbourhood = neighbourhood
        ballot.save(update_fields=["token_hash", "declared_neighbourhood"])
    notify(
        kind="initiatives.ballot",
        recipient=email.strip(),
        about=budget,
        language=language,
        context={"link": ballot_path(token, language), "budget": budget.title},
    )
    return ballot


def ballot_by_token(token):
    if not tokens.plausible(token):
        return None
    return (
        Ballot.objects.select_related("budget__neighbourhood", "declared_neighbourhood")
        .filter(token_hash=tokens.digest(token))
        .first()
    )


@transaction.atomic
def ballot_cast(*, ballot, proposals, request=None):
    """Cast the ballot: feasible proposals of this budget whose costs together stay within
    the budget, by a resident of the neighbourhood (the residence check), once."""
    from .residence import residence_check

    current = (
        Ballot.objects.select_for_update().select_related("budget__neighbourhood").get(pk=ballot.pk)
    )
    budget = current.budget
    if budget.status != NeighbourhoodBudget.Status.VOTING:
        raise BallotRefused(_("Voting on this budget is not open."))
    if current.cast_at is not None:
        raise BallotRefused(_("This ballot has already been cast."))
    if not residence_check().lives_in(
        request=request, ballot=current, neighbourhood=budget.neighbourhood
    ):
        raise BallotRefused(
            _("Only residents of %(neighbourhood)s vote on this budget.")
            % {"neighbourhood": budget.neighbourhood.name}
        )
    proposals = list(proposals)
    if not proposals:
        raise BallotRefused(_("Choose at least one proposal."))
    if any(p.budget_id != budget.pk or p.feasible is not True for p in proposals):
        raise BallotRefused(_("Choose only proposals on this ballot."))
    total = sum(p.cost for p in proposals)
    if total > budget.amount:
        raise BallotRefused(
            _("Your choice costs € %(total)s; the budget is € %(amount)s. Choose less.")
            % {
                "total": number_format(total, 0, force_grouping=True),
                "amount": number_format(budget.amount, 0, force_grouping=True),
            }
        )
    now = timezone.now()
    current.confirmed_at = current.confirmed_at or now  # the private link proves the address
    current.cast_at = now
    current.save(update_fields=["confirmed_at", "cast_at"])
    current.choices.set(proposals)
    audit_log(actor=None, action="initiatives.budget.ballot_cast", obj=budget)
    pagecache.invalidate(PUBLIC_PAGES)
    return current


# --- Right to challenge ----------------------------------------------------------------------------


def _challenge_team_recipient(initiative):
    return initiative.assignee or (initiative.team.email if initiative.team else "")


@transaction.atomic
def challenge_bid_submit(*, initiative, task, budget_part, executor, quality):
    """The initiator of a right-to-challenge initiative hands in the bid (from the private
    link); the municipality assesses it against the published criteria by a deadline."""
    from .models import ChallengeBid

    current = _lock(initiative)
    if current.kind != "right_to_challenge":
        raise TransitionNotAllowed(_("Only a right-to-challenge initiative has a bid."))
    if current.is_closed or ChallengeBid.objects.filter(initiative=current).exists():
        raise TransitionNotAllowed(_("The bid has already been handed in."))
    _refuse_if_paused(current)
    due = add_working_days(timezone.localdate(), settings.INITIATIVES_CHALLENGE_ASSESSMENT_DAYS)
    bid = ChallengeBid.objects.create(
        initiative=current,
        task=task.strip(),
        budget_part=budget_part.strip(),
        executor=executor.strip(),
        quality=quality.strip(),
        assessment_due=due,
    )
    with translation.override(current.language):
        _history(
            current,
            _("You handed in your bid. We assess it against the published criteria by %(date)s.")
            % {"date": formats.date_format(due, "j F Y")},
            author_kind=Message.Author.INITIATOR,
        )
    audit_log(actor=None, action="initiatives.challenge.bid", obj=current, public=True)
    recipient = _challenge_team_recipient(current)
    if recipient:
        reminder_schedule(
            kind="initiatives.challenge_due",
            recipient=recipient,
            about=bid,
            due_at=timezone.make_aware(
                datetime.datetime.combine(due - datetime.timedelta(days=5), datetime.time(8, 0))
            ),
            context={"reference": current.reference, "due": due.isoformat()},
        )
    pagecache.invalidate(PUBLIC_PAGES)
    return bid


@transaction.atomic
def challenge_decide(*, actor, bid, approve, reason, assessments):
    """Decide on a bid with reasons, after assessing every active criterion
    ({criterion: (met, note)}). "Ja, tenzij": a refusal names which criteria were not met."""
    from .models import ChallengeAssessment, ChallengeBid, ChallengeCriterion

    current = ChallengeBid.objects.select_for_update().select_related("initiative").get(pk=bid.pk)
    if current.step != ChallengeBid.Step.ASSESSING:
        raise TransitionNotAllowed(_("This bid has already been decided."))
    _refuse_if_paused(current.initiative)
    criteria = set(ChallengeCriterion.objects.filter(is_active=True))
    if set(assessments) != criteria:
        raise ValidationError(_("Assess the bid against every criterion."))
    if len(reason.strip()) < 20:
        raise ValidationError(_("Give the reasons for the decision in at least 20 characters."))
    for criterion, (met, note) in assessments.items():
        ChallengeAssessment.objects.update_or_create(
            bid=current, criterion=criterion, defaults={"met": met, "note": note.strip()}
        )
    current.step = ChallengeBid.Step.APPROVED if approve else ChallengeBid.Step.REJECTED
    current.decision_reason, current.decided_at = reason.strip(), timezone.now()
    current.save(update_fields=["step", "decision_reason", "decided_at"])
    reminders_cancel(about=current, kind="initiatives.challenge_due")
    initiative = current.initiative
    if approve:
        message = _("The municipality accepts your bid. Reasons: %(reason)s") % {"reason": reason}
        if S.IN_PROGRESS in TRANSITIONS[initiative.status]:
            _transition(initiative, S.IN_PROGRESS, actor=actor, message=message)
        else:
            _staff_message(initiative, actor, message)
    else:
        _transition(initiative, S.DECLINED, actor=actor, message=reason, decline_reason=reason)
    audit_log(
        actor=actor,
        action=f"initiatives.challenge.{'approved' if approve else 'rejected'}",
        obj=initiative,
        data={"reason": reason},
        public=True,
    )
    pagecache.invalidate(PUBLIC_PAGES)
    return current


def _staff_message(initiative, actor, message):
    with translation.override(initiative.language):
        _history(initiative, message, author_kind=Message.Author.STAFF, author=actor)
    notify(
        kind="initiatives.status_changed",
        recipient=initiative.email,
        about=initiative,
        language=initiative.language,
        context={
            "reference": initiative.reference,
            "message": message,
            "status": initiative.status,
        },
    )


def _schedule_evaluation(bid):
    recipient = _challenge_team_recipient(bid.initiative)
    if recipient and bid.next_evaluation:
        reminder_schedule(
            kind="initiatives.challenge_evaluation",
            recipient=recipient,
            about=bid,
            due_at=timezone.make_aware(
                datetime.datetime.combine(bid.next_evaluation, datetime.time(8, 0))
            ),
            slot=f"evaluation-{bid.next_evaluation.isoformat()}",
            context={"reference": bid.initiative.reference},
        )


@transaction.atomic
def challenge_agreement(*, actor, bid, agreement, starts, evaluation_months):
    """Record the agreement after an accepted bid; evaluations are planned from it."""

    from .models import ChallengeBid

    current = ChallengeBid.objects.select_for_update().select_related("initiative").get(pk=bid.pk)
    if current.step != ChallengeBid.Step.APPROVED:
        raise TransitionNotAllowed(_("An agreement follows an accepted bid."))
    if len(agreement.strip()) < 20:
        raise ValidationError(_("Write down the agreement in at least 20 characters."))
    current.step = ChallengeBid.Step.AGREEMENT
    current.agreement, current.agreement_starts = agreement.strip(), starts
    current.evaluation_months = evaluation_months
    current.next_evaluation = add_months(starts, evaluation_months)
    current.save()
    _schedule_evaluation(current)
    _staff_message(
        current.initiative,
        actor,
        _("The agreement is made; it starts on %(date)s and is evaluated every %(months)s months.")
        % {"date": formats.date_format(starts, "j F Y"), "months": evaluation_months},
    )
    audit_log(
        actor=actor, action="initiatives.challenge.agreement", obj=current.initiative, public=True
    )
    pagecache.invalidate(PUBLIC_PAGES)
    return current


@transaction.atomic
def challenge_evaluate(*, actor, bid, findings):
    """Record a periodic evaluation; the next one is planned."""

    from .models import ChallengeBid, ChallengeEvaluation

    current = ChallengeBid.objects.select_for_update().select_related("initiative").get(pk=bid.pk)
    if current.step != ChallengeBid.Step.AGREEMENT:
        raise TransitionNotAllowed(_("Evaluations follow the agreement."))
    if len(findings.strip()) < 10:
        raise ValidationError(_("Write down the findings."))
    ChallengeEvaluation.objects.create(bid=current, findings=findings.strip())
    reminders_cancel(about=current, kind="initiatives.challenge_evaluation")
    current.next_evaluation = add_months(timezone.localdate(), current.evaluation_months)
    current.save(update_fields=["next_evaluation"])
    _schedule_evaluation(current)
    audit_log(
        actor=actor, action="initiatives.challenge.evaluated", obj=current.initiative, public=True
    )
    pagecache.invalidate(PUBLIC_PAGES)
    return current
