"""One check for every page: where the settings require a second factor, a staff account is
only logged in with it. A staff session without it (from a login that skipped the code) is
ended before any view runs, so no view of staff (an attachment, a ho-stop, the admin) can
be reached with a password alone."""

from django.conf import settings
from django.contrib.auth import logout


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.STAFF_OTP_REQUIRED
            and user.is_authenticated
            and user.is_staff
            and not user.is_verified()
        ):
            logout(request)
        return self.get_response(request)
