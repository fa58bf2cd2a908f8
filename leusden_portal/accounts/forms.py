"""The staff login with a second factor, in the portal's language.

django-otp's admin form does the checking; it ships no Dutch, so its field labels and
messages are ours (and so translated like every other text of the portal)."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# One answer for every way a login can fail: a wrong password, a wrong or missing code, an
# account without a second factor. Different answers would tell someone who guesses that the
# password was right.
NOT_RIGHT = _(
    "The e-mail address, the password or the code is not right. The code changes every 30 "
    "seconds. No authenticator app yet? Ask the portal's administrator to set one up for you."
)


class StaffLoginForm(OTPAdminAuthenticationForm):
    """E-mail address, password and the code, in one go. django-otp wants the device named
    first (so that a wrong code does not count against every device); a person has one app
    and perhaps backup codes, so the shape of the code names the device: the app's digits,
    or a backup code. Nothing on the page changes when the password was right and the code
    was not: the same message, no device list, the password not filled in again."""

    error_messages = {**OTPAdminAuthenticationForm.error_messages, "invalid_login": NOT_RIGHT}
    otp_error_messages = {
        **dict.fromkeys(OTPAuthenticationFormMixin.otp_error_messages, NOT_RIGHT),
        "no_device": NOT_RIGHT,
    }

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is not None:
            return device
        token = (self.cleaned_data.get("otp_token") or "").strip()
        devices = list(devices_for_user(user, for_verify=True))
        if not devices:
            raise forms.ValidationError(self.otp_error_messages["no_device"], code="no_device")
        if len(devices) == 1:
            return devices[0]
        apps = [d for d in devices if isinstance(d, TOTPDevice)]
        codes = [d for d in devices if isinstance(d, StaticDevice)]
        fits_app = [d for d in apps if token.isdigit() and len(token) == d.digits]
        if fits_app:
            return fits_app[0]  # two apps: the first one registered
        return codes[0] if codes else apps[0]

    def _update_form(self, user):
        super()._update_form(user)
        self.fields["password"].widget.render_value = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = self.fields["otp_token"]
        token.label = _("Code from your authenticator app")
        token.help_text = _("Six digits, or one of your backup codes.")
        token.widget = forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
        )


class SiteLoginForm(AuthenticationForm):
    """The site login, for council members. Where staff need a second factor, a staff
    account does not log in here (it would skip the code): it gets the same answer as a
    wrong password, and the page says where staff log in."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff and settings.STAFF_OTP_REQUIRED:
            raise self.get_invalid_login_error()
