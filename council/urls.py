from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "council"
urlpatterns = [
    path(_("ho-stop/<str:token>/"), views.hostop_by_token, name="hostop"),
    path(_("ho-stop/card/<int:pk>/"), views.hostop_mine, name="hostop_mine"),
    path(_("ho-stop/raise/<str:label>/<str:pk>/"), views.hostop_raise, name="hostop_raise"),
]
