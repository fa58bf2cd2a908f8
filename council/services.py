"""The one write path of the council app."""

import datetime
import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leusden_portal.core import pagecache, tokens
from leusden_portal.core.dates import add_working_days
from leusden_portal.core.emails import mailbox
from leusden_portal.core.services import audit_log
from leusden_portal.notifications.services import (
    notify,
    reminder_schedule,
    reminders_cancel,
    reminders_hold,
    reminders_release,
)

from . import rules
from .models import HoStop, HoStopParticipant
from .processes import Involved, process_type_for

# --- Ho-stop -------------------------------------------------------------------------------------

HOSTOP_ANSWER_DAYS = 3
MIN_TEXT = 10


class HoStopError(ValidationError):
    pass


def hostop_path(token, language=None):
    with translation.override(language or translation.get_language()):
        return reverse("council:hostop", args=[token])


def _recipient(participant):
    return participant.user or participant.email


def _invalidate(hostop):
    process_type = process_type_for(hostop.process)
    if process_type.page_sections:
        pagecache.invalidate(*process_type.page_sections)


def _context(hostop, **extra):
    return {
        "process": hostop.process_title,
        "reason": hostop.reason,
        "adjustment": hostop.adjustment,
        **extra,
    }


@transaction.atomic
def hostop_raise(*, process, raiser: Involved, reason, adjustment):
    """Pause `process` at once: its transitions are blocked and its reminders wait until
    everyone involved consented to `adjustment`, or the raiser withdraws the card. Everyone
    involved is told and asked to answer through a private link."""
    process_type = process_type_for(process)
    reason, adjustment = reason.strip(), adjustment.strip()
    errors = {}
    if len(reason) < MIN_TEXT:
        errors["reason"] = _("Explain in at least 10 characters why the process must pause.")
    if len(adjustment) < MIN_TEXT:
        errors["adjustment"] = _("Propose in at least 10 characters how to adjust the process.")
    if errors:
        raise HoStopError(errors)
    # The process row is locked: two cards raised at the same moment make one.
    type(process).objects.select_for_update().get(pk=process.pk)
    content_type = ContentType.objects.get_for_model(process)
    if HoStop.objects.filter(
        content_type=content_type, object_id=str(process.pk), status=HoStop.Status.OPEN
    ).exists():
        raise HoStopError(_("This process is already paused by a ho-stop."))
    now = timezone.now()
    hostop = HoStop.objects.create(
        content_type=content_type,
        object_id=str(process.pk),
        process_title=str(process_type.title(process))[:300],
        reason=reason,
        adjustment=adjustment,
        raised_at=now,
    )
    people, seen = [], set()
    for person in [raiser, *process_type.involved(process)]:
        key = person.email.strip().lower()
        if key and key not in seen:
            seen.add(key)
            people.append(person)
    due = add_working_days(timezone.localdate(now), HOSTOP_ANSWER_DAYS)
    due_at = timezone.make_aware(datetime.datetime.combine(due, datetime.time(9, 0)))
    for person in people:
        token, token_hash = tokens.new_with_digest()
        is_raiser = person is raiser
        participant = HoStopParticipant.objects.create(
            hostop=hostop,
            role=person.role,
            name=person.name[:200],
            email=person.email.strip(),
            user=person.user,
            is_raiser=is_raiser,
            token_hash=token_hash,
            # Whoever proposes the adjustment consents to it.
            answer=HoStopParticipant.Answer.CONSENT
            if is_raiser
            else HoStopParticipant.Answer.PENDING,
            answered_at=now if is_raiser else None,
        )
        notify(
            kind="council.hostop_raised_by_you" if is_raiser else "council.hostop_raised",
            recipient=_recipient(participant),
            about=hostop,
            context=_context(hostop, link=hostop_path(token)),
        )
        if not is_raiser:
            reminder_schedule(
                kind="council.hostop_answer_due",
                recipient=_recipient(participant),
                about=hostop,
                due_at=due_at,
                slot=f"participant-{participant.pk}",
                context=_context(hostop, participant=participant.pk),
            )
    reminders_hold(about=process, now=now)
    audit_log(
        actor=raiser.user,
        action="council.hostop.raised",
        obj=process,
        data={
            "hostop": hostop.pk,
            "role": raiser.role,
            "reason": reason,
            "adjustment": adjustment,
        },
        public=True,
    )
    _invalidate(hostop)
    if len(people) == 1:  # nobody else involved: the raiser's consent is everyone's
        _resume(hostop, actor=raiser.user)
    return hostop


