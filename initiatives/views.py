import copy
import logging
import re
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import FileResponse, Http404, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from council import services as hostop_services
from council.forms import HoStopRaiseForm
from council.models import HoStopParticipant
from council.processes import Involved
from council.selectors import hostops_of
from leusden_portal.core import pagecache, tokens
from leusden_portal.core.models import Neighbourhood, Theme
from leusden_portal.core.pagecache import cache_public_page
from leusden_portal.core.throttle import replies_exceeded, too_many

from . import selectors, services
from .forms import (
    BallotForm,
    BallotRequestForm,
    ChallengeBidForm,
    InitiativeForm,
    NewLinkForm,
    ReplyForm,
    SupportForm,
    WithdrawForm,
)
from .models import Attachment, HeldUpload, Initiative, Kind, NeighbourhoodBudget, Status

RATE_WINDOW = 3600


def _client_ip(request):
    from leusden_portal.core.throttle import client_ip

    return client_ip(request)


def _rate_limited(request, email):
    """Too many submissions in the last hour from this address or this e-mail address?"""
    limit = settings.INITIATIVES_SUBMISSIONS_PER_HOUR
    since = timezone.now() - timezone.timedelta(seconds=RATE_WINDOW)
    if selectors.submissions_by_address(email, since).count() >= limit:
        return True
    key = f"initiatives:submit-ip:{_client_ip(request)}"
    try:
        count = cache.get(key, 0)
    except Exception:  # no cache: the per-address limit above still holds
        return False
    return count >= settings.INITIATIVES_SUBMISSIONS_PER_IP_PER_HOUR


def _form_key(data):
    """The submission key of a posted loket form, or None when it is not a valid one."""
    try:
        return uuid.UUID(data.get("submission_key", ""))
    except (TypeError, ValueError, AttributeError):
        return None


def _count_submission(request):
    key = f"initiatives:submit-ip:{_client_ip(request)}"
    try:
        if not cache.add(key, 1, RATE_WINDOW):
            cache.incr(key)
    except Exception:  # noqa: S110 (the cache is an extra; the database limit remains)
        pass


# The empty form page is built once for every anonymous visitor, with two slots filled in
# per request: the form token (CSRF) and the submission key. Rendering the form costs ~20 times
# a bare request; the filled-in copy costs little more than one.
CSRF_SLOT = "csrf-token-slot"
KEY_SLOT = "00000000-0000-4000-8000-000000000000"
CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
logger = logging.getLogger(__name__)


class SlotsMissing(Exception):
    pass


