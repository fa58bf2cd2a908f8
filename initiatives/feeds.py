from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from leusden_portal.core.selectors import active_municipality

from . import selectors


class PublishedInitiativesFeed(Feed):
    """The newest published initiatives as an Atom feed."""

    feed_type = Atom1Feed

    def title(self):
        municipality = active_municipality() or {}
        return _("Initiatives in %(name)s") % {"name": municipality.get("short_name", "")}

    def link(self):
        return reverse("initiatives:list")

    def subtitle(self):
        return _("Ideas and initiatives of residents and partners, shown with their consent.")

    def items(self):
        return selectors.public_initiatives().order_by("-submitted_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the description as type="html": a feed reader renders it as HTML, so
        # the resident's text is escaped here (the XML escaping comes on top of it).
        return linebreaks(item.description, autoescape=True)

    def item_link(self, item):
        return reverse("initiatives:detail", args=[item.reference])

    def item_pubdate(self, item):
        return item.submitted_at

    def item_categories(self, item):
        return [item.theme.name]
