"""The admin site of the portal: the work tool of civil servants, the griffie and the
program team. With STAFF_OTP_REQUIRED on (production), staff log in with a second factor."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


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
            return OTPAdminAuthenticationForm
        return AdminAuthenticationForm

    @property
    def login_template(self):
        return "otp/admin111/login.html" if settings.STAFF_OTP_REQUIRED else None

    def has_permission(self, request):
        if settings.STAFF_OTP_REQUIRED:
            return super().has_permission(request)
        return request.user.is_active and request.user.is_staff
