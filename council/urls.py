from django.urls import path
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.throttle import guard_token, limit_posts

from . import views

app_name = "council"
urlpatterns = [
    path(_("ho-stop/<str:token>/"), guard_token(views.hostop_by_token), name="hostop"),
    path(_("ho-stop/card/<int:pk>/"), views.hostop_mine, name="hostop_mine"),
    path(_("ho-stop/raise/<str:label>/<str:pk>/"), views.hostop_raise, name="hostop_raise"),
    # The confirmation first: its path would also match the one below.
    path(
        _("ho-stop/partner/confirm/<str:payload>/"),
        guard_token(views.hostop_partner_confirm),
        name="hostop_partner_confirm",
    ),
    path(
        _("ho-stop/partner/<str:label>/<str:pk>/"),
        limit_posts("hostop-partner")(views.hostop_partner),
        name="hostop_partner",
    ),
    path(_("council/meetings/"), views.meeting_list, name="meetings"),
    path(_("council/meetings.ics"), views.meetings_ical, name="meetings_ical"),
    path(_("council/meetings/<int:pk>/"), views.meeting_detail, name="meeting"),
    path(_("council/decisions/<int:pk>/"), views.decision_detail, name="decision"),
    path(_("council/decisions/<int:pk>/check/"), views.decision_score, name="decision_score"),
    path(_("council/spiegelend-raadslid/"), views.reflection_archive, name="reflections"),
    path(_("council/members/<int:pk>/"), views.member_detail, name="member"),
    path(_("council/core-values/"), views.core_values_dashboard, name="core_values"),
    path(_("council/mine/"), views.mine, name="mine"),
    path(
        _("council/mine/reflection/<int:meeting_pk>/"),
        views.reflection_edit,
        name="reflection_edit",
    ),
    path(_("council/sortition/<slug:slug>/"), views.sortition_detail, name="sortition"),
    path(_("council/sortition/<slug:slug>/data.json"), views.sortition_data, name="sortition_data"),
    path(
        _("council/sortition/<slug:slug>/register/"),
        limit_posts("sortition")(views.sortition_register),
        name="sortition_register",
    ),
    path(
        _("council/sortition/volunteer/<str:token>/"),
        guard_token(views.volunteer_link),
        name="volunteer",
    ),
    path(_("council/visit/<slug:slug>/"), views.event_detail, name="event"),
    path(
        _("council/visit/<slug:slug>/sign-up/"),
        limit_posts("event")(views.event_signup),
        name="event_signup",
    ),
    path(_("council/visit/sign-up/<str:token>/"), guard_token(views.signup_link), name="signup"),
    path(_("wijkraad/<slug:slug>/"), views.wijkraad, name="wijkraad"),
    path(_("manifest/<slug:slug>/"), views.manifest, name="manifest"),
    path(
        _("manifest/<slug:slug>/sign/"),
        limit_posts("manifest")(views.manifest_sign),
        name="manifest_sign",
    ),
    path(_("manifest/signature/<str:token>/"), guard_token(views.signature_link), name="signature"),
]
