from django.urls import path
from django.utils.translation import gettext_lazy as _

from leusden_portal.core.pagecache import cache_public_page
from leusden_portal.core.throttle import guard_token, limit_posts

from . import services, views
from .feeds import PublishedInitiativesFeed

app_name = "initiatives"
urlpatterns = [
    # The loket's own pages first: they are built for every request (a form token, a private
    # link), and Django tries the patterns in order, each translated one costing ~8 us.
    path(_("loket/submit/"), views.SubmitView.as_view(), name="submit"),
    path(_("loket/received/<uuid:key>/"), guard_token(views.submitted), name="submitted"),
    path(_("loket/follow/<str:token>/"), guard_token(views.TrackView.as_view()), name="track"),
    path(
        _("loket/follow/<str:token>/file/<str:attachment_token>/"),
        guard_token(views.attachment_for_initiator),
        name="track_attachment",
    ),
    path(
        _("loket/new-link/"), limit_posts("new-link")(views.NewLinkView.as_view()), name="new_link"
    ),
    path(_("loket/file/<str:attachment_token>/"), views.attachment_for_staff, name="attachment"),
    path(_("initiatives/"), views.initiative_list, name="list"),
    path(
        _("initiatives/feed/"),
        cache_public_page(services.PUBLIC_PAGES)(PublishedInitiativesFeed()),
        name="feed",
    ),
    path(
        _("initiatives/support/<str:token>/"),
        guard_token(views.SupportConfirmView.as_view()),
        name="support_confirm",
    ),
    path(_("initiatives/<str:reference>/"), views.initiative_detail, name="detail"),
    path(
        _("initiatives/<str:reference>/support/"),
        limit_posts("support")(views.SupportView.as_view()),
        name="support",
    ),
    path(_("loket/figures/"), views.figures, name="figures"),
    path(_("neighbourhood-budget/<slug:slug>/"), views.budget_detail, name="budget"),
    path(
        _("neighbourhood-budget/<slug:slug>/vote/"),
        limit_posts("ballot")(views.budget_vote),
        name="budget_vote",
    ),
    path(_("neighbourhood-budget/ballot/<str:token>/"), guard_token(views.ballot), name="ballot"),
]
