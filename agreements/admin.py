import io
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.exports import SafeWriter

from . import services
from .models import Agreement, Event, Goal, Kpi, Measurement, Milestone, Partner, SubProject
from .templatetags.agreements import format_value


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
            from council.selectors import refuse_if_paused

            refuse_if_paused(self.instance, forms.ValidationError)
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


class MeasurementForm(forms.ModelForm):
    """A measurement that looks mistyped (109 for a percentage, ten times the values so far)
    is published only once someone ticks that it is right."""

    confirm_unusual = forms.BooleanField(
        label=_("This value is right"),
        required=False,
        help_text=_("Only for a value far from the ones so far."),
    )

    class Meta:
        model = Measurement
        fields = ["kpi", "date", "value", "source", "note"]

    def clean(self):
        cleaned = super().clean()
        kpi = cleaned.get("kpi") or getattr(self.instance, "kpi", None)
        value = cleaned.get("value")
        if cleaned.get("date") and (reason := services.implausible_date(cleaned["date"])):
            self.add_error("date", capfirst(reason) + ".")
        if value is not None and not cleaned.get("confirm_unusual"):
            reason = services.measurement_unusual(kpi, value, exclude_pk=self.instance.pk)
            if reason:
                self.add_error(
                    "value",
                    _("%(reason)s Is it right all the same? Tick “This value is right”.")
                    % {"reason": reason},
                )
        return cleaned


class MeasurementInline(admin.TabularInline):
    model = Measurement
    form = MeasurementForm
    extra = 1
    fields = ["date", "value", "source", "note", "confirm_unusual", "entered_by"]
    readonly_fields = ["entered_by"]


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: kpi (its name or number), datum (31-12-2024 or 2024-12-31), waarde "
            "(37,7), bron, opmerking; the English names work too. Separated by ; or , as Excel "
            "saves it. You see what will be imported before anything is stored."
        ),
        error_messages={"required": _("Choose the CSV file with the measurements.")},
    )
    MAX_BYTES = 2 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 2 MB; split it into smaller files.")
            )
        return upload


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
    list_display = ["name", "goal", "baseline", "target", "owner", "frequency"]
    list_filter = ["goal__agreement", "frequency", "direction"]
    list_select_related = ["goal", "owner"]
    search_fields = ["name", "source"]
    autocomplete_fields = ["owner"]
    inlines = [MeasurementInline, MilestoneInline]  # measured often, milestones set once
    change_form_template = "admin/agreements/kpi/change_form.html"

    # Values with the KPI's own decimals and unit ("37,7%"), not the stored "37,7000".
    @admin.display(description=_("baseline"), ordering="baseline_value")
    def baseline(self, kpi):
        return format_value(kpi.baseline_value, kpi) or "-"

    @admin.display(description=_("target"), ordering="target_value")
    def target(self, kpi):
        return format_value(kpi.target_value, kpi) or "-"

    fieldsets = [
        (
            _("Definition"),
            {"fields": ["goal", "name", "unit", "decimals", "direction", "weight", "position"]},
        ),
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

    def get_fieldsets(self, request, obj=None):
        """A new KPI is defined in full; an existing one is mostly measured: its definition
        folds away (a details element, no script needed) so the measurements come first."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [(name, {**options, "classes": ["collapse"]}) for name, options in fieldsets]

    def get_urls(self):
        return [
            path(
                "import-csv/",
                self.admin_site.admin_view(self.import_csv_view),
                name="agreements_kpi_import_csv",
            ),
            path(
                "import-csv/voorbeeld.csv",
                self.admin_site.admin_view(self.import_csv_example_view),
                name="agreements_kpi_import_csv_example",
            ),
            path(
                "<int:pk>/import-cbs/",
                self.admin_site.admin_view(self.import_cbs_view),
                name="agreements_kpi_import_cbs",
            ),
            *super().get_urls(),
        ]

    IMPORT_SESSION_KEY = "agreements.measurements_import"

    def import_csv_view(self, request):
        """Choose a file, see what it will add and what is refused and why, then import."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import measurements from CSV"),
            "opts": self.model._meta,
            "example_url": reverse("admin:agreements_kpi_import_csv_example"),
        }
        if request.method == "POST" and "confirm" in request.POST:
            raw = request.session.pop(self.IMPORT_SESSION_KEY, None)
            if raw is None:
                messages.error(request, _("Choose the file again: the preview has expired."))
                return redirect("admin:agreements_kpi_import_csv")
            rows, _refused = services.measurements_parse_csv(raw.encode("utf-8"))
            count = services.measurements_import(actor=request.user, rows=rows)
            messages.success(request, _("%(count)s measurements imported.") % {"count": count})
            return redirect("admin:agreements_kpi_changelist")
        # Bound on every POST: sent without a file (an empty POST) it must say so.
        form = CsvImportForm(
            request.POST if request.method == "POST" else None, request.FILES or None
        )
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            rows, refused = services.measurements_parse_csv(raw)
            if rows:
                # Kept until the import is confirmed (the parsed text, not the upload).
                request.session[self.IMPORT_SESSION_KEY] = services.csv_text(raw)
            context.update(form=form, rows=rows, refused=refused, preview=True)
            status = 400 if refused and not rows else 200
            return render(request, "admin/agreements/import.html", context, status=status)
        context.update(form=form)
        status = 400 if form.errors else 200
        return render(request, "admin/agreements/import.html", context, status=status)

    def import_csv_example_view(self, request):
        """An example file to fill in, with the names of the KPIs as they are in the portal."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        out = io.StringIO()
        writer = SafeWriter(out, delimiter=";")
        writer.writerow(["kpi", "datum", "waarde", "bron", "opmerking"])
        for kpi in Kpi.objects.order_by("goal__agreement__position", "position")[:3]:
            writer.writerow([kpi.name, "31-12-2025", "37,5", kpi.source or "", ""])
        response = HttpResponse(
            "\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8"
        )  # with a BOM: Excel then reads the accents right
        response["Content-Disposition"] = 'attachment; filename="metingen-voorbeeld.csv"'
        return response

    CBS_MAX_BYTES = 5 * 1024 * 1024

    def import_cbs_view(self, request, pk):
        kpi = get_object_or_404(Kpi, pk=pk)
        if not self.has_change_permission(request, kpi):
            raise PermissionDenied
        form = CbsImportForm(request.POST or None, request.FILES or None)
        refused = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["response"]
            try:
                if upload.size > self.CBS_MAX_BYTES:
                    raise ValueError
                raw = upload.read()
                if services.json_too_deep(raw):
                    raise ValueError
                payload = json.loads(raw)
            except (ValueError, UnicodeDecodeError):  # too big, too deeply nested, not JSON
                refused = [_("The file is not a CBS response in JSON (at most 5 MB).")]
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
    form = MeasurementForm
    fields = ["kpi", "date", "value", "confirm_unusual", "source", "note", "entered_by"]
    list_display = ["kpi", "date", "value_shown", "source", "entered_by"]
    list_filter = ["kpi__goal__agreement"]
    list_select_related = ["kpi", "entered_by"]
    date_hierarchy = "date"
    readonly_fields = ["entered_by", "created_at"]

    @admin.display(description=_("value"), ordering="value")
    def value_shown(self, measurement):
        return format_value(measurement.value, measurement.kpi)

    def save_model(self, request, obj, form, change):
        services.measurement_save(actor=request.user, measurement=obj)


@admin.register(Event)
class EventAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["date", "kind", "title", "agreement"]
    list_filter = ["kind", "agreement"]
    list_select_related = ["agreement"]
    date_hierarchy = "date"
