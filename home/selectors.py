"""Read-side queries on news shared by views, feeds and the homepage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Prefetch

from wagtail.images import get_image_model

from .models import NewsPage, NewsPageQuerySet

if TYPE_CHECKING:
    from knowledge.models import Theme
    from social.people.models import Service, User

HOMEPAGE_PINNED = 3
HOMEPAGE_LATEST = 6


def news_visible_to(
    user: User, *, service: Service | None = None, theme: Theme | None = None
) -> NewsPageQuerySet:
    """Live news the user's audience may see, newest first, ready for cards (bounded queries)."""
    news = (
        NewsPage.objects.live()
        .visible_to(user)
        .select_related("service", "main_image")
        .prefetch_related(
            "themes",
            Prefetch(
                "main_image__renditions",
                queryset=get_image_model().get_rendition_model().objects.all(),
            ),
        )
        .defer_streamfields()
        .order_by(F("date").desc(nulls_last=True), "-pk")
    )
    if service is not None:
        news = news.filter(service=service)
    if theme is not None:
        news = news.filter(themes=theme)
    return news


def homepage_news(*, user: User) -> tuple[NewsPageQuerySet, NewsPageQuerySet]:
    """Pinned news, then the latest others: two lazy querysets, run only if not cached."""
    news = news_visible_to(user)
    pinned = news.filter(pinned=True)[:HOMEPAGE_PINNED]
    # Pinned news beyond the first few fall back into the latest news.
    latest = news.exclude(pk__in=pinned.values("pk"))[:HOMEPAGE_LATEST]
    return pinned, latest
