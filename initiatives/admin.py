import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from leusden_portal.core.admin import AuditedAdminMixin
from leusden_portal.core.dates import working_days_between
from leusden_portal.core.services import audit_log

from . import admin_forms, services
from .models import (
    CLOSED_STATUSES,
    PUBLIC_STATUS,
    BudgetProposal,
    ChallengeBid,
    ChallengeCriterion,
    HelpAsked,
    Initiative,
    InternalNote,
    NeighbourhoodBudget,
    PartnerOrganisation,
    RoutingRule,
    Status,
    Team,
)

# action: (label, form, service call, statuses from which it is offered)
ACTIONS = {
    "triage": (
        _("Take in triage"),
        admin_forms.MessageForm,
        lambda u, i, d: services.initiative_take_in_triage(
            actor=u, initiative=i, message=d["message"], public=d["public"]
        ),
    ),
    "assign": (
        _("Assign"),
        admin_forms.AssignForm,
        lambda u, i, d: services.initiative_assign(
            actor=u, initiative=i, team=d["team"], assignee=d["assignee"]
        ),
    ),
    "question": (
        _("Ask a question"),
        admin_forms.QuestionForm,
        lambda u, i, d: services.initiative_ask_question(
            actor=u, initiative=i, question=d["question"]
        ),
    ),
    "refer": (
        _("Refer"),
        admin_forms.ReferForm,
        lambda u, i, d: services.initiative_refer(
            actor=u,
            initiative=i,
            message=d["message"],
            team=d["team"],
            partner=d["partner"],
            agreement=d["agreement"],
            public=d["public"],
        ),
    ),
    "start": (
        _("Start"),
        admin_forms.StartForm,
        lambda u, i, d: services.initiative_start(
            actor=u,
            initiative=i,
            message=d["message"],
            experiment=d["experiment"],
            monitoring=d["monitoring"],
            public=d["public"],
        ),
    ),
    "complete": (
        _("Complete"),
        admin_forms.RequiredMessageForm,
        lambda u, i, d: services.initiative_complete(
            actor=u, initiative=i, message=d["message"], public=d["public"]
        ),
    ),
    "decline": (
        _("Decline"),
        admin_forms.DeclineForm,
        lambda u, i, d: services.initiative_decline(actor=u, initiative=i, reason=d["reason"]),
    ),
    "duplicate": (
        _("Mark as duplicate"),
        admin_forms.DuplicateForm,
        lambda u, i, d: services.initiative_mark_duplicate(
            actor=u, initiative=i, duplicate_of=d["duplicate_of"]
        ),
    ),
    "publish": (
        _("Approve for publication"),
        admin_forms.ConfirmForm,
        lambda u, i, d: services.initiative_publication(actor=u, initiative=i, approved=True),
    ),
    "unpublish": (
        _("Withdraw publication"),
        admin_forms.ConfirmForm,
        lambda u, i, d: services.initiative_publication(actor=u, initiative=i, approved=False),
    ),
    "note": (
        _("Add internal note"),
        admin_forms.NoteForm,
        lambda u, i, d: services.initiative_note(actor=u, initiative=i, body=d["body"]),
    ),
}
# The step that moves an initiative on, in this order of preference: the main button.
MAIN_STEPS = ["triage", "refer", "start", "complete"]


