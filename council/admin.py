from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError

from leusden_portal.core.admin import AuditedAdminMixin, ReadOnlyAdminMixin

from .models import HoStop, HoStopParticipant


class HoStopParticipantInline(admin.TabularInline):
    model = HoStopParticipant
    fields = ["role", "name", "email", "is_raiser", "answer", "answer_reason", "answered_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HoStop)
class HoStopAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Ho-stops are raised and answered through their own pages (services); here staff see
    every card and its course."""

    list_display = ["process_title", "status", "raised_at", "closed_at"]
    list_filter = ["status", "content_type"]
    search_fields = ["process_title", "reason", "adjustment"]
    date_hierarchy = "raised_at"
    fields = ["process_title", "status", "reason", "adjustment", "raised_at", "closed_at"]
    readonly_fields = fields
    inlines = [HoStopParticipantInline]


# --- The griffie's work: council, meetings, decisions, rota ---------------------------------------

from django import forms  # noqa: E402
from django.contrib import messages  # noqa: E402
from django.shortcuts import get_object_or_404, redirect, render  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from . import services  # noqa: E402
from .models import (  # noqa: E402
    AgendaItem,
    CoreValue,
    CouncilEvent,
    CouncilMember,
    Decision,
    EventSignup,
    Manifest,
    Meeting,
    MirrorTurn,
    NeighbourhoodCouncil,
    NeighbourhoodCouncilMeeting,
    NeighbourhoodCouncilMember,
    Reflection,
    Signature,
    Sortition,
    Volunteer,
)


@admin.register(CouncilMember)
class CouncilMemberAdmin(AuditedAdminMixin, admin.ModelAdmin):
    page_sections = (services.COUNCIL_PAGES,)

    list_display = ["name", "party", "term_start", "term_end", "is_active", "user"]
    list_filter = ["party", "is_active"]
    search_fields = ["name", "party", "email"]
    autocomplete_fields = ["user"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0
    fields = ["agenda_item", "reference", "title", "result", "votes_for", "votes_against"]

    def get_formset(self, request, obj=None, **kwargs):
        """A decision belongs to an agenda item of this meeting: only those are offered, not
        the agenda items of every meeting."""
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["agenda_item"]
        field.queryset = (
            AgendaItem.objects.filter(meeting=obj) if obj else AgendaItem.objects.none()
        )
        return formset


@admin.register(Meeting)
class MeetingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    page_sections = (services.COUNCIL_PAGES,)

    list_display = ["starts_at", "title", "kind", "status", "spiegelend_raadslid"]
    list_filter = ["kind", "status"]
    list_select_related = ["mirror_turn__member"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, DecisionInline]
    actions = ["generate_rota"]

    @admin.display(description=_("spiegelend raadslid"))
    def spiegelend_raadslid(self, meeting):
        turn = getattr(meeting, "mirror_turn", None)
        return turn.member.name if turn else "—"

    @admin.action(description=_("Generate the rota of the spiegelend raadslid for these meetings"))
    def generate_rota(self, request, queryset):
        turns = services.rota_generate(actor=request.user, meetings=list(queryset))
        messages.success(request, _("%(count)s turns assigned.") % {"count": len(turns)})

    def get_urls(self):
        return [
            path(
                "rota/",
                self.admin_site.admin_view(self.rota_view),
                name="council_meeting_rota",
            ),
            *super().get_urls(),
        ]

    def rota_view(self, request):
        """Assign the coming meetings that have no spiegelend raadslid yet."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        coming = Meeting.objects.filter(
            starts_at__gte=timezone.now(), mirror_turn__isnull=True, kind=Meeting.Kind.COUNCIL
        ).exclude(status=Meeting.Status.CANCELLED)
        if request.method == "POST":
            turns = services.rota_generate(actor=request.user, meetings=list(coming))
            messages.success(request, _("%(count)s turns assigned.") % {"count": len(turns)})
            return redirect("admin:council_mirrorturn_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Generate the rota for the coming meetings"),
            "meetings": coming,
            "opts": self.model._meta,
        }
        return render(request, "admin/council/rota.html", context)


