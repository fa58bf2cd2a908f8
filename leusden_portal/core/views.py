from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "core/home.html"


class AccessibilityView(TemplateView):
    template_name = "core/accessibility.html"


class PrivacyView(TemplateView):
    template_name = "core/privacy.html"
