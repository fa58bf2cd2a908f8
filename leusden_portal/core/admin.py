from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import AuditEntry, Municipality, Neighbourhood, Theme


class ServiceAdminMixin:
    """Saves and deletes go through the services, so the admin writes the audit log too."""

    def delete_model(self, request, obj):
        services.object_delete(actor=request.user, obj=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.object_delete(actor=request.user, obj=obj)


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
class MunicipalityAdmin(ServiceAdminMixin, admin.ModelAdmin):
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


class TaxonomyAdmin(ServiceAdminMixin, admin.ModelAdmin):
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
