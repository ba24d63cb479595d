"""Read-side queries on groups and posts shared by views, the homepage and « Mon fil »: every
list goes through the permission filters of permissions.py, and every page of posts is made
ready for its template in a fixed number of queries (no query per post)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.utils.dateparse import parse_datetime

from .models import Group, Membership, Post, PostAttachment
from .permissions import (
    member_group_ids,
    memberships_of,
    post_abilities,
    readable_post_filter,
    visible_group_filter,
)

if TYPE_CHECKING:
    from social.people.models import User

FEED_PAGE_SIZE = 20
HOMEPAGE_ACTIVITY = 5


def groups_visible_to(user: User, *, kind: str = "", mine: bool = False, query: str = ""):
    """The group directory for `user`: name order, member counts (active members only)."""
    groups = Group.objects.filter(visible_group_filter(user))
    if kind:
        groups = groups.filter(kind=kind)
    if mine:
        groups = groups.filter(pk__in=member_group_ids(user))
    if query:
        groups = groups.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return groups.select_related("service", "theme").annotate(
        members_count=Count("memberships", filter=Q(memberships__state=Membership.State.ACTIVE))
    )


def group_members(group: Group, *, state: str = Membership.State.ACTIVE):
    return (
        Membership.objects.filter(group=group, state=state)
        .select_related("user__service")
        .order_by("-role", "user__last_name", "user__first_name")
    )


def _posts_base():
    return (
        Post.objects.published()
        .select_related(
            "author__service", "group", "poll", "link_page", "link_document", "answer__author"
        )
        .prefetch_related(
            "images",
            Prefetch(
                "attachments",
                queryset=PostAttachment.objects.select_related("document").order_by("position"),
            ),
        )
    )


# --- Cursors: newest first, ties broken by a rank per source, then by id -----------------


@dataclass(frozen=True)
class Cursor:
    when: datetime
    rank: int  # 0: a post, 1: a news item
    pk: int

    def encode(self) -> str:
        return f"{self.when.isoformat()}~{self.rank}~{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> Cursor | None:
        try:
            when, rank, pk = (value or "").split("~")
            parsed = parse_datetime(when)
            return cls(parsed, int(rank), int(pk)) if parsed else None
        except ValueError:
            return None

    def after(self, rank: int, field: str) -> Q:
        """A filter keeping the items of a source ranked `rank` that come after this cursor."""
        if rank > self.rank:
            return Q(**{f"{field}__lte": self.when})
        if rank < self.rank:
            return Q(**{f"{field}__lt": self.when})
        return Q(**{f"{field}__lt": self.when}) | Q(**{field: self.when, "pk__lt": self.pk})


def group_feed(*, user: User, group: Group, before: str | None = None):
    """A page of the group's posts (pinned ones apart), newest first: (posts, next cursor)."""
    posts = _posts_base().filter(group=group, pinned_at__isnull=True)
    cursor = Cursor.decode(before)
    if cursor is not None:
        posts = posts.filter(cursor.after(0, "created_at"))
    page = list(posts.order_by("-created_at", "-pk")[: FEED_PAGE_SIZE + 1])
    more = len(page) > FEED_PAGE_SIZE
    page = page[:FEED_PAGE_SIZE]
    prepare_posts(page, user=user)
    last = page[-1] if page and more else None
    return page, Cursor(last.created_at, 0, last.pk).encode() if last else None


def pinned_posts(*, user: User, group: Group) -> list[Post]:
    posts = list(
        _posts_base().filter(group=group, pinned_at__isnull=False).order_by("-pinned_at")[:5]
    )
    prepare_posts(posts, user=user)
    return posts


@dataclass
class FeedItem:
    kind: str  # "post" or "news"
    when: datetime
    item: object


def my_feed(*, user: User, before: str | None = None) -> tuple[list[FeedItem], str | None]:
    """« Mon fil »: posts of my groups and news for my audience, newest first, by pages of
    FEED_PAGE_SIZE; each source read once (its own index), merged here."""
    from home.selectors import news_visible_to

    cursor = Cursor.decode(before)
    size = FEED_PAGE_SIZE + 1
    posts = _posts_base().filter(group_id__in=member_group_ids(user))
    news = news_visible_to(user).filter(date__isnull=False)
    if cursor is not None:
        posts = posts.filter(cursor.after(0, "created_at"))
        news = news.filter(cursor.after(1, "date"))
    items = [
        FeedItem("post", post.created_at, post)
        for post in posts.order_by("-created_at", "-pk")[:size]
    ]
    items += [FeedItem("news", page.date, page) for page in news[:size]]
    items.sort(key=lambda entry: (entry.when, -(entry.kind == "news"), entry.item.pk), reverse=True)
    more = len(items) > FEED_PAGE_SIZE
    items = items[:FEED_PAGE_SIZE]
    prepare_posts([entry.item for entry in items if entry.kind == "post"], user=user)
    last = items[-1] if items and more else None
    next_cursor = (
        Cursor(last.when, 0 if last.kind == "post" else 1, last.item.pk).encode() if last else None
    )
    return items, next_cursor


def group_activity(*, user: User, limit: int = HOMEPAGE_ACTIVITY) -> list[Post]:
    """« Activité de mes groupes » on the homepage: the latest posts of my groups."""
    mine = member_group_ids(user)
    if not mine:
        return []
    return list(
        Post.objects.published()
        .filter(group_id__in=mine)
        .select_related("author", "group")
        .order_by("-created_at", "-pk")[:limit]
    )


def posts_readable_by(user: User):
    return Post.objects.published().filter(readable_post_filter(user))


def prepare_posts(posts: list[Post], *, user: User) -> None:
    """Give each post what its card reads — reactions, comment count, the reader's abilities,
    the link preview only when the reader may see what it names — in a fixed number of
    queries whatever the number of posts."""
    from wagtail.models import Page

    from home.models import NewsPage
    from knowledge.selectors import can_view_document, visible_pages
    from social.comments.models import Comment
    from social.reactions.selectors import reaction_summaries

    if not posts:
        return
    ids = [post.pk for post in posts]
    reactions = reaction_summaries(user=user, model=Post, ids=ids)
    counts = dict(
        Comment.objects.filter(
            target_type=ContentType.objects.get_for_model(Post),
            target_id__in=ids,
            status=Comment.Status.PUBLISHED,
        )
        .values_list("target_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    page_ids = {post.link_page_id for post in posts if post.link_page_id}
    visible_page_ids = set()
    if page_ids:
        visible_page_ids = set(
            visible_pages(user, Page.objects.live().filter(pk__in=page_ids)).values_list(
                "pk", flat=True
            )
        )
        hidden_news = NewsPage.objects.filter(pk__in=visible_page_ids).exclude(
            pk__in=NewsPage.objects.visible_to(user).values("pk")
        )
        visible_page_ids -= set(hidden_news.values_list("pk", flat=True))
    states = memberships_of(user)
    for post in posts:
        admin = user.is_superuser or states.get(post.group_id) == ("active", "admin")
        post.reactions = reactions[post.pk]
        post.comments_count = counts.get(post.pk, 0)
        post.abilities = post_abilities(user, post, admin=admin)
        if post.link_page_id:
            post.preview = post.link_page_id in visible_page_ids
        elif post.link_document_id:
            post.preview = can_view_document(user, post.link_document)
        else:
            post.preview = False
