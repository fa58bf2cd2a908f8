from django.contrib import admin

from leusden_portal.core.admin import ReadOnlyAdminMixin

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