def _lock(participant):
    hostop = HoStop.objects.select_for_update().get(pk=participant.hostop_id)
    current = HoStopParticipant.objects.select_for_update().get(pk=participant.pk)
    return hostop, current


@transaction.atomic
def hostop_answer(*, participant, answer, reason=""):
    """`participant` consents to the adjustment or objects with a reason. The last consent
    resumes the process; an objection keeps it paused. Parallel answers are serialised on the
    card's row, so each counts once and the process resumes once."""
    hostop, current = _lock(participant)
    if not hostop.is_open:
        raise HoStopError(_("This ho-stop has ended; your answer is no longer needed."))
    if answer not in (HoStopParticipant.Answer.CONSENT, HoStopParticipant.Answer.OBJECTION):
        raise HoStopError(_("Choose whether you consent or object."))
    reason = reason.strip()
    if answer == HoStopParticipant.Answer.OBJECTION and len(reason) < MIN_TEXT:
        raise HoStopError({"reason": _("Explain your objection in at least 10 characters.")})
    previous = current.answer
    current.answer, current.answer_reason, current.answered_at = answer, reason, timezone.now()
    current.save(update_fields=["answer", "answer_reason", "answered_at"])
    reminders_cancel(about=hostop, recipient_email=current.email)
    audit_log(
        actor=current.user,
        action=f"council.hostop.{answer}",
        obj=hostop.process,
        before={"answer": previous},
        after={"answer": answer},
        data={"hostop": hostop.pk, "role": current.role, "reason": reason},
        public=True,
    )
    pending = hostop.participants.exclude(answer=HoStopParticipant.Answer.CONSENT)
    if not pending.exists():
        _resume(hostop, actor=current.user)
    else:
        _invalidate(hostop)
    participant.__dict__.update(current.__dict__)
    return hostop


def _resume(hostop, *, actor):
    now = timezone.now()
    hostop.status, hostop.closed_at = HoStop.Status.RESUMED, now
    hostop.save(update_fields=["status", "closed_at"])
    _close(hostop, now, actor, "council.hostop.resumed", "council.hostop_resumed")


def _close(hostop, now, actor, action, kind):
    process = hostop.process
    reminders_release(about=process, now=now)
    reminders_cancel(about=hostop)
    audit_log(
        actor=actor,
        action=action,
        obj=process,
        data={"hostop": hostop.pk, "adjustment": hostop.adjustment},
        public=True,
    )
    for participant in hostop.participants.all():
        notify(kind=kind, recipient=_recipient(participant), about=hostop, context=_context(hostop))
    _invalidate(hostop)


@transaction.atomic
def hostop_withdraw(*, participant):
    """The raiser takes the card back: the process resumes without an adjustment."""
    hostop, current = _lock(participant)
    if not current.is_raiser:
        raise HoStopError(_("Only the person who raised the ho-stop can withdraw it."))
    if not hostop.is_open:
        raise HoStopError(_("This ho-stop has already ended."))
    now = timezone.now()
    hostop.status, hostop.closed_at = HoStop.Status.WITHDRAWN, now
    hostop.save(update_fields=["status", "closed_at"])
    _close(hostop, now, current.user, "council.hostop.withdrawn", "council.hostop_withdrawn")
    return hostop


@transaction.atomic
def hostop_participant_new_link(*, participant):
    """A fresh private link for `participant` (the reminder carries one; the old one stops)."""
    token, token_hash = tokens.new_with_digest()
    HoStopParticipant.objects.filter(pk=participant.pk).update(token_hash=token_hash)
    return hostop_path(token)


# --- A partner without an account raises a ho-stop -------------------------------------------------

PARTNER_LINK_MAX_AGE = datetime.timedelta(days=2)


