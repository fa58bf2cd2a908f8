import json

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.admin import ReadOnlyAdminMixin

from . import services
from .models import DeliveryPreference, EmailOptOut, Notification, Reminder
from .registry import get_kind


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "recipient_email", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["recipient_email"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    # The context as stored, except what is secret for its kind (a private link): the row
    # keeps it until it is sent, and no page shows it.
    fields = [f.name if f.name != "context" else "context_shown" for f in Notification._meta.fields]
    readonly_fields = fields
    actions = ["retry"]

    @admin.display(description=_("context"))
    def context_shown(self, notification):
        try:
            secret = get_kind(notification.kind).secret_context
        except LookupError:
            secret = ()
        shown = {
            key: (_("(hidden)") if key in secret else value)
            for key, value in (notification.context or {}).items()
        }
        return json.dumps(shown, ensure_ascii=False, indent=2, default=str)

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["view"])
    def retry(self, request, queryset):
        count = sum(
            services.notification_retry(actor=request.user, notification=n)
            for n in queryset.filter(state=Notification.State.FAILED)
        )
        self.message_user(
            request, _("E-mails queued again: %(count)d") % {"count": count}, messages.SUCCESS
        )


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["due_at", "kind", "slot", "recipient_email", "state"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient_email"]
    date_hierarchy = "due_at"
    list_select_related = ["content_type"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EmailOptOut)
class EmailOptOutAdmin(admin.ModelAdmin):
    list_display = ["email", "created_at"]
    search_fields = ["email"]


@admin.register(DeliveryPreference)
class DeliveryPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "mode"]
    list_filter = ["kind", "mode"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