class SubmitView(View):
    template_name = "initiatives/submit.html"
    # Themes and neighbourhoods (the base section) and the open neighbourhood budgets.
    pagecache_text_sections = (services.PUBLIC_PAGES,)

    def get(self, request):
        if not pagecache.reusable_for(request) or request.user.is_authenticated:
            form = InitiativeForm(initial={"submission_key": uuid.uuid4()})
            return render(request, self.template_name, {"form": form})
        try:
            page = pagecache.cached_text(
                # The path, not the query string: the form reads none, and every new query
                # string would otherwise build and store the page again.
                f"submit-form:{request.get_host()}:{get_language()}:{request.path}",
                self.pagecache_text_sections,
                lambda: self._empty_page(request),
            )
        except SlotsMissing:  # the template changed: build it for this visitor, as before
            logger.error("the submission form page has no token or key slot")
            form = InitiativeForm(initial={"submission_key": uuid.uuid4()})
            return render(request, self.template_name, {"form": form})
        page = page.replace(CSRF_SLOT, get_token(request)).replace(KEY_SLOT, str(uuid.uuid4()))
        return HttpResponse(page)

    def _empty_page(self, request):
        form = InitiativeForm(initial={"submission_key": KEY_SLOT})
        # Built as for the bare path: one visitor's query string (in the language switch's
        # links) must not end up in the page every visitor gets.
        bare = copy.copy(request)
        bare.META = {**request.META, "QUERY_STRING": ""}
        bare.GET = QueryDict()
        page = render_to_string(self.template_name, {"form": form}, request=bare)
        page, tokens = CSRF_INPUT.subn(rf"\g<1>{CSRF_SLOT}\g<2>", page)
        if not tokens or page.count(KEY_SLOT) != 1:
            raise SlotsMissing
        return page

    def post(self, request):
        key = _form_key(request.POST)
        held = list(HeldUpload.objects.filter(form_key=key)) if key else []
        removed = request.POST.get("remove_upload")
        if removed and key:  # "remove" beside a kept file: the form again, without it
            return self._remove_upload(request, key, held, removed)
        form = InitiativeForm(request.POST, request.FILES, held=held)
        if form.is_valid():
            existing = Initiative.objects.filter(
                submission_key=form.cleaned_data["submission_key"]
            ).first()
            if existing is not None:  # the same form sent twice (a double click)
                return redirect("initiatives:submitted", key=existing.submission_key)
            if _rate_limited(request, form.cleaned_data["email"]):
                form.add_error(
                    None,
                    _(
                        "You have handed in many initiatives in a short time. Please try again "
                        "in an hour, or call us."
                    ),
                )
            else:
                try:
                    initiative, _token = services.initiative_submit(
                        data=form.initiative_data(),
                        files=form.cleaned_data["attachments"],
                        held=held,
                    )
                except IntegrityError:
                    initiative = get_object_or_404(
                        Initiative, submission_key=form.cleaned_data["submission_key"]
                    )
                _count_submission(request)
                return redirect("initiatives:submitted", key=initiative.submission_key)
        self._hold_new_files(form, key)
        return render(request, self.template_name, {"form": form}, status=400)

    @staticmethod
    def _hold_new_files(form, key):
        """The files of a form that came back are kept with it: nobody chooses them again."""
        files = form.cleaned_data.get("attachments") if "attachments" not in form.errors else []
        if key and files:
            form.held_uploads += services.uploads_hold(form_key=key, files=files)

    def _remove_upload(self, request, key, held, token):
        bound = InitiativeForm(request.POST, request.FILES, held=held)
        bound.is_valid()  # for the new files, if any were chosen as well
        gone = [upload for upload in held if upload.token == token]
        for upload in gone:
            services.held_upload_remove(upload)
        bound.held_uploads = [upload for upload in held if upload not in gone]
        self._hold_new_files(bound, key)
        # What was typed comes back as it was, without error messages: nothing was sent yet.
        form = InitiativeForm(
            initial={name: bound[name].value() for name in bound.fields if name != "attachments"},
            held=bound.held_uploads,
        )
        if gone:
            messages.info(request, _("%(name)s is removed.") % {"name": gone[0].original_name})
        return render(request, self.template_name, {"form": form})


def submitted(request, key):
    initiative = get_object_or_404(
        Initiative.objects.only("reference", "email", "submitted_at"), submission_key=key
    )
    # Only shortly after submitting: the page shows no more than the reference.
    if initiative.submitted_at < timezone.now() - timezone.timedelta(hours=24):
        raise Http404
    return tokens.private(render(request, "initiatives/submitted.html", {"initiative": initiative}))


def _by_token(token):
    """The initiative of a valid private link, with the link it was opened by."""
    link = services.link_find(token)
    if link is None:
        return None
    initiative = link.initiative
    initiative.current_link = link
    return initiative


