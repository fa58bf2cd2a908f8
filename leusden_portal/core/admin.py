from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    AccessibilityProblem,
    AccessibilityResearch,
    AccessibilityStatement,
    AuditEntry,
    Municipality,
    Neighbourhood,
    Theme,
)


class ServiceDeleteAdminMixin:
    """Saves and deletes go through the services, so the admin writes the audit log too."""

    def delete_model(self, request, obj):
        services.object_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.object_delete(actor=request.user, obj=obj)


class AuditedAdminMixin:
    """For records without a lifecycle of their own, edited in the admin: every save and
    delete is audited (old and new values) and drops the public pages of `page_sections`."""

    page_sections = ()

    def _audit(self, request, obj, action, before=None):
        from .services import audit_log, snapshot

        fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
        audit_log(
            actor=request.user,
            action=f"{obj._meta.app_label}.{obj._meta.model_name}.{action}",
            obj=obj,
            before=before or {},
            after={} if action == "deleted" else snapshot(obj, fields),
        )

    def _invalidate(self):
        from . import pagecache

        if self.page_sections:
            pagecache.invalidate(*self.page_sections)

    def save_model(self, request, obj, form, change):
        from .services import snapshot

        fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
        before = snapshot(type(obj).objects.get(pk=obj.pk), fields) if change else {}
        super().save_model(request, obj, form, change)
        self._audit(request, obj, "changed" if change else "created", before)
        self._invalidate()

    def delete_model(self, request, obj):
        from .services import snapshot

        fields = [f.name for f in obj._meta.concrete_fields if f.name != "id"]
        self._audit(request, obj, "deleted", snapshot(obj, fields))
        super().delete_model(request, obj)
        self._invalidate()

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        self._invalidate()


class ReadOnlyAdminMixin:
    """For records that only the portal itself writes (audit log, outbox)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["name", "name_en", "slug", "position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(ServiceDeleteAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "reference_prefix", "email", "is_active"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "tagline", "reference_prefix", "cbs_code"]}),
        (
            _("Contact"),
            {
                "fields": [
                    "email",
                    "phone",
                    "website",
                    "postal_address",
                    "visiting_address",
                    "privacy_officer_email",
                ]
            },
        ),
        (_("Appearance"), {"fields": ["logo"]}),
        (None, {"fields": ["is_active"]}),
    ]

    def save_model(self, request, obj, form, change):
        services.municipality_save(actor=request.user, municipality=obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            services.object_delete(actor=request.user, obj=obj)
        for item in instances:
            services.taxonomy_save(actor=request.user, item=item)


class TaxonomyAdmin(ServiceDeleteAdminMixin, admin.ModelAdmin):
    list_select_related = ["municipality"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.taxonomy_save(actor=request.user, item=obj)


@admin.register(Theme)
class ThemeAdmin(TaxonomyAdmin):
    list_display = ["name", "name_en", "position", "is_active", "municipality"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "municipality"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(TaxonomyAdmin):
    list_display = ["name", "kind", "parent", "cbs_code", "position", "is_active"]
    list_filter = ["kind", "is_active", "municipality"]
    list_select_related = ["municipality", "parent"]
    autocomplete_fields = ["parent"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type", "is_public"]
    search_fields = ["object_repr", "actor_label", "action", "object_id"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type", "actor"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]


class AccessibilityResearchInline(admin.TabularInline):
    model = AccessibilityResearch
    extra = 0


class AccessibilityProblemInline(admin.StackedInline):
    model = AccessibilityProblem
    extra = 0
    fields = [
        ("description", "description_en"),
        "criterion",
        ("planned_fix", "planned_fix_en"),
        ("fix_by", "position"),
    ]


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """The statement in the model of Logius; saving it plans the reminder for its review."""

    page_sections = (services.ACCESSIBILITY_PAGES,)
    list_display = ["municipality", "status", "drawn_up_on", "reviewed_on"]
    fieldsets = [
        (None, {"fields": ["municipality", "status", ("scope", "scope_en")]}),
        (_("Dates"), {"fields": ["drawn_up_on", "reviewed_on"]}),
        (None, {"fields": [("measures", "measures_en")]}),
        (
            _("Contact and complaints"),
            {"fields": ["response_days", "complaint_url", "register_url"]},
        ),
    ]
    inlines = [AccessibilityResearchInline, AccessibilityProblemInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.accessibility_review_schedule(obj)
