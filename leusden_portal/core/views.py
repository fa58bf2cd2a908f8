from django.views.generic import TemplateView

from .models import AccessibilityStatement
from .pagecache import cache_public_page
from .selectors import active_municipality
from .services import ACCESSIBILITY_PAGES


@cache_public_page()
class HomeView(TemplateView):
    template_name = "core/home.html"


@cache_public_page(ACCESSIBILITY_PAGES)
class AccessibilityView(TemplateView):
    """The accessibility statement in the model of Logius, from the data in the admin."""

    template_name = "core/accessibility.html"

    def get_context_data(self, **kwargs):
        municipality = active_municipality() or {}
        statement = (
            AccessibilityStatement.objects.filter(municipality_id=municipality.get("id"))
            .prefetch_related("researches", "problems")
            .first()
        )
        return {**super().get_context_data(**kwargs), "statement": statement}


@cache_public_page()
class PrivacyView(TemplateView):
    template_name = "core/privacy.html"


def csrf_failure(request, reason=""):
    """A form sent without (or with an old) security code: the Dutch 403 page."""
    from django.shortcuts import render

    return render(request, "403.html", status=403)


def database_unavailable(error):
    """Whether `error` (or what caused it) says the database cannot be reached right now:
    Django's wrapped errors and the driver's own, which some code paths let through."""
    from django.db import InterfaceError, OperationalError, connection

    driver = connection.Database
    kinds = (OperationalError, InterfaceError, driver.OperationalError, driver.InterfaceError)
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, kinds):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def server_error(request):
    """handler500. A database that is briefly unreachable (a restart, a failover) gives a clear
    503 page that asks to try again, instead of a bare server error; the page needs no
    database and no cache. Anything else is a 500 page of the same kind."""
    import sys

    from django.http import HttpResponse
    from django.template.loader import render_to_string

    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
    else:
        response = HttpResponse(render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
