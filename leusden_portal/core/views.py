from django.views.generic import TemplateView

from .pagecache import cache_public_page


@cache_public_page()
class HomeView(TemplateView):
    template_name = "core/home.html"


@cache_public_page()
class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


@cache_public_page()
class PrivacyView(TemplateView):
    template_name = "core/privacy.html"


def server_error(request):
    """handler500. A database that is briefly unreachable (a restart, a failover) gives a clear
    503 page that asks to try again, instead of a bare server error; the page needs no
    database and no cache. Anything else is a 500 page of the same kind."""
    import sys

    from django.db import InterfaceError, OperationalError
    from django.http import HttpResponse
    from django.template.loader import render_to_string

    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
    else:
        response = HttpResponse(render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
