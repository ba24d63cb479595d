"""RSS and Atom feeds of the news a person may see, for feed readers that cannot log in.

The URL carries a secret token (revocable from the profile page); the feed holds exactly what
the token's owner would see on the intranet.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from .models import FeedToken, news_visible_to

FEED_SIZE = 30


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    description = _("Les dernières actualités de l'intranet, selon votre public.")

    def get_object(self, request, token):
        feed_token = FeedToken.objects.holder(token)
        if feed_token is None:
            raise Http404
        self.request = request
        return feed_token

    def title(self, feed_token):
        from wagtail.models import Site

        site = Site.find_for_request(self.request)
        return _("Actualités — %(site)s") % {"site": site.site_name if site else "Parvis"}

    def link(self, feed_token):
        return "/"

    def items(self, feed_token):
        return news_visible_to(feed_token.user)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
