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


def csrf_failure(request, reason=""):
    """A form sent without (or with an old) security code: the Dutch 403 page."""
    from django.shortcuts import render

    return render(request, "403.html", status=403)
