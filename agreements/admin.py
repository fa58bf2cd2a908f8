import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Agreement, Event, Goal, Kpi, Measurement, Milestone, Partner, SubProject


class ServiceAdminMixin:
    """Every save and delete in the admin goes through the services: validated, audited,
    and the public pages dropped from the cache."""

    def save_model(self, request, obj, form, change):
        services.record_save(actor=request.user, obj=obj)

    def delete_model(self, request, obj):
        services.record_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.record_delete(actor=request.user, obj=obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.record_delete(actor=request.user, obj=obj)
        for obj in instances:
            if isinstance(obj, Measurement):
                services.measurement_save(actor=request.user, measurement=obj)
            else:
                services.record_save(actor=request.user, obj=obj)
        formset.save_m2m()


class PausedStatusForm(forms.ModelForm):
    """While a ho-stop pauses the agreement or sub-project, its status cannot change."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "status" in self.changed_data:
            from council.selectors import is_paused

            if is_paused(self.instance):
                raise forms.ValidationError(
                    _(
                        "This process is paused by a ho-stop: its status cannot change until "
                        "everyone involved has consented to the adjustment, or the card is withdrawn."
                    )
                )
        return cleaned


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0


class SubProjectInline(admin.TabularInline):
    model = SubProject
    form = PausedStatusForm
    extra = 0
    fields = ["title", "status", "progress", "position"]


class EventInline(admin.StackedInline):
    model = Event
    extra = 0


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ["title", "is_qualitative", "status", "position"]
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = PausedStatusForm
    list_display = ["title", "status", "theme", "portfolio_holder", "position"]
    list_filter = ["status", "theme"]
    list_select_related = ["theme"]
    search_fields = ["title", "motto", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["council_members"]
    inlines = [GoalInline, PartnerInline, SubProjectInline, EventInline]


class KpiInline(admin.StackedInline):
    model = Kpi
    extra = 0
    show_change_link = True
    fields = ["name", "unit", "direction", "baseline_value", "target_value", "owner"]
    autocomplete_fields = ["owner"]


@admin.register(Goal)
class GoalAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["title", "agreement", "is_qualitative", "status"]
    list_filter = ["agreement", "is_qualitative", "status"]
    list_select_related = ["agreement"]
    search_fields = ["title"]
    inlines = [KpiInline]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 1
    fields = ["date", "value", "source", "note", "entered_by"]
    readonly_fields = ["entered_by"]


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: kpi (its number), date (YYYY-MM-DD), value, source, note; separated by ; "
            "or ,. One bad row and nothing is imported."
        ),
    )


class CbsImportForm(forms.Form):
    response = forms.FileField(
        label=_("CBS StatLine response (JSON)"),
        help_text=_(
            "The JSON of the table's TypedDataSet from opendata.cbs.nl, saved as a file; "
            "rows of the KPI's region and measure are imported."
        ),
    )


@admin.register(Kpi)
class KpiAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "goal", "unit", "baseline_value", "target_value", "owner", "frequency"]
    list_filter = ["goal__agreement", "frequency", "direction"]
    list_select_related = ["goal", "owner"]
    search_fields = ["name", "source"]
    autocomplete_fields = ["owner"]
    inlines = [MilestoneInline, MeasurementInline]
    change_form_template = "admin/agreements/kpi/change_form.html"
    fieldsets = [
        (None, {"fields": ["goal", "name", "unit", "decimals", "direction", "weight", "position"]}),
        (
            _("Baseline and target"),
            {
                "fields": [
                    "baseline_value",
                    "baseline_date",
                    "target_value",
                    "target_date",
                    "target_note",
                ]
            },
        ),
        (_("Measuring"), {"fields": ["source", "method", "owner", "frequency"]}),
        (_("CBS StatLine"), {"fields": ["cbs_table", "cbs_measure", "cbs_region"]}),
    ]

    def get_urls(self):
        return [
            path(
                "import-csv/",
                self.admin_site.admin_view(self.import_csv_view),
                name="agreements_kpi_import_csv",
            ),
            path(
                "<int:pk>/import-cbs/",
                self.admin_site.admin_view(self.import_cbs_view),
                name="agreements_kpi_import_cbs",
            ),
            *super().get_urls(),
        ]

    def import_csv_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        form = CsvImportForm(request.POST or None, request.FILES or None)
        refused = None
        if request.method == "POST" and form.is_valid():
            try:
                count = services.measurements_import_csv(
                    actor=request.user, file=form.cleaned_data["file"]
                )
            except services.ImportRefused as error:
                refused = error.messages
            else:
                messages.success(request, _("%(count)s measurements imported.") % {"count": count})
                return redirect("admin:agreements_kpi_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import measurements from CSV"),
            "form": form,
            "refused": refused,
            "opts": self.model._meta,
        }
        return render(
            request, "admin/agreements/import.html", context, status=400 if refused else 200
        )

    def import_cbs_view(self, request, pk):
        kpi = get_object_or_404(Kpi, pk=pk)
        if not self.has_change_permission(request, kpi):
            raise PermissionDenied
        form = CbsImportForm(request.POST or None, request.FILES or None)
        refused = None
        if request.method == "POST" and form.is_valid():
            try:
                payload = json.load(form.cleaned_data["response"])
            except (ValueError, UnicodeDecodeError):
                refused = [_("The file is not JSON.")]
            else:
                try:
                    count = services.measurements_import_cbs(
                        actor=request.user, kpi=kpi, payload=payload
                    )
                except services.ImportRefused as error:
                    refused = error.messages
                else:
                    messages.success(
                        request, _("%(count)s measurements imported.") % {"count": count}
                    )
                    return redirect(reverse("admin:agreements_kpi_change", args=[kpi.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import measurements from CBS StatLine: %(kpi)s") % {"kpi": kpi.name},
            "form": form,
            "refused": refused,
            "opts": self.model._meta,
        }
        return render(
            request, "admin/agreements/import.html", context, status=400 if refused else 200
        )


@admin.register(Measurement)
class MeasurementAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["kpi", "date", "value", "source", "entered_by"]
    list_filter = ["kpi__goal__agreement"]
    list_select_related = ["kpi", "entered_by"]
    date_hierarchy = "date"
    readonly_fields = ["entered_by", "created_at"]

    def save_model(self, request, obj, form, change):
        services.measurement_save(actor=request.user, measurement=obj)


@admin.register(Event)
class EventAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "title", "agreement"]
    list_filter = ["kind", "agreement"]
    list_select_related = ["agreement"]
    date_hierarchy = "date"
