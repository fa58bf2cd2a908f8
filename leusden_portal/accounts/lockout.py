"""What django-axes counts failed logins by: the address as login reads it and the person's
own network address.

Login finds an account by its e-mail address in any case (and the form strips spaces), so
the counter does too: "RAADSLID@leusden.example" and "raadslid@leusden.example " share five
tries. Behind the proxies in front of the portal (THROTTLE_TRUSTED_PROXIES) every request
comes from a proxy; the address is the one the nearest trusted proxy saw, the same rule as
the rate limits, so one person's wrong passwords do not lock out everyone else."""

from django.conf import settings

from leusden_portal.core.throttle import client_ip as _client_ip


def username(request, credentials):
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) if credentials else None
    if value is None and request is not None:
        value = request.POST.get(field)
    return (value or "").strip().casefold() or None


def client_ip(request):
    return _client_ip(request) or None