def available_actions(initiative):
    """The steps this initiative's page offers: the status steps its status allows (from the
    services' one table), and the steps that change no status where they make sense."""
    possible = services.steps_possible(initiative)
    result = []
    for action, (label, _form, _call) in ACTIONS.items():
        if action in services.STATUS_STEPS:
            if action not in possible:
                continue
        elif action == "publish":
            if not initiative.publish_consent or initiative.approved_for_publication:
                continue
        elif action == "unpublish":
            if not initiative.approved_for_publication:
                continue
        elif action == "assign" and initiative.status in CLOSED_STATUSES:
            continue
        result.append((action, label))
    return result


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("to me")), ("nobody", _("to nobody"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "nobody":
            return queryset.filter(assignee__isnull=True)
        return queryset


class QueueFilter(admin.SimpleListFilter):
    """The work queue: open initiatives unless asked otherwise, and the saved views "Mijn
    werk" and "Te laat"."""

    title = _("work queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("My work")),
            ("late", _("Late")),
            ("week", _("Due this week")),
            ("closed", _("Closed")),
            ("all", _("All, also closed")),
        ]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": _("Open"),
        }
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset
        if value == "closed":
            return queryset.filter(status__in=CLOSED_STATUSES)
        open_ = queryset.exclude(status__in=CLOSED_STATUSES)
        today = timezone.localdate()
        if value == "mine":
            return open_.filter(assignee=request.user)
        if value == "late":
            return open_.filter(next_step_due__lt=today)
        if value == "week":
            return open_.filter(
                next_step_due__gte=today, next_step_due__lte=today + timezone.timedelta(days=7)
            )
        return open_


class StatusFilter(admin.SimpleListFilter):
    """The status in the third person, as staff speak of it ("wacht op antwoord van de
    indiener"), not as the tracking page says it to the initiator ("wacht op uw
    antwoord"). The parameter is the one Django's own status filter used."""

    title = _("status")
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        return [(status.value, capfirst(PUBLIC_STATUS[status])) for status in Status]

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("overdue")), ("week", _("within a week"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_ = queryset.exclude(status__in=CLOSED_STATUSES)
        if self.value() == "overdue":
            return open_.filter(next_step_due__lt=today)
        if self.value() == "week":
            return open_.filter(
                next_step_due__gte=today, next_step_due__lte=today + timezone.timedelta(days=7)
            )
        return queryset


def message_sender(message):
    """Who wrote it, in words: the initiator, or the civil servant by name."""
    if message.author_id:
        return message.author.full_name or message.author.email
    return capfirst(message.get_author_kind_display())


class InternalNoteInline(admin.TabularInline):
    model = InternalNote
    extra = 0
    fields = ["created_at", "author", "body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CappedPaginator(Paginator):
    """Counts at most CAP rows (a COUNT over a LIMIT: an index range, not the table). A broad
    filter over a large queue says "more than 1,000" and asks to narrow it, as nobody pages
    through twenty pages; a filtered queue counts exactly."""

    CAP = 1000

    @property
    def capped(self):
        return self.count > self.CAP

    @cached_property
    def count(self):
        return self.object_list[: self.CAP + 1].count()

    @cached_property
    def num_pages(self):
        return super().num_pages if not self.capped else -(-self.CAP // self.per_page)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    # A queue: open initiatives, the oldest deadline first; every column fits at 1280 px.
    list_display = ["reference", "title", "status_tag", "theme", "handled_by", "deadline"]
    list_display_links = ["title"]  # one link a row: the title says where it goes
    ordering = [F("next_step_due").asc(nulls_last=True), "submitted_at"]
    list_filter = [
        QueueFilter,
        StatusFilter,
        OverdueFilter,
        AssignedToMeFilter,
        # A filter by date instead of date_hierarchy: that one groups every initiative by
        # month on each page view (a full scan: 0.2 s at 100,000, found by bench/).
        ("submitted_at", admin.DateFieldListFilter),
        "theme",
        "neighbourhood",
        "kind",
        "team",
    ]
    search_fields = ["reference", "title", "description", "email", "name"]
    list_select_related = ["theme", "neighbourhood", "team", "assignee"]
    list_per_page = 50
    # A filtered inbox counts only its own rows, not every initiative once more.
    show_full_result_count = False
    paginator = CappedPaginator
    # The resident's text, files and history are read first, above the fieldsets (template).
    inlines = [InternalNoteInline]
    change_form_template = "admin/initiatives/initiative/change_form.html"
    actions = ["take_in_triage", "assign", "export_initiator_data", "erase_initiator_data"]

    def action_checkbox(self, obj):
        """Django's own renders a form widget through the template engine for each row (a
        third of the queue's build time at 50 rows); the same element, written directly."""
        label = format_html(_("Select {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            admin.helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def changelist_view(self, request, extra_context=None):
        # Not Django's "Selecteer initiatief om te wijzigen": this list is where work starts.
        return super().changelist_view(request, {"title": _("Work queue"), **(extra_context or {})})

    def _bulk(self, request, queryset, action, data):
        """One step on each chosen initiative through the same service as one by one (so
        checked, audited and told to the initiator); those where it is not possible are
        named, not changed."""
        label, _form, call = ACTIONS[action]
        done, skipped = 0, []
        for initiative in queryset:
            if action not in dict(available_actions(initiative)):
                skipped.append(initiative.reference)
                continue
            try:
                call(request.user, initiative, data)
            except ValidationError:
                skipped.append(initiative.reference)
            else:
                done += 1
        self.message_user(
            request,
            _("%(step)s: %(count)d done.") % {"step": label, "count": done},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                _("Not possible for: %(references)s.") % {"references": ", ".join(skipped)},
                messages.WARNING,
            )

    @admin.action(description=_("Take in triage"), permissions=["change"])
    def take_in_triage(self, request, queryset):
        self._bulk(request, queryset, "triage", {"message": "", "public": False})

    @admin.action(description=_("Assign to a team or a person"), permissions=["change"])
    def assign(self, request, queryset):
        """First a page to choose the team or person (the chosen initiatives stay selected),
        then the assignment of each."""
        form = admin_forms.AssignForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._bulk(request, queryset, "assign", form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Assign to a team or a person"),
            "form": form,
            "initiatives": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/initiatives/initiative/bulk_assign.html", context)

    @admin.action(description=_("Export the initiators' data (JSON)"), permissions=["change"])
    def export_initiator_data(self, request, queryset):
        emails = sorted({e.lower() for e in queryset.values_list("email", flat=True) if e})
        data = {email: services.initiator_export(email=email) for email in emails}
        for initiative in queryset:
            audit_log(actor=request.user, action="initiatives.initiator.exported", obj=initiative)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="initiatiefnemer-gegevens.json"'
        return response

    @admin.action(description=_("Erase the initiators' personal data"), permissions=["change"])
    def erase_initiator_data(self, request, queryset):
        for initiative in queryset:
            services.initiative_anonymise(
                actor=request.user, initiative=initiative, reason="request of the initiator"
            )
        self.message_user(request, _("Personal data erased."), messages.SUCCESS)

    fieldsets = [
        (
            _("Initiator"),
            {
                "fields": [
                    "name",
                    "email",
                    "phone",
                    "language",
                    "publish_consent",
                    "approved_for_publication",
                ]
            },
        ),
        (
            _("Handling"),
            {
                "fields": [
                    "team",
                    "assignee",
                    "referred_to_partner",
                    "referred_agreement",
                    "monitoring",
                    "duplicate_of",
                    "decline_reason",
                    "next_step",
                    "next_step_due",
                ]
            },
        ),
        (
            _("Dates"),
            {
                "fields": [
                    "submitted_at",
                    "first_response_at",
                    "first_response_days",
                    "referred_at",
                    "referral_days",
                    "closed_at",
                    "support_count",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [f for fs in self.fieldsets for f in fs[1]["fields"]]

    # Who handles initiatives (the loket) sees who handed one in and what they sent; who may
    # only look (the program team) sees the initiative without the initiator's contact
    # details and files, and cannot search by them.
    CONTACT_FIELDS = ("name", "email", "phone")

    def sees_initiator(self, request):
        return self.has_change_permission(request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.sees_initiator(request):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in self.CONTACT_FIELDS],
                },
            )
            for name, options in fieldsets
        ]

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        if self.sees_initiator(request):
            return fields
        return [f for f in fields if f not in self.CONTACT_FIELDS]

    def has_add_permission(self, request):
        return False  # initiatives come in through the loket

    @admin.display(description=_("help asked"))
    def help_asked_labels(self, obj):
        """The help asked in words, not the stored list (["advice", "permit"])."""
        labels = dict(HelpAsked.choices)
        return ", ".join(str(labels.get(code, code)) for code in obj.help_asked or []) or "-"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Everything here is read-only (the steps change an initiative): no save buttons.
        context.update(
            show_save=False, show_save_and_continue=False, show_save_and_add_another=False
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # erasure on request goes through the privacy service

    @admin.display(description=_("status"), ordering="status")
    def status_tag(self, obj):
        return format_html(
            '<span class="portal-tag portal-tag--{}">{}</span>',
            obj.status,
            capfirst(obj.public_status),
        )

    @admin.display(description=_("with"), ordering="team__name")
    def handled_by(self, obj):
        """Team and person in one column."""
        person = obj.assignee and (obj.assignee.full_name or obj.assignee.email)
        names = [str(name) for name in (obj.team, person) if name]
        if names:
            return " · ".join(names)
        return format_html('<span class="portal-tag">{}</span>', _("nobody yet"))

    @admin.display(description=_("deadline"), ordering="next_step_due")
    def deadline(self, obj):
        """In words and colour: "3 werkdagen te laat", "vandaag", "nog 2 werkdagen"."""
        if not obj.next_step_due or obj.status in CLOSED_STATUSES:
            return "-"
        today = timezone.localdate()
        due = obj.next_step_due
        date = formats.date_format(due, "j F")
        if due < today:
            days = max(working_days_between(due, today), 1)
            words = ngettext("%(n)d working day late", "%(n)d working days late", days) % {
                "n": days
            }
            kind = "late"
        elif due == today:
            words, kind = _("due today"), "soon"
        else:
            days = max(working_days_between(today, due), 1)  # due on a weekend day: 1
            words = ngettext("%(n)d working day left", "%(n)d working days left", days) % {
                "n": days
            }
            kind = "soon" if days <= 2 else "ok"
        return format_html(
            '<span class="portal-tag portal-tag--{}">{}</span> <span class="portal-date">{}</span>',
            kind,
            words,
            date,
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                self.admin_site.admin_view(self.transition_view),
                name="initiatives_initiative_transition",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if obj is not None and self.has_view_permission(request, obj):
            from council.selectors import hostops_of

            hostops = hostops_of(obj)
            extra_context["hostops"] = hostops
            # Read by whoever may see it (the program team too, without the contact details).
            extra_context["reading"] = self._reading(obj, request)
            # The initiative as the heading, not Django's "initiatief weergeven" above it.
            extra_context.update(title=str(obj), subtitle=None)
        if obj is not None and self.has_change_permission(request, obj):
            paused = any(hostop.is_open for hostop in extra_context["hostops"])
            steps = [
                (action, label)
                for action, label in available_actions(obj)
                if not (paused and action in services.STATUS_STEPS)  # a ho-stop blocks transitions
            ]
            # The step that moves the initiative on is the main button; declining looks like
            # what it is; the others are secondary.
            main = next((a for a in MAIN_STEPS if a in dict(steps)), None)
            extra_context["transition_actions"] = [
                (
                    label,
                    reverse("admin:initiatives_initiative_transition", args=[obj.pk, action]),
                    "main" if action == main else "danger" if action == "decline" else "other",
                )
                for action, label in steps
            ]
            if not paused and not obj.is_closed and request.user.has_perm("council.add_hostop"):
                extra_context["transition_actions"].append(
                    (
                        _("Ho-stop"),
                        reverse("council:hostop_raise", args=["initiatives.initiative", obj.pk]),
                        "other",
                    )
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def _reading(self, obj, request):
        """What the page shows first: the resident's words, files and the history."""

        def label(name):
            return capfirst(Initiative._meta.get_field(name).verbose_name)

        messages_ = list(obj.messages.select_related("author"))
        for message in messages_:
            message.sender = message_sender(message)
        return {
            "status_tag": self.status_tag(obj),
            "deadline": self.deadline(obj),
            "handled_by": self.handled_by(obj),
            "facts": [
                (label("kind"), capfirst(obj.get_kind_display())),
                (label("theme"), obj.theme or "-"),
                (label("neighbourhood"), obj.neighbourhood or "-"),
                (label("help_asked"), self.help_asked_labels(obj)),
                (label("amount_requested"), obj.amount_requested or "-"),
                (label("involved"), obj.involved or "-"),
            ],
            # None: not for this user (the template says so); a list otherwise.
            "attachments": list(obj.attachments.all()) if self.sees_initiator(request) else None,
            "messages": messages_,
        }

    def transition_view(self, request, object_id, action):
        initiative = get_object_or_404(Initiative, pk=object_id)
        if not self.has_change_permission(request, initiative):
            raise PermissionDenied
        if action not in dict(available_actions(initiative)):
            messages.error(request, _("This step is not possible in the current status."))
            return redirect("admin:initiatives_initiative_change", initiative.pk)
        label, form_class, call = ACTIONS[action]
        extra = {"initiative": initiative} if getattr(form_class, "takes_initiative", False) else {}
        form = form_class(request.POST if request.method == "POST" else None, **extra)
        if request.method == "POST" and form.is_valid():
            try:
                call(request.user, initiative, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Done: %(step)s.") % {"step": label})
                return redirect("admin:initiatives_initiative_change", initiative.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": initiative,
            "title": f"{label}: {initiative.reference}",
            "form": form,
            "step": label,
        }
        return TemplateResponse(request, "admin/initiatives/initiative/transition.html", context)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "is_loket", "is_active"]
    filter_horizontal = ["members"]
    search_fields = ["name"]


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_name", "email", "phone", "is_active"]
    search_fields = ["name", "contact_name"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["theme", "kind", "team"]
    list_select_related = ["theme", "team"]
    list_filter = ["team"]


class BudgetProposalInline(admin.TabularInline):
    model = BudgetProposal
    fields = ["initiative", "cost", "feasible", "feasibility_note"]
    readonly_fields = ["initiative"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False  # proposals come in through the loket


@admin.register(NeighbourhoodBudget)
class NeighbourhoodBudgetAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Staff open the budget, check each proposal's feasibility, open and close the vote."""

    page_sections = ("initiatives",)
    list_display = ["title", "neighbourhood", "amount", "period", "status"]
    list_filter = ["status"]
    list_select_related = ["neighbourhood"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [BudgetProposalInline]


# --- Right to challenge ----------------------------------------------------------------------------


@admin.register(ChallengeCriterion)
class ChallengeCriterionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    page_sections = ("initiatives",)
    list_display = ["name", "position", "is_active"]


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Accept the bid")), ("no", _("Decline the bid"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), widget=forms.Textarea, min_length=20)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"met_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[("yes", _("met")), ("no", _("not met"))],
                coerce=lambda v: v == "yes",
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Explanation"), required=False
            )

    def assessments(self):
        return {
            c: (self.cleaned_data[f"met_{c.pk}"], self.cleaned_data[f"note_{c.pk}"])
            for c in self.criteria
        }


class ChallengeAgreementForm(forms.Form):
    agreement = forms.CharField(label=_("The agreement"), widget=forms.Textarea, min_length=20)
    starts = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    evaluation_months = forms.IntegerField(
        label=_("Evaluated every (months)"), min_value=1, max_value=24, initial=6
    )


class EvaluationForm(forms.Form):
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea, min_length=10)


@admin.register(ChallengeBid)
class ChallengeBidAdmin(admin.ModelAdmin):
    """The bid is handed in from the private link; staff assess, decide, record the agreement
    and the evaluations here, each through the services."""

    list_display = ["initiative", "step", "assessment_due", "next_evaluation"]
    list_filter = ["step"]
    list_select_related = ["initiative"]
    readonly_fields = [
        "initiative",
        "task",
        "budget_part",
        "executor",
        "quality",
        "step",
        "submitted_at",
        "assessment_due",
        "decision_reason",
        "decided_at",
        "agreement",
        "agreement_starts",
        "evaluation_months",
        "next_evaluation",
    ]
    change_form_template = "admin/initiatives/challengebid/change_form.html"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        return [
            # Under "step/": a bare "<int:pk>/<str:action>/" would also match the admin's own
            # "<pk>/change/", "/delete/" and "/history/" and hide those pages.
            path(
                "<int:pk>/step/<str:action>/",
                self.admin_site.admin_view(self.step_view),
                name="initiatives_challengebid_step",
            ),
            *super().get_urls(),
        ]

    FORMS = {"decide": DecideForm, "agreement": ChallengeAgreementForm, "evaluate": EvaluationForm}

    def step_view(self, request, pk, action):
        bid = get_object_or_404(ChallengeBid.objects.select_related("initiative"), pk=pk)
        if action not in self.FORMS or not self.has_change_permission(request, bid):
            raise PermissionDenied
        extra = (
            {"criteria": ChallengeCriterion.objects.filter(is_active=True)}
            if action == "decide"
            else {}
        )
        form = self.FORMS[action](request.POST or None, **extra)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                if action == "decide":
                    services.challenge_decide(
                        actor=request.user,
                        bid=bid,
                        approve=data["approve"],
                        reason=data["reason"],
                        assessments=form.assessments(),
                    )
                elif action == "agreement":
                    services.challenge_agreement(
                        actor=request.user,
                        bid=bid,
                        agreement=data["agreement"],
                        starts=data["starts"],
                        evaluation_months=data["evaluation_months"],
                    )
                else:
                    services.challenge_evaluate(
                        actor=request.user, bid=bid, findings=data["findings"]
                    )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Saved."))
                return redirect("admin:initiatives_challengebid_change", bid.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{bid.initiative}",
            "form": form,
            "opts": self.model._meta,
            "original": bid,
        }
        return TemplateResponse(request, "admin/initiatives/challengebid/step.html", context)
