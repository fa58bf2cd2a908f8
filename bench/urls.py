"""The portal's URLs plus a bare view: the ceiling of this stack (same gunicorn, same
middleware) that the pages are compared with."""

from django.http import HttpResponse
from django.urls import path

from leusden_portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
