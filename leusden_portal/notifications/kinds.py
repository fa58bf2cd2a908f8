from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from .registry import Kind, register


def _set_password_link(notification):
    """A one-time link to choose a password, made when the e-mail is sent (never stored)."""
    user = notification.recipient_user
    if user is None:
        return ""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])


DIGEST = register(Kind("notifications.digest", _("Daily digest")))
ACCOUNT_WELCOME = register(
    Kind(
        "accounts.welcome",
        _("Welcome to a new account, with a link to set a password"),
        link=_set_password_link,
    )
)
