from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from leusden_portal.accounts.roles import GROUP_NAMES, PROGRAMMATEAM, RAADSLID

from . import selectors, services
from .forms import HoStopAnswerForm, HoStopRaiseForm
from .models import HoStopParticipant
from .processes import Involved, process_type_for


def _private(response):
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _hostop_page(request, participant, form=None, status=200):
    hostop = participant.hostop
    context = {
        "participant": participant,
        "hostop": hostop,
        "hostop_list": [hostop],
        "process_path": process_type_for(hostop.process).public_path(hostop.process),
        "form": form or HoStopAnswerForm(),
    }
    return _private(render(request, "council/hostop.html", context, status=status))


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
        return _private(render(request, "council/hostop_invalid.html", status=404))
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
    process = get_object_or_404(model, pk=pk)
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
