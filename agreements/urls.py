from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "agreements"
urlpatterns = [
    path(_("society-agreements/"), views.agreement_list, name="list"),
    path(_("society-agreements/open-data/"), views.open_data, name="open_data"),
    path(_("society-agreements/open-data/kpis.json"), views.kpis_json, name="kpis_json"),
    path(_("society-agreements/open-data/kpi/<int:pk>.json"), views.kpi_json, name="kpi_json"),
    path(_("society-agreements/open-data/kpi/<int:pk>.csv"), views.kpi_csv, name="kpi_csv"),
    path(_("society-agreements/<slug:slug>/"), views.agreement_detail, name="detail"),
]