class SwapForm(forms.Form):
    member = forms.ModelChoiceField(
        CouncilMember.objects.filter(is_active=True), label=_("New member")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


@admin.register(MirrorTurn)
class MirrorTurnAdmin(admin.ModelAdmin):
    list_display = ["meeting", "member", "swapped_from", "swap_reason"]
    list_select_related = ["meeting", "member", "swapped_from"]
    readonly_fields = ["meeting", "member", "swapped_from", "swap_reason", "assigned_at"]
    change_form_template = "admin/council/mirrorturn/change_form.html"

    def has_add_permission(self, request):
        return False  # the rota is generated (Meetings → Generate the rota)

    def get_urls(self):
        return [
            path(
                "<int:pk>/swap/",
                self.admin_site.admin_view(self.swap_view),
                name="council_mirrorturn_swap",
            ),
            *super().get_urls(),
        ]

    def swap_view(self, request, pk):
        turn = get_object_or_404(MirrorTurn, pk=pk)
        if not self.has_change_permission(request, turn):
            raise PermissionDenied
        form = SwapForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.rota_swap(
                    actor=request.user,
                    turn=turn,
                    member=form.cleaned_data["member"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("The turn is swapped."))
                return redirect("admin:council_mirrorturn_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Swap the turn: %(turn)s") % {"turn": turn},
            "form": form,
            "opts": self.model._meta,
        }
        return render(request, "admin/council/swap.html", context)


@admin.register(Decision)
class DecisionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    page_sections = (services.COUNCIL_PAGES,)

    list_display = ["reference", "title", "meeting", "result"]
    list_filter = ["result"]
    list_select_related = ["meeting"]
    search_fields = ["reference", "title"]


@admin.register(CoreValue)
class CoreValueAdmin(AuditedAdminMixin, admin.ModelAdmin):
    page_sections = (services.COUNCIL_PAGES,)

    list_display = ["name", "name_en", "position"]


@admin.register(Reflection)
class ReflectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by the council member on their own page; read here."""

    list_display = ["turn", "is_published", "published_at"]
    list_select_related = ["turn__meeting", "turn__member"]
    fields = ["turn", "text", "is_published", "published_at"]
    readonly_fields = fields


class VolunteerInline(admin.TabularInline):
    model = Volunteer
    fields = ["name", "email", "neighbourhood", "age_band", "gender", "confirmed_at", "status"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Sortition)
class SortitionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "panel_size", "registration_closes"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title",
        "slug",
        "description",
        "panel_size",
        "registration_closes",
        "status",
        "seed_commitment",
        "drawn_at",
    ]
    readonly_fields = ["status", "seed_commitment", "drawn_at"]
    inlines = [VolunteerInline]
    actions = ["draw"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            from leusden_portal.core import pagecache

            pagecache.invalidate(services.COUNCIL_PAGES)
        else:
            services.sortition_create(actor=request.user, sortition=obj)

    @admin.action(description=_("Draw the panel (after registration closed)"))
    def draw(self, request, queryset):
        for sortition in queryset:
            try:
                panel = services.sortition_draw(actor=request.user, sortition=sortition)
            except ValidationError as error:
                messages.error(request, f"{sortition}: {error.messages[0]}")
            else:
                messages.success(
                    request,
                    _("%(title)s: %(count)s drawn.") % {"title": sortition, "count": len(panel)},
                )


class SignatureInline(admin.TabularInline):
    model = Signature
    fields = ["name", "organisation", "email", "show_publicly", "confirmed_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Manifest)
class ManifestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    page_sections = (services.COUNCIL_PAGES,)

    list_display = ["title", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [SignatureInline]


class EventSignupInline(admin.TabularInline):
    model = EventSignup
    fields = ["name", "email", "status", "signed_up_at", "confirmed_at"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CouncilEvent)
class CouncilEventAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The griffie plans guest visits and council conferences and writes the harvest."""

    page_sections = (services.COUNCIL_PAGES,)
    list_display = ["title", "kind", "starts_at", "places"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventSignupInline]


class NeighbourhoodCouncilMemberInline(admin.TabularInline):
    model = NeighbourhoodCouncilMember
    extra = 0


class NeighbourhoodCouncilMeetingInline(admin.StackedInline):
    model = NeighbourhoodCouncilMeeting
    extra = 0


@admin.register(NeighbourhoodCouncil)
class NeighbourhoodCouncilAdmin(AuditedAdminMixin, admin.ModelAdmin):
    page_sections = (services.COUNCIL_PAGES,)
    list_display = ["name", "neighbourhood"]
    list_select_related = ["neighbourhood"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NeighbourhoodCouncilMemberInline, NeighbourhoodCouncilMeetingInline]