def partner_hostop_request(*, process, label, email, reason, adjustment):
    """A partner of `process` asks to pause it: when `email` is the address the municipality
    knows a partner of this process by, they get a link to confirm (signed by its hash, used
    once, valid two days). Returns nothing either way: the page answers the same."""
    from .models import PartnerHoStopRequest

    process_type = process_type_for(process)
    box = mailbox(email)
    partners = [
        p
        for p in process_type.involved(process)
        if p.role == HoStopParticipant.Role.PARTNER and mailbox(p.email) == box
    ]
    if not partners:
        return
    token, token_hash = tokens.new_with_digest()
    PartnerHoStopRequest.objects.create(
        token_hash=token_hash,
        process_label=label,
        process_pk=str(process.pk),
        name=partners[0].name,
        email=email.strip().lower(),
        reason=reason,
        adjustment=adjustment,
    )
    notify(
        kind="council.hostop_partner_confirm",
        recipient=email.strip().lower(),
        about=process,
        context={
            "link": reverse("council:hostop_partner_confirm", args=[token]),
            "process": str(process_type.title(process)),
        },
    )


def partner_hostop_find(token):
    """The unused, unexpired request of `token`, or None."""
    from .models import PartnerHoStopRequest

    if not tokens.plausible(token):
        return None
    return PartnerHoStopRequest.objects.filter(
        token_hash=tokens.digest(token),
        used_at__isnull=True,
        created_at__gte=timezone.now() - PARTNER_LINK_MAX_AGE,
    ).first()


