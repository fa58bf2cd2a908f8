from django.urls import path
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.throttle import guard_token

from . import views

app_name = "notifications"
urlpatterns = [
    path(_("email/turn-off/<str:token>/"), guard_token(views.OptOutView.as_view()), name="opt_out"),
    path(_("email/preferences/"), views.DeliveryPreferencesView.as_view(), name="preferences"),
]
