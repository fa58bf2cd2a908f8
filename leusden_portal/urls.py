from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy as _

from leusden_portal.core import views
from leusden_portal.core.health import health

# Dutch pages live at /, English ones at /en/: the address says the language, so that a
# link can be shared and a cached page is always in the right language.
urlpatterns = [
    path("health/", health, name="health"),
]
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path(_("accessibility/"), views.AccessibilityView.as_view(), name="accessibility"),
    path(_("privacy/"), views.PrivacyView.as_view(), name="privacy"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
