"""The admin site of the portal: the work tool of civil servants, the griffie and the
program team. With STAFF_OTP_REQUIRED on (production), staff log in with a second factor."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminSite


class PortalAdminSite(OTPAdminSite):
    site_header = _("Samenleving Voorop: management")
    site_title = _("Samenleving Voorop")
    index_title = _("Management")
    # No list of every table beside each page: the work lists need the width (at 1280 px the
    # queue's columns fell behind its filters); the start page lists what there is.
    enable_nav_sidebar = False

    def __init__(self, name="admin"):
        super().__init__(name)

    # The setting is read per request, so that tests can switch the second factor on.
    @property
    def login_form(self):
        if settings.STAFF_OTP_REQUIRED:
            from leusden_portal.accounts.forms import StaffLoginForm

            return StaffLoginForm
        return AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/login_otp.html" if settings.STAFF_OTP_REQUIRED else None

    index_template = "admin/portal_index.html"

    def index(self, request, extra_context=None):
        """A start page per role: the loket's work queue in counts, the KPIs due for the
        program team, the coming meetings and missing reflections for the griffie; each only
        for whom may work on it."""
        user, work = request.user, {}
        if user.has_perm("initiatives.change_initiative"):
            from initiatives.selectors import work_counts

            work["initiatives"] = work_counts(user)
        if user.has_perm("agreements.add_measurement"):
            from agreements.selectors import kpis_due

            work["kpis_due"] = kpis_due()[:10]
        if user.has_perm("council.change_meeting"):
            from council.selectors import griffie_overview

            work["council"] = griffie_overview()
        return super().index(request, {"work": work, **(extra_context or {})})

    def each_context(self, request):
        """Django builds the list of every model the user may see for each admin page, for
        the sidebar we switched off (8 ms of the inbox's build). Built only if a page asks."""
        from django.utils.functional import SimpleLazyObject

        request._portal_apps_later = True
        try:
            context = super().each_context(request)
        finally:
            del request._portal_apps_later
        context["available_apps"] = SimpleLazyObject(lambda: self.get_app_list(request))
        return context

    def get_app_list(self, request, app_label=None):
        """On the start page only the lists the user's role works in (an app's own page still
        lists all its models the user may see)."""
        if getattr(request, "_portal_apps_later", False):
            return []  # each_context: built later, if a page asks
        app_list = super().get_app_list(request, app_label)
        if app_label is not None:
            return app_list
        from leusden_portal.accounts.roles import start_lists

        shown = start_lists(request.user)
        if shown is None:
            return app_list
        result = []
        for app in app_list:
            models = [
                m
                for m in app["models"]
                if f"{m['model']._meta.app_label}.{m['model']._meta.model_name}" in shown
            ]
            if models:
                result.append({**app, "models": models})
        return result

    def has_permission(self, request):
        if settings.STAFF_OTP_REQUIRED:
            return super().has_permission(request)
        return request.user.is_active and request.user.is_staff
