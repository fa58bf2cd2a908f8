from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from leusden_portal.accounts.forms import SiteLoginForm
from leusden_portal.core import views
from leusden_portal.core.health import health
from leusden_portal.core.throttle import guard_token

# Dutch pages live at /, English ones at /en/: the address says the language, so that a
# link can be shared and a cached page is always in the right language.
urlpatterns = [
    path("health/", health, name="health"),
]
# A clear page for a server error, and a 503 when the database is briefly away.
handler500 = "leusden_portal.core.views.server_error"

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    # First: the submission form and the private links are never served from the page cache,
    # so Django resolves them on every request, trying the patterns in order.
    path("", include("initiatives.urls")),
    path(_("accessibility/"), views.AccessibilityView.as_view(), name="accessibility"),
    path(_("privacy/"), views.PrivacyView.as_view(), name="privacy"),
    # The site login of council members (staff use the admin's own login).
    path(
        _("login/"),
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
            authentication_form=SiteLoginForm,
        ),
        name="login",
    ),
    path(_("logout/"), auth_views.LogoutView.as_view(), name="logout"),
    path("", include("leusden_portal.notifications.urls")),
    path("", include("agreements.urls")),
    path("", include("council.urls")),
    # The link in the welcome e-mail of a new account: choose a password.
    path(
        "admin/password/set/<uidb64>/<token>/",
        guard_token(
            auth_views.PasswordResetConfirmView.as_view(success_url="/admin/password/set/done/")
        ),
        name="password_reset_confirm",
    ),
    path(
        "admin/password/set/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
