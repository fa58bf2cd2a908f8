"""The staff login with a second factor, in the portal's language.

django-otp's admin form does the checking; it ships no Dutch, so its field labels and
messages are ours (and so translated like every other text of the portal)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class StaffLoginForm(OTPAdminAuthenticationForm):
    """E-mail address, password and the code, in one go. django-otp wants the device named
    first (so that a wrong code does not count against every device); a person has one app
    and perhaps backup codes, so the shape of the code names the device: the app's digits,
    or a backup code. Only when that still leaves a choice does the form ask for one."""

    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required=_("Enter the code from your authenticator app."),
        invalid_token=_("That code is not right. Enter the code your app shows now."),
        n_failed_attempts=_("Too many wrong codes: wait a minute and try again."),
        verification_not_allowed=_("Checking codes is paused for a moment; try again soon."),
        device_required=_("Choose the device that gives your code."),
        not_interactive=_("This device shows its code itself; enter it below."),
        challenge_exception=_("The code could not be sent: {0}"),
        challenge_message=_("Code sent: {0}"),
        no_device=_(
            "Your account has no second factor yet. Ask the portal's administrator to set up "
            "an authenticator app for you."
        ),
    )

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
        if len(fits_app) == 1:
            return fits_app[0]
        if not fits_app and len(codes) == 1:
            return codes[0]
        return None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = self.fields["otp_token"]
        token.label = _("Code from your authenticator app")
        token.help_text = _("Six digits, or one of your backup codes.")
        token.widget = forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
        )
        self.fields["otp_device"].label = _("Device")
