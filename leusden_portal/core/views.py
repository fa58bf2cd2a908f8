from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from .pagecache import cache_public_page


@method_decorator(cache_public_page(), name="dispatch")
class HomeView(TemplateView):
    template_name = "core/home.html"


@method_decorator(cache_public_page(), name="dispatch")
class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


@method_decorator(cache_public_page(), name="dispatch")
class PrivacyView(TemplateView):
    template_name = "core/privacy.html"