@transaction.atomic
def partner_hostop_confirm(*, found, process):
    """The partner pressed the button: the request is used (once, even from two tabs) and the
    process paused. False when it was used already; a refusal of the ho-stop leaves the link
    usable."""
    from .models import PartnerHoStopRequest

    claimed = PartnerHoStopRequest.objects.filter(pk=found.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        with transaction.atomic():
            hostop_raise(
                process=process,
                raiser=Involved(HoStopParticipant.Role.PARTNER, found.name, found.email),
                reason=found.reason,
                adjustment=found.adjustment,
            )
    except ValidationError:
        transaction.set_rollback(True)
        raise
    return True


# --- Spiegelend raadslid --------------------------------------------------------------------------

REFLECTION_DAYS = 3


class CouncilError(ValidationError):
    pass


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _member_recipient(member):
    return member.user or member.email


def _schedule_turn_reminders(turn):
    """A week and a day before the meeting; three days after it if nothing is logged."""
    from .models import Reflection

    reminders_cancel(about=turn)
    member, meeting = turn.member, turn.meeting
    if not (member.user_id or member.email):
        return
    now = timezone.now()
    for slot, days in (("7-days-before", 7), ("1-day-before", 1)):
        due = _at(meeting.date - datetime.timedelta(days=days))
        if due > now:
            reminder_schedule(
                kind="council.mirror_upcoming",
                recipient=_member_recipient(member),
                about=turn,
                due_at=due,
                slot=slot,
                context={"meeting": str(meeting), "days": days},
            )
    if not Reflection.objects.filter(turn=turn).exists():
        reminder_schedule(
            kind="council.reflection_due",
            recipient=_member_recipient(member),
            about=turn,
            due_at=_at(meeting.date + datetime.timedelta(days=REFLECTION_DAYS)),
            slot="reflection",
            context={"meeting": str(meeting)},
        )


@transaction.atomic
def rota_generate(*, actor, meetings):
    """Assign the spiegelend raadslid for each council meeting of `meetings` (in date order;
    committee meetings and cancelled ones are skipped) that has none:
    of the members serving on that date, the one whose last turn is longest ago (never is
    longest), never the same member twice in a row. Returns the new turns."""
    from .models import CouncilMember, Meeting, MirrorTurn

    meetings = sorted(
        (
            m
            for m in meetings
            if m.status != Meeting.Status.CANCELLED and m.kind == Meeting.Kind.COUNCIL
        ),
        key=lambda m: m.starts_at,
    )
    if not meetings:
        return []
    members = list(CouncilMember.objects.all())
    last_turn = {}
    for member_id, starts_at in MirrorTurn.objects.values_list("member_id", "meeting__starts_at"):
        last_turn[member_id] = max(last_turn.get(member_id, starts_at), starts_at)
    created = []
    for meeting in meetings:
        if MirrorTurn.objects.filter(meeting=meeting).exists():
            continue
        previous = (
            MirrorTurn.objects.filter(meeting__starts_at__lt=meeting.starts_at)
            .order_by("-meeting__starts_at")
            .values_list("member_id", flat=True)
            .first()
        )
        # An extra meeting can fall between two assigned ones: neighbours on both sides.
        following = (
            MirrorTurn.objects.filter(meeting__starts_at__gt=meeting.starts_at)
            .order_by("meeting__starts_at")
            .values_list("member_id", flat=True)
            .first()
        )
        candidates = [m for m in members if m.serves_on(meeting.date)]
        for neighbour in (previous, following):
            if len(candidates) > 1:
                candidates = [m for m in candidates if m.pk != neighbour]
        if not candidates:
            continue
        never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
        chosen = min(candidates, key=lambda m: (last_turn.get(m.pk, never), m.term_start, m.pk))
        turn = MirrorTurn.objects.create(meeting=meeting, member=chosen)
        last_turn[chosen.pk] = meeting.starts_at
        _schedule_turn_reminders(turn)
        audit_log(
            actor=actor,
            action="council.mirrorturn.assigned",
            obj=meeting,
            data={"member": chosen.name},
        )
        created.append(turn)
    pagecache.invalidate(COUNCIL_PAGES)
    return created


@transaction.atomic
def rota_swap(*, actor, turn, member, reason):
    """Another member takes this turn (recorded with the reason); reminders follow."""
    from .models import MirrorTurn

    current = MirrorTurn.objects.select_for_update().get(pk=turn.pk)
    if not reason.strip():
        raise CouncilError({"reason": _("Give the reason for the swap.")})
    if not member.serves_on(current.meeting.date):
        raise CouncilError(_("This member is not on the council on the date of the meeting."))
    if hasattr(current, "reflection"):
        raise CouncilError(_("The reflection of this turn is already logged."))
    before = current.member
    current.swapped_from, current.member, current.swap_reason = before, member, reason.strip()
    current.save(update_fields=["swapped_from", "member", "swap_reason"])
    _schedule_turn_reminders(current)
    audit_log(
        actor=actor,
        action="council.mirrorturn.swapped",
        obj=current.meeting,
        before={"member": before.name},
        after={"member": member.name},
        data={"reason": reason},
    )
    pagecache.invalidate(COUNCIL_PAGES)
    return current


COUNCIL_PAGES = "council"


@transaction.atomic
def reflection_save(*, member, turn, text, values, decisions, publish):
    """The spiegelend raadslid logs (or corrects) their reflection: free text, a reflection
    per relevant core value ({core_value: text}), the decisions of the evening."""
    from .models import MirrorTurn, Reflection, ReflectionValue

    current = MirrorTurn.objects.select_for_update().select_related("meeting").get(pk=turn.pk)
    if not rules.member_may_reflect(member, current):
        if current.member_id != member.pk:
            raise CouncilError(
                _("Only the spiegelend raadslid of this meeting logs its reflection.")
            )
        raise CouncilError(_("The reflection is logged after the meeting."))
    if len(text.strip()) < 20:
        raise CouncilError({"text": _("Write your reflection in at least 20 characters.")})
    if any(d.meeting_id != current.meeting_id for d in decisions):
        raise CouncilError(_("Link only decisions of this meeting."))
    reflection = Reflection.objects.filter(turn=current).first() or Reflection(turn=current)
    is_new = reflection.pk is None
    reflection.text = text.strip()
    if publish and not reflection.is_published:
        reflection.is_published, reflection.published_at = True, timezone.now()
    reflection.save()
    reflection.decisions.set(decisions)
    reflection.values.all().delete()
    ReflectionValue.objects.bulk_create(
        ReflectionValue(reflection=reflection, core_value=value, text=body.strip())
        for value, body in values.items()
        if body.strip()
    )
    reminders_cancel(about=current, kind="council.reflection_due")
    audit_log(
        actor=member.user,
        action=f"council.reflection.{'logged' if is_new else 'changed'}",
        obj=current.meeting,
        data={"published": reflection.is_published},
    )
    pagecache.invalidate(COUNCIL_PAGES)
    return reflection


@transaction.atomic
def scores_save(*, member, decision, scores):
    """A council member scores a decision on the core values: {core_value: (score, text)}.
    Only their own scores; a second save replaces them."""
    from .models import ValueScore

    if not rules.member_may_score(member, decision):
        raise CouncilError(_("Only council members score decisions."))
    for value, (score, explanation) in scores.items():
        ValueScore.objects.update_or_create(
            decision=decision,
            member=member,
            core_value=value,
            defaults={
                "score": score,
                "explanation": explanation.strip(),
                "scored_at": timezone.now(),
            },
        )
    audit_log(
        actor=member.user,
        action="council.decision.scored",
        obj=decision,
        data={str(v.pk): s for v, (s, _e) in scores.items()},
    )
    pagecache.invalidate(COUNCIL_PAGES)


# --- Sortition ------------------------------------------------------------------------------------


def sortition_path(name, token, language=None):
    with translation.override(language or translation.get_language()):
        return reverse(name, args=[token])


@transaction.atomic
def sortition_create(*, actor, sortition):
    """A new sortition with its secret seed; the commitment (its hash) is public at once."""
    from .sortition import commitment

    sortition.seed = secrets.token_hex(32)
    sortition.seed_commitment = commitment(sortition.seed)
    sortition.full_clean()
    sortition.save()
    audit_log(
        actor=actor,
        action="council.sortition.created",
        obj=sortition,
        data={"commitment": sortition.seed_commitment, "panel_size": sortition.panel_size},
        public=True,
    )
    pagecache.invalidate(COUNCIL_PAGES)
    return sortition


@transaction.atomic
def volunteer_register(*, sortition, data):
    """Register a resident as a volunteer; they count once they confirm their address. The
    same answer for a known address (nothing is registered twice)."""
    from .models import Volunteer

    if not sortition.is_open:
        raise CouncilError(_("Registration for this sortition is closed."))
    email = data["email"].strip().lower()
    if Volunteer.objects.filter(sortition=sortition, mailbox=mailbox(email)).exists():
        return None
    token, token_hash = tokens.new_with_digest()
    try:
        with transaction.atomic():  # a parallel request with the same address won the race
            volunteer = Volunteer.objects.create(
                sortition=sortition, token_hash=token_hash, **{**data, "email": email}
            )
    except IntegrityError:
        return None
    notify(
        kind="council.volunteer_confirm",
        recipient=email,
        about=volunteer,
        context={
            "link": sortition_path("council:volunteer", token),
            "topic": sortition.title,
        },
    )
    return volunteer


def volunteer_by_token(token):
    from .models import Volunteer

    if not tokens.plausible(token):
        return None
    return (
        Volunteer.objects.select_related("sortition", "neighbourhood")
        .filter(token_hash=tokens.digest(token))
        .first()
    )


@transaction.atomic
def volunteer_confirm(*, volunteer):
    from .models import Volunteer

    current = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if current.confirmed_at is None and current.sortition.is_open:
        current.confirmed_at = timezone.now()
        current.save(update_fields=["confirmed_at"])
    return current


def published_data(sortition):
    """What is published after registration closes: the volunteers who confirmed, by number,
    neighbourhood and age band only, in the order of their numbers."""
    from .models import Volunteer

    volunteers = (
        Volunteer.objects.filter(sortition=sortition, confirmed_at__isnull=False)
        .select_related("neighbourhood")
        .order_by("pk")
    )
    return [
        {"number": v.pk, "neighbourhood": v.neighbourhood.slug, "age_band": v.age_band}
        for v in volunteers
    ]


def _invite(volunteer):
    token, token_hash = tokens.new_with_digest()
    volunteer.token_hash = token_hash
    volunteer.save(update_fields=["token_hash", "status"])
    notify(
        kind="council.volunteer_drawn",
        recipient=volunteer.email,
        about=volunteer,
        context={
            "link": sortition_path("council:volunteer", token),
            "topic": volunteer.sortition.title,
        },
    )


@transaction.atomic
def sortition_draw(*, actor, sortition, now=None):
    """Close registration, draw the panel with the committed seed, reveal the seed, invite
    those drawn. Only once."""
    from .models import Sortition, Volunteer
    from .sortition import draw

    current = Sortition.objects.select_for_update().get(pk=sortition.pk)
    now = now or timezone.now()
    if current.status != Sortition.Status.OPEN:
        raise CouncilError(_("This sortition has already been drawn."))
    if now < current.registration_closes:
        raise CouncilError(_("Registration is still open; draw after it closes."))
    data = published_data(current)
    panel, reserves = draw(data, current.seed, current.panel_size)
    reserve_numbers = {n for numbers in reserves.values() for n in numbers}
    for volunteer in Volunteer.objects.filter(pk__in=panel).select_related("sortition"):
        volunteer.status = Volunteer.Status.SELECTED
        _invite(volunteer)
    Volunteer.objects.filter(pk__in=reserve_numbers).update(status=Volunteer.Status.RESERVE)
    current.status, current.drawn_at = Sortition.Status.DRAWN, now
    current.save(update_fields=["status", "drawn_at"])
    audit_log(
        actor=actor,
        action="council.sortition.drawn",
        obj=current,
        data={"seed": current.seed, "panel": panel, "volunteers": len(data)},
        public=True,
    )
    pagecache.invalidate(COUNCIL_PAGES)
    return panel


@transaction.atomic
def volunteer_answer(*, volunteer, accept):
    """A drawn volunteer takes part or declines; a decline invites the next reserve of the
    same stratum (the same ranking as the draw)."""
    from .models import Volunteer
    from .sortition import _rank

    current = (
        Volunteer.objects.select_for_update()
        .select_related("sortition", "neighbourhood")
        .get(pk=volunteer.pk)
    )
    if current.status not in (Volunteer.Status.SELECTED, Volunteer.Status.ACCEPTED):
        raise CouncilError(_("You were not drawn for this panel."))
    if accept:
        current.status = Volunteer.Status.ACCEPTED
        current.save(update_fields=["status"])
        return None
    current.status = Volunteer.Status.DECLINED
    current.save(update_fields=["status"])
    seed = current.sortition.seed
    candidates = Volunteer.objects.select_for_update().filter(
        sortition=current.sortition,
        status=Volunteer.Status.RESERVE,
        neighbourhood=current.neighbourhood,
        age_band=current.age_band,
    )
    reserve = min(candidates, key=lambda v: _rank(seed, v.pk), default=None)
    if reserve is not None:
        reserve.status = Volunteer.Status.SELECTED
        _invite(reserve)
    audit_log(
        actor=None,
        action="council.sortition.declined",
        obj=current.sortition,
        data={"number": current.pk, "reserve": reserve.pk if reserve else None},
        public=True,
    )
    pagecache.invalidate(COUNCIL_PAGES)
    return reserve


# --- Manifest -------------------------------------------------------------------------------------


@transaction.atomic
def manifest_sign(*, manifest, name, email, organisation="", show_publicly=False):
    """Sign the manifest; it counts once the address is confirmed. Once per address; the same
    answer whether or not the address signed before."""
    from .models import Signature

    email = email.strip().lower()
    if Signature.objects.filter(manifest=manifest, mailbox=mailbox(email)).exists():
        return None
    token, token_hash = tokens.new_with_digest()
    try:
        with transaction.atomic():  # a parallel request with the same address won the race
            signature = Signature.objects.create(
                manifest=manifest,
                name=name.strip(),
                organisation=organisation.strip(),
                email=email,
                show_publicly=show_publicly,
                token_hash=token_hash,
            )
    except IntegrityError:
        return None
    notify(
        kind="council.signature_confirm",
        recipient=signature.email,
        about=signature,
        context={"link": sortition_path("council:signature", token), "title": manifest.title},
    )
    return signature


@transaction.atomic
def signature_confirm(*, token):
    from .models import Signature

    if not tokens.plausible(token):
        return None
    signature = (
        Signature.objects.select_for_update().filter(token_hash=tokens.digest(token)).first()
    )
    if signature is None:
        return None
    if signature.confirmed_at is None:
        signature.confirmed_at = timezone.now()
        signature.save(update_fields=["confirmed_at"])
        pagecache.invalidate(COUNCIL_PAGES)
    return signature


# --- Guest of the council and council conferences -------------------------------------------------


def _signup_mail(signup, token, kind):
    notify(
        kind=kind,
        recipient=signup.email,
        about=signup,
        context={
            "link": sortition_path("council:signup", token),
            "event": signup.event.title,
            "starts": timezone.localtime(signup.event.starts_at).strftime("%d-%m-%Y %H:%M"),
        },
    )


def _remind_signup(signup):
    due = signup.event.starts_at - datetime.timedelta(days=1)
    if due > timezone.now():
        reminder_schedule(
            kind="council.event_tomorrow",
            recipient=signup.email,
            about=signup,
            due_at=due,
            slot="day-before",
            context={"event": signup.event.title, "location": signup.event.location},
        )


@transaction.atomic
def event_signup(*, event, name, email):
    """Sign up: the e-mail asks to confirm the address, and only the confirmation gives a place
    or a spot on the waiting list, so made-up addresses take no places. Once per mailbox (plus
    tags and Gmail dots are one person); the same answer whether or not the address signed up
    before."""
    from .models import EventSignup

    if event.starts_at <= timezone.now():
        raise CouncilError(_("This event has already taken place."))
    email = email.strip()
    if EventSignup.objects.filter(event=event, mailbox=mailbox(email)).exists():
        return None
    token, token_hash = tokens.new_with_digest()
    try:
        with transaction.atomic():  # a parallel request with the same mailbox won the race
            signup = EventSignup.objects.create(
                event=event,
                name=name.strip(),
                email=email,
                status=EventSignup.Status.PENDING,
                token_hash=token_hash,
            )
    except IntegrityError:
        return None
    _signup_mail(signup, token, "council.event_confirm")
    return signup


@transaction.atomic
def event_confirm(*, token):
    """The address is confirmed (a button on the page the e-mail links to): a place if one is
    free, else the waiting list, in order of confirmation. The event's row is locked, so
    parallel confirmations never take more places than there are. Confirming twice changes
    nothing."""
    from .models import CouncilEvent, EventSignup

    if not tokens.plausible(token):
        return None
    signup = (
        EventSignup.objects.select_related("event").filter(token_hash=tokens.digest(token)).first()
    )
    if signup is None:
        return None
    event = CouncilEvent.objects.select_for_update().get(pk=signup.event_id)
    current = EventSignup.objects.select_for_update().select_related("event").get(pk=signup.pk)
    if current.status != EventSignup.Status.PENDING:
        return current
    if event.starts_at <= timezone.now():
        raise CouncilError(_("This event has already taken place."))
    taken = event.signups.filter(status=EventSignup.Status.CONFIRMED).count()
    has_place = taken < event.places
    current.status = EventSignup.Status.CONFIRMED if has_place else EventSignup.Status.WAITING
    current.confirmed_at = timezone.now()  # the waiting list runs in order of confirmation
    current.save(update_fields=["status", "confirmed_at"])
    _signup_mail(current, token, "council.event_place" if has_place else "council.event_waiting")
    if has_place:
        _remind_signup(current)
    pagecache.invalidate(COUNCIL_PAGES)
    return current


@transaction.atomic
def event_cancel(*, signup):
    """Give the place back: the first on the waiting list gets it and is told."""
    from .models import CouncilEvent, EventSignup

    event = CouncilEvent.objects.select_for_update().get(pk=signup.event_id)
    current = EventSignup.objects.select_for_update().get(pk=signup.pk)
    if current.status == EventSignup.Status.CANCELLED:
        return None
    had_place = current.status == EventSignup.Status.CONFIRMED
    current.status = EventSignup.Status.CANCELLED
    current.save(update_fields=["status"])
    reminders_cancel(about=current)
    promoted = None
    if had_place:
        promoted = (
            event.signups.filter(status=EventSignup.Status.WAITING)
            .order_by("confirmed_at", "pk")
            .first()
        )
        if promoted is not None:
            token, token_hash = tokens.new_with_digest()
            promoted.status, promoted.token_hash = EventSignup.Status.CONFIRMED, token_hash
            promoted.save(update_fields=["status", "token_hash"])
            _signup_mail(promoted, token, "council.event_place")
            _remind_signup(promoted)
    pagecache.invalidate(COUNCIL_PAGES)
    return promoted