@method_decorator(never_cache, name="dispatch")
class TrackView(View):
    template_name = "initiatives/track.html"

    def _page(
        self,
        request,
        initiative,
        token,
        reply_form=None,
        withdraw_form=None,
        hostop_form=None,
        bid_form=None,
        status=200,
    ):
        history = initiative.messages.prefetch_related("attachments").order_by("created_at", "id")
        hostops = hostops_of(initiative)
        context = {
            "initiative": initiative,
            "token": token,
            "history": history,
            "reply_form": reply_form or ReplyForm(),
            "withdraw_form": withdraw_form or WithdrawForm(),
            "hostop_form": hostop_form or HoStopRaiseForm(),
            "hostops": hostops,
            "paused": any(h.is_open for h in hostops),
            "can_act": not initiative.is_closed,
            "bid_form": bid_form or ChallengeBidForm(),
            "challenge": getattr(initiative, "challenge", None)
            if initiative.kind == Kind.RIGHT_TO_CHALLENGE
            else None,
            "links": initiative.links.filter(revoked_at__isnull=True),
            "current_link": initiative.current_link,
        }
        return tokens.private(render(request, self.template_name, context, status=status))

    def get(self, request, token):
        initiative = _by_token(token)
        if initiative is None:
            return tokens.private(render(request, "initiatives/track_invalid.html", status=404))
        return self._page(request, initiative, token)

    def post(self, request, token):
        initiative = _by_token(token)
        if initiative is None:
            return tokens.private(render(request, "initiatives/track_invalid.html", status=404))
        if "revoke_link" in request.POST:
            return self._revoke_link(request, initiative)
        if "hostop" in request.POST:
            return self._raise_hostop(request, initiative, token)
        if "bid" in request.POST:
            form = ChallengeBidForm(request.POST)
            if form.is_valid():
                try:
                    services.challenge_bid_submit(initiative=initiative, **form.cleaned_data)
                except ValidationError as error:
                    messages.error(request, error.messages[0])
                else:
                    messages.success(request, _("Your bid is handed in."))
                return redirect(request.path)
            return self._page(request, initiative, token, bid_form=form, status=400)
        if "withdraw" in request.POST:
            form = WithdrawForm(request.POST)
            if form.is_valid():
                try:
                    services.initiative_withdraw(
                        initiative=initiative, reason=form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    messages.error(request, error.messages[0])
                else:
                    messages.success(request, _("Your initiative is withdrawn."))
                return redirect(request.path)
            return self._page(request, initiative, token, withdraw_form=form, status=400)
        if replies_exceeded(request):
            return too_many(request)
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.initiative_reply(
                    initiative=initiative,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect(request.path)
        return self._page(request, initiative, token, reply_form=form, status=400)

    def _revoke_link(self, request, initiative):
        link_id = request.POST.get("revoke_link", "")
        if not link_id.isdigit() or not services.link_revoke(
            initiative=initiative, link_id=int(link_id)
        ):
            messages.error(request, _("This link was already revoked."))
            return redirect(request.path)
        if int(link_id) == initiative.current_link.pk:
            # The link of this very page: it no longer opens anything, also not for us.
            return tokens.private(render(request, "initiatives/link_revoked.html"))
        messages.success(request, _("The link is revoked: it no longer opens this page."))
        return redirect(request.path + "#links")

    def _raise_hostop(self, request, initiative, token):
        """The initiator pauses their own initiative with a ho-stop card."""
        form = HoStopRaiseForm(request.POST)
        if form.is_valid():
            try:
                hostop_services.hostop_raise(
                    process=initiative,
                    raiser=Involved(
                        HoStopParticipant.Role.INITIATOR, initiative.name, initiative.email
                    ),
                    reason=form.cleaned_data["reason"],
                    adjustment=form.cleaned_data["adjustment"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("Your initiative is paused. Everyone involved is asked to consent."),
                )
                return redirect(request.path)
        return self._page(request, initiative, token, hostop_form=form, status=400)


class NewLinkView(View):
    template_name = "initiatives/new_link.html"

    def get(self, request):
        return render(request, self.template_name, {"form": NewLinkForm()})

    def post(self, request):
        form = NewLinkForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        key = f"initiatives:new-link:{form.cleaned_data['email'].lower()}"
        try:
            allowed = cache.add(key, 1, 300)
        except Exception:
            allowed = True
        if allowed:
            services.initiative_send_new_links(email=form.cleaned_data["email"])
        # The same answer whether or not the address is known.
        return render(request, self.template_name, {"sent": True})


def _send_file(attachment):
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return tokens.private(response)


def attachment_for_initiator(request, token, attachment_token):
    initiative = _by_token(token)
    if initiative is None:
        raise Http404
    attachment = get_object_or_404(Attachment, token=attachment_token, initiative=initiative)
    return _send_file(attachment)


def attachment_for_staff(request, attachment_token):
    """Staff who may see initiatives; everyone else gets the admin login or a 404."""
    if not request.user.is_authenticated or not request.user.is_staff:
        # redirect_to_login encodes the path: a decoded "&" or "?" in it stays part of `next`.
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL_PATH)
    # Those who handle initiatives; the program team only looks at them, without the files.
    if not request.user.has_perm("initiatives.change_initiative"):
        raise Http404
    attachment = get_object_or_404(Attachment, token=attachment_token)
    return _send_file(attachment)


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    neighbourhood = forms.ChoiceField(label=_("Neighbourhood or village"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["theme"].choices = everything + list(
            Theme.objects.filter(is_active=True).values_list("slug", "name")
        )
        self.fields["neighbourhood"].choices = everything + list(
            Neighbourhood.objects.filter(is_active=True).values_list("slug", "name")
        )
        self.fields["kind"].choices = everything + list(Kind.choices)
        self.fields["status"].choices = everything + list(Status.choices)


@cache_public_page(services.PUBLIC_PAGES, params=(*PublicFilterForm.base_fields, "page"))
def initiative_list(request):
    form = PublicFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and (not form.is_valid() or filters.get("q")):
        pagecache.dont_store(request)  # a search or an invalid value: built, not kept
    queryset = selectors.filter_public(
        selectors.public_initiatives(), **{k: v for k, v in filters.items() if v}
    )
    page = pagecache.paginate(request, Paginator(queryset, 20))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "initiatives/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "budgets": NeighbourhoodBudget.objects.exclude(
                status=NeighbourhoodBudget.Status.CLOSED
            ),
        },
    )


@cache_public_page(services.PUBLIC_PAGES)
def initiative_detail(request, reference):
    initiative = get_object_or_404(selectors.public_initiatives(), reference=reference)
    context = {
        "initiative": initiative,
        "history": selectors.public_history(initiative),
        "hostops": hostops_of(initiative),
    }
    if initiative.kind == Kind.RIGHT_TO_CHALLENGE:
        from .models import ChallengeBid, ChallengeCriterion

        context["challenge"] = ChallengeBid.objects.filter(initiative=initiative).first()
        context["criteria"] = ChallengeCriterion.objects.filter(is_active=True)
    return render(request, "initiatives/detail.html", context)


SUPPORTS_PER_HOUR = 30


class SupportView(View):
    """ "Ik steun dit": the resident leaves an e-mail address and confirms from the e-mail."""

    template_name = "initiatives/support.html"

    def _initiative(self, reference):
        initiative = get_object_or_404(selectors.public_initiatives(), reference=reference)
        if initiative.is_closed:
            raise Http404
        return initiative

    def get(self, request, reference):
        initiative = self._initiative(reference)
        return render(
            request, self.template_name, {"initiative": initiative, "form": SupportForm()}
        )

    def post(self, request, reference):
        initiative = self._initiative(reference)
        form = SupportForm(request.POST)
        if not form.is_valid():
            context = {"initiative": initiative, "form": form}
            return render(request, self.template_name, context, status=400)
        email = form.cleaned_data["email"]
        if _support_allowed(request, initiative, email):
            services.support_request(initiative=initiative, email=email)
        # The same answer for a known and an unknown address, and for a repeated request.
        return render(request, self.template_name, {"initiative": initiative, "sent": True})


def _support_allowed(request, initiative, email):
    """One confirmation mail per address and initiative per 10 minutes, and a ceiling per
    network address, so that nobody can flood an inbox with our e-mails."""
    try:
        if not cache.add(f"initiatives:support:{initiative.pk}:{email.lower()}", 1, 600):
            return False
        key = f"initiatives:support-ip:{_client_ip(request)}"
        if not cache.add(key, 1, RATE_WINDOW):
            return cache.incr(key) <= SUPPORTS_PER_HOUR
    except Exception:  # noqa: S110 (no cache: the unique support per address still holds)
        pass
    return True


class SupportConfirmView(View):
    """The link from the e-mail. Confirming takes a button press (a POST), so that a mail
    scanner that opens links does not confirm for the resident."""

    template_name = "initiatives/support_confirm.html"

    def get(self, request, token):
        support = services.support_by_token(token)
        if support is None:
            return tokens.private(render(request, "initiatives/support_invalid.html", status=404))
        return tokens.private(render(request, self.template_name, {"support": support}))

    def post(self, request, token):
        support = services.support_by_token(token)
        if support is None:
            return tokens.private(render(request, "initiatives/support_invalid.html", status=404))
        services.support_confirm(support=support)
        messages.success(
            request, _("Thank you: your support has been counted."), extra_tags="supported"
        )
        return redirect("initiatives:detail", reference=support.initiative.reference)


@cache_public_page(services.FIGURES_PAGES)
def figures(request):
    return render(request, "initiatives/figures.html", {"figures": selectors.loket_figures()})


# --- Neighbourhood budgets -------------------------------------------------------------------------


@cache_public_page(services.PUBLIC_PAGES)
def budget_detail(request, slug):
    budget = get_object_or_404(
        NeighbourhoodBudget.objects.select_related("neighbourhood"), slug=slug
    )
    context = {"budget": budget}
    if budget.status in (NeighbourhoodBudget.Status.VOTING, NeighbourhoodBudget.Status.CLOSED):
        context["results"] = selectors.budget_results(budget)
    else:
        # Before staff check them, only proposals that may be public (the initiator's consent
        # and staff approval, as on every public page) are listed.
        context["proposals"] = budget.proposals.select_related("initiative").filter(
            initiative__in=selectors.public_initiatives().values("pk")
        )
    return render(request, "initiatives/budget.html", context)


def budget_vote(request, slug):
    budget = get_object_or_404(
        NeighbourhoodBudget.objects.select_related("neighbourhood"), slug=slug
    )
    form = BallotRequestForm(request.POST or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            if _ballot_mail_allowed(budget, form.cleaned_data["email"]):
                services.ballot_request(
                    budget=budget,
                    email=form.cleaned_data["email"],
                    neighbourhood=budget.neighbourhood,
                )
            elif budget.status != NeighbourhoodBudget.Status.VOTING:
                raise services.BallotRefused(_("Voting on this budget is not open."))
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            # The same answer for a known and an unknown address, and for a repeated request.
            return render(request, "initiatives/budget_vote.html", {"budget": budget, "sent": True})
    status = 400 if form.errors else 200
    return render(
        request, "initiatives/budget_vote.html", {"budget": budget, "form": form}, status=status
    )


def _ballot_mail_allowed(budget, email):
    """One ballot mail per address and budget per 10 minutes: a burst of requests (or a
    double click) sends one link, not a row of links of which only the last one works."""
    from .models import Support

    try:
        return cache.add(f"initiatives:ballot:{budget.pk}:{Support.hash_email(email)}", 1, 600)
    except Exception:  # no cache: each request replaces the link, still one ballot
        return True


@never_cache
def ballot(request, token):
    ballot = services.ballot_by_token(token)
    if ballot is None:
        return tokens.private(render(request, "initiatives/support_invalid.html", status=404))
    budget = ballot.budget
    form = BallotForm(request.POST or None, budget=budget)
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(
                ballot=ballot, proposals=form.cleaned_data["proposals"], request=request
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Thank you: your vote is counted."))
            return redirect(budget.get_absolute_url())
    context = {"ballot": ballot, "budget": budget, "form": form}
    return tokens.private(
        render(request, "initiatives/ballot.html", context, status=400 if form.errors else 200)
    )
