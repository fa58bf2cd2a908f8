import datetime
import re

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from leusden_portal.accounts.roles import GROUP_NAMES, PROGRAMMATEAM, RAADSLID
from leusden_portal.core import pagecache, tokens
from leusden_portal.core.pagecache import cache_public_page

from . import rules, selectors, services
from .forms import (
    EventSignupForm,
    HoStopAnswerForm,
    HoStopRaiseForm,
    PartnerHoStopForm,
    ReflectionForm,
    ScoreForm,
    SignatureForm,
    VolunteerForm,
)
from .models import (
    CoreValue,
    CouncilEvent,
    CouncilMember,
    Decision,
    EventSignup,
    HoStopParticipant,
    Manifest,
    Meeting,
    MirrorTurn,
    NeighbourhoodCouncil,
    Signature,
    Sortition,
    Volunteer,
)
from .processes import Involved, process_type_for


def _hostop_page(request, participant, form=None, status=200):
    hostop = participant.hostop
    context = {
        "participant": participant,
        "hostop": hostop,
        "hostop_list": [hostop],
        "process_path": process_type_for(hostop.process).public_path(hostop.process),
        "form": form or HoStopAnswerForm(),
    }
    return tokens.private(render(request, "council/hostop.html", context, status=status))


def _handle_answer(request, participant):
    if "withdraw" in request.POST:
        try:
            services.hostop_withdraw(participant=participant)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("You withdrew the ho-stop; the process resumes."))
        return redirect(request.path)
    form = HoStopAnswerForm(request.POST)
    if form.is_valid():
        try:
            hostop = services.hostop_answer(
                participant=participant,
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            if hostop.is_open:
                messages.success(request, _("Thank you, your answer is recorded."))
            else:
                messages.success(request, _("Thank you. Everyone consented: the process resumes."))
            return redirect(request.path)
    return _hostop_page(request, participant, form=form, status=400)


@never_cache
def hostop_by_token(request, token):
    """The private link in the e-mail: see the card and its course, answer or withdraw."""
    participant = selectors.participant_by_token(token)
    if participant is None:
        return tokens.private(render(request, "council/hostop_invalid.html", status=404))
    if request.method == "POST":
        return _handle_answer(request, participant)
    return _hostop_page(request, participant)


@login_required
@never_cache
def hostop_mine(request, pk):
    """The same page for someone with an account, from their own overview."""
    participant = get_object_or_404(
        HoStopParticipant.objects.select_related("hostop"), pk=pk, user=request.user
    )
    if request.method == "POST":
        return _handle_answer(request, participant)
    return _hostop_page(request, participant)


def _raiser_role(user):
    groups = set(user.groups.values_list("name", flat=True))
    if GROUP_NAMES[RAADSLID] in groups:
        return HoStopParticipant.Role.COUNCIL_MEMBER
    if GROUP_NAMES[PROGRAMMATEAM] in groups:
        return HoStopParticipant.Role.PROGRAM_TEAM
    return HoStopParticipant.Role.CIVIL_SERVANT


@login_required
def hostop_raise(request, label, pk):
    """A council member, civil servant or program team member pauses a process."""
    if not request.user.has_perm("council.add_hostop"):
        raise PermissionDenied
    try:
        model = apps.get_model(label)
        process_type = process_type_for(model())
    except (LookupError, ValueError):
        raise Http404 from None
    try:
        process = get_object_or_404(model, pk=pk)
    except (ValueError, ValidationError):  # not a key of this kind of process
        raise Http404 from None
    if not process_type.visible_to(process, request.user):
        raise Http404  # as if it did not exist: its title is not for this user
    form = HoStopRaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        try:
            hostop = services.hostop_raise(
                process=process,
                raiser=Involved(_raiser_role(user), user.full_name or user.email, user.email, user),
                reason=form.cleaned_data["reason"],
                adjustment=form.cleaned_data["adjustment"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("The process is paused. Everyone involved is asked to consent.")
            )
            mine = hostop.participants.get(is_raiser=True)
            return redirect("council:hostop_mine", pk=mine.pk)
    context = {"form": form, "process_title": process_type.title(process)}
    return render(request, "council/hostop_raise.html", context, status=400 if form.errors else 200)


# --- Council: public pages ------------------------------------------------------------------------


@cache_public_page(services.COUNCIL_PAGES, params=("page",))
def meeting_list(request):
    meetings = pagecache.paginate(request, Paginator(selectors.meetings_public(), 25))
    context = {
        "page": meetings,
        "sortitions": Sortition.objects.order_by("-created_at")[:5],
        "manifests": Manifest.objects.filter(is_published=True),
        "wijkraden": NeighbourhoodCouncil.objects.all(),
        "events": CouncilEvent.objects.filter(starts_at__gte=timezone.now()).order_by("starts_at")[
            :5
        ],
    }
    return render(request, "council/meeting_list.html", context)


@cache_public_page(services.COUNCIL_PAGES)
def meeting_detail(request, pk):
    meeting = selectors.meeting_detail(pk)
    if meeting is None:
        raise Http404
    return render(request, "council/meeting_detail.html", {"meeting": meeting})


@cache_public_page(services.COUNCIL_PAGES)
def decision_detail(request, pk):
    decision = get_object_or_404(Decision.objects.select_related("meeting", "agenda_item"), pk=pk)
    context = {"decision": decision, "spread": selectors.decision_spread(decision)}
    return render(request, "council/decision_detail.html", context)


@cache_public_page(services.COUNCIL_PAGES, params=("page",))
def reflection_archive(request):
    reflections = pagecache.paginate(request, Paginator(selectors.published_reflections(), 20))
    members = CouncilMember.objects.filter(turns__reflection__is_published=True).distinct()
    return render(request, "council/reflections.html", {"page": reflections, "members": members})


@cache_public_page(services.COUNCIL_PAGES)
def member_detail(request, pk):
    member = get_object_or_404(CouncilMember, pk=pk)
    context = {"member": member, "reflections": selectors.published_reflections(member)}
    return render(request, "council/member.html", context)


@cache_public_page(services.COUNCIL_PAGES)
def core_values_dashboard(request):
    quarters, rows = selectors.core_values_over_time()
    return render(
        request,
        "council/core_values.html",
        {"quarters": quarters, "rows": rows, "core_values": CoreValue.objects.all()},
    )


def _ics_text(value):
    """RFC 5545 TEXT: backslash, semicolon and comma escaped, every line break (CRLF, LF or a
    lone CR) as \\n, and no other control character (a CR or NUL would end the line and let
    a title start a property or an event of its own)."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or not _CONTROL.match(c))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]")


def _fold(line):
    """RFC 5545: lines of at most 75 octets, continued with a space."""
    data = line.encode()
    parts = []
    while len(data) > 75:
        cut = 75 if not parts else 74
        while (data[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
    parts.append(data)
    return b"\r\n ".join(parts).decode()


@cache_public_page(services.COUNCIL_PAGES)
def meetings_ical(request):
    """The council meetings as an iCalendar feed (RFC 5545)."""
    host = request.get_host().split(":")[0]
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Samenleving Voorop//Gemeenteraad//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _ics_text(_("Council meetings")),
    ]
    for meeting in Meeting.objects.order_by("starts_at"):
        start = meeting.starts_at.astimezone(datetime.UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{start + datetime.timedelta(hours=3):%Y%m%dT%H%M%SZ}",
            "SUMMARY:" + _ics_text(meeting.title),
            "LOCATION:" + _ics_text(meeting.location),
            "URL:" + request.build_absolute_uri(meeting.get_absolute_url()),
            "STATUS:"
            + ("CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED"),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    body = "\r\n".join(_fold(line) for line in lines) + "\r\n"
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# --- Council: pages for council members ----------------------------------------------------------


def _member_or_403(request):
    member = selectors.member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


@login_required
def mine(request):
    member = selectors.member_of(request.user)
    if member is None:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    context = {
        "member": member,
        "next_turn": selectors.next_turn(member),
        "turns": selectors.turns_to_reflect(member)[:10],
        "awaiting": selectors.decisions_awaiting(member),
        "hostops": selectors.hostops_awaiting(request.user),
    }
    return render(request, "council/mine.html", context)


@login_required
def reflection_edit(request, meeting_pk):
    member = _member_or_403(request)
    turn = get_object_or_404(
        MirrorTurn.objects.select_related("meeting", "member"), meeting_id=meeting_pk
    )
    if not rules.can_edit_reflection(request.user, turn):
        if turn.member_id == member.pk:  # their own coming turn: nothing to log yet
            return render(request, "council/reflection_edit.html", {"turn": turn, "early": True})
        raise PermissionDenied  # another member's turn: theirs to write
    reflection = getattr(turn, "reflection", None)
    decisions = Decision.objects.filter(meeting=turn.meeting)
    core_values = list(CoreValue.objects.all())
    initial = {}
    if reflection:
        initial = {
            "text": reflection.text,
            "decisions": list(reflection.decisions.all()),
            **{f"value_{v.core_value_id}": v.text for v in reflection.values.all()},
        }
    published = bool(reflection and reflection.is_published)
    form = ReflectionForm(
        request.POST or None,
        initial=initial,
        core_values=core_values,
        decisions=decisions,
        published=published,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_save(
                member=member,
                turn=turn,
                text=form.cleaned_data["text"],
                values=form.values(),
                decisions=list(form.cleaned_data["decisions"]),
                publish=bool(request.POST.get("publish")),  # the button "Publiceren"
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if request.POST.get("publish"):
                messages.success(request, _("Your reflection is published."))
            else:
                messages.success(
                    request,
                    _("Your reflection is saved as a draft. Only you see it until you publish it."),
                )
            return redirect("council:mine")
    status = 400 if form.errors else 200
    return render(
        request,
        "council/reflection_edit.html",
        {"form": form, "turn": turn, "reflection": reflection},
        status=status,
    )


@login_required
def decision_score(request, pk):
    member = _member_or_403(request)
    decision = get_object_or_404(Decision.objects.select_related("meeting"), pk=pk)
    if not rules.can_score(request.user, decision):
        raise PermissionDenied
    core_values = list(CoreValue.objects.all())
    mine_now = {s.core_value_id: s for s in decision.scores.filter(member=member)}
    initial = {}
    for value_id, score in mine_now.items():
        initial[f"score_{value_id}"] = score.score
        initial[f"why_{value_id}"] = score.explanation
    form = ScoreForm(request.POST or None, initial=initial, core_values=core_values)
    if request.method == "POST" and form.is_valid():
        services.scores_save(member=member, decision=decision, scores=form.scores())
        messages.success(request, _("Your core-value check is saved."))
        return redirect("council:decision", pk=decision.pk)
    status = 400 if form.errors else 200
    return render(
        request, "council/decision_score.html", {"form": form, "decision": decision}, status=status
    )


# --- Sortition ------------------------------------------------------------------------------------


@cache_public_page(services.COUNCIL_PAGES)
def sortition_detail(request, slug):
    sortition = get_object_or_404(Sortition, slug=slug)
    context = {"sortition": sortition}
    if sortition.status == Sortition.Status.DRAWN:
        context["panel"] = list(
            sortition.volunteers.filter(
                status__in=[Volunteer.Status.SELECTED, Volunteer.Status.ACCEPTED]
            ).values_list("pk", flat=True)
        )
        context["confirmed"] = sortition.volunteers.filter(confirmed_at__isnull=False).count()
    return render(request, "council/sortition.html", context)


@cache_public_page(services.COUNCIL_PAGES)
def sortition_data(request, slug):
    """The published data: anyone re-runs the draw with it (council/sortition.py)."""
    sortition = get_object_or_404(Sortition, slug=slug)
    data = {
        "sortition": sortition.title,
        "panel_size": sortition.panel_size,
        "commitment": sortition.seed_commitment,
        "registration_closes": sortition.registration_closes.isoformat(),
        "algorithm": request.build_absolute_uri(reverse("council:sortition", args=[slug])),
    }
    if sortition.status == Sortition.Status.DRAWN:
        from .sortition import draw

        volunteers = services.published_data(sortition)
        panel, _reserves = draw(volunteers, sortition.seed, sortition.panel_size)
        data.update({"seed": sortition.seed, "volunteers": volunteers, "panel": panel})
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def sortition_register(request, slug):
    sortition = get_object_or_404(Sortition, slug=slug)
    if not sortition.is_open:
        return render(
            request, "council/sortition_register.html", {"sortition": sortition, "closed": True}
        )
    form = VolunteerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "consent"}
        try:
            services.volunteer_register(sortition=sortition, data=data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return render(
                request, "council/sortition_register.html", {"sortition": sortition, "sent": True}
            )
    status = 400 if form.errors else 200
    return render(
        request,
        "council/sortition_register.html",
        {"sortition": sortition, "form": form},
        status=status,
    )


@never_cache
def volunteer_link(request, token):
    """From the e-mail: confirm the registration, or answer the invitation after the draw."""
    volunteer = services.volunteer_by_token(token)
    if volunteer is None:
        return tokens.private(render(request, "council/hostop_invalid.html", status=404))
    if request.method == "POST":
        try:
            if "confirm" in request.POST:
                services.volunteer_confirm(volunteer=volunteer)
                messages.success(request, _("Thank you: you take part in the draw."))
            elif "accept" in request.POST or "decline" in request.POST:
                services.volunteer_answer(volunteer=volunteer, accept="accept" in request.POST)
                messages.success(request, _("Thank you for your answer."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(request.path)
    volunteer.refresh_from_db()
    return tokens.private(render(request, "council/volunteer.html", {"volunteer": volunteer}))


# --- Manifest -------------------------------------------------------------------------------------


def _published_manifest(slug):
    return get_object_or_404(Manifest, slug=slug, is_published=True)


@cache_public_page(services.COUNCIL_PAGES)
def manifest(request, slug):
    manifest = _published_manifest(slug)
    confirmed = manifest.signatures.filter(confirmed_at__isnull=False)
    context = {
        "manifest": manifest,
        "count": confirmed.count(),
        "shown": confirmed.filter(show_publicly=True).only("name", "organisation"),
    }
    return render(request, "council/manifest.html", context)


def manifest_sign(request, slug):
    manifest = _published_manifest(slug)
    form = SignatureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.manifest_sign(manifest=manifest, **form.cleaned_data)
        return render(request, "council/manifest_sign.html", {"manifest": manifest, "sent": True})
    status = 400 if form.errors else 200
    return render(
        request, "council/manifest_sign.html", {"manifest": manifest, "form": form}, status=status
    )


@never_cache
def signature_link(request, token):
    """From the e-mail: a button confirms (a mail scanner opening the link confirms nothing)."""
    signature = (
        Signature.objects.select_related("manifest").filter(token_hash=tokens.digest(token)).first()
        if tokens.plausible(token)
        else None
    )
    if signature is None:
        return tokens.private(render(request, "council/hostop_invalid.html", status=404))
    if request.method == "POST":
        services.signature_confirm(token=token)
        messages.success(request, _("Thank you: your signature counts."))
        return redirect(signature.manifest.get_absolute_url())
    return tokens.private(render(request, "council/signature.html", {"signature": signature}))


# --- Guest of the council and council conferences -------------------------------------------------


@cache_public_page(services.COUNCIL_PAGES)
def event_detail(request, slug):
    event = get_object_or_404(CouncilEvent.objects.select_related("host"), slug=slug)
    taken = event.signups.filter(status=EventSignup.Status.CONFIRMED).count()
    context = {
        "event": event,
        "places_left": max(0, event.places - taken),
        "is_past": event.starts_at <= timezone.now(),
    }
    return render(request, "council/event.html", context)


def event_signup(request, slug):
    event = get_object_or_404(CouncilEvent, slug=slug)
    form = EventSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_signup(event=event, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return render(request, "council/event_signup.html", {"event": event, "sent": True})
    status = 400 if form.errors else 200
    return render(
        request, "council/event_signup.html", {"event": event, "form": form}, status=status
    )


@never_cache
def signup_link(request, token):
    signup = (
        EventSignup.objects.select_related("event").filter(token_hash=tokens.digest(token)).first()
        if tokens.plausible(token)
        else None
    )
    if signup is None:
        return tokens.private(render(request, "council/hostop_invalid.html", status=404))
    if request.method == "POST" and "confirm" in request.POST:
        # A button confirms, not the link: a mail scanner opening it takes no place.
        try:
            signup = services.event_confirm(token=token)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if signup.status == EventSignup.Status.CONFIRMED:
                messages.success(request, _("Thank you: you have a place. We have e-mailed you."))
            else:
                messages.success(
                    request, _("Thank you: you are on the waiting list. We have e-mailed you.")
                )
        return redirect(request.path)
    if request.method == "POST" and "cancel" in request.POST:
        services.event_cancel(signup=signup)
        messages.success(request, _("You have signed off. Thank you for letting us know."))
        return redirect(signup.event.get_absolute_url())
    return tokens.private(render(request, "council/signup.html", {"signup": signup}))


# --- A partner raises a ho-stop -------------------------------------------------------------------


def hostop_partner(request, label, pk):
    """A partner of a process (who has no account) raises a ho-stop: they give the address the
    municipality knows them by, and confirm from the e-mail. The answer is the same whether
    or not the address belongs to a partner of this process."""
    try:
        model = apps.get_model(label)
        process_type = process_type_for(model())
    except (LookupError, ValueError):
        raise Http404 from None
    try:
        process = get_object_or_404(model, pk=pk)
    except (ValueError, ValidationError):  # not a key of this kind of process
        raise Http404 from None
    # Only a process with a public page: the form would show the title (and so the existence)
    # of an initiative that is not published to anyone who tries its number.
    if not process_type.public_path(process):
        raise Http404
    form = PartnerHoStopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.partner_hostop_request(process=process, label=label, **form.cleaned_data)
        context = {"process_title": process_type.title(process), "sent": True}
        return render(request, "council/hostop_partner.html", context)
    context = {"form": form, "process_title": process_type.title(process)}
    return render(
        request, "council/hostop_partner.html", context, status=400 if form.errors else 200
    )


@never_cache
def hostop_partner_confirm(request, payload):
    """The partner's link: see what they wrote and pause the process, once, within two days."""
    found = services.partner_hostop_find(payload)
    if not found:
        return tokens.private(render(request, "council/hostop_invalid.html", status=404))
    try:
        model = apps.get_model(found.process_label)
    except LookupError:
        raise Http404 from None
    process = get_object_or_404(model, pk=found.process_pk)
    process_type = process_type_for(process)
    if request.method == "POST":
        try:
            claimed = services.partner_hostop_confirm(found=found, process=process)
        except ValidationError as error:
            messages.error(request, error.messages[0])  # the link stays usable
            return redirect(request.path)
        if not claimed:  # a second press, or another tab, was first
            return tokens.private(render(request, "council/hostop_invalid.html", status=404))
        messages.success(
            request, _("The process is paused. Everyone involved is asked to consent.")
        )
        return redirect(process_type.public_path(process) or "home")
    context = {"data": found, "process_title": process_type.title(process)}
    return tokens.private(render(request, "council/hostop_partner_confirm.html", context))


# --- Wijkraad -------------------------------------------------------------------------------------


@cache_public_page(services.COUNCIL_PAGES, "initiatives")
def wijkraad(request, slug):
    from initiatives.selectors import public_initiatives

    body = get_object_or_404(
        NeighbourhoodCouncil.objects.select_related("neighbourhood").prefetch_related(
            "members", "meetings"
        ),
        slug=slug,
    )
    today = timezone.localdate()
    context = {
        "wijkraad": body,
        "members": [m for m in body.members.all() if m.until is None or m.until >= today],
        "initiatives": list(
            public_initiatives()
            .filter(neighbourhood=body.neighbourhood)
            .order_by("-submitted_at")[:20]
        ),
    }
    return render(request, "council/wijkraad.html", context)
