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
