"""Read-side queries on groups and posts shared by views, the homepage and « Mon fil »: every
list goes through the permission filters of permissions.py, and every page of posts is made
ready for its template in a fixed number of queries (no query per post)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from home.cache import content_generation
from home.models import NEWS_SCOPE, NewsPage, news_for_cards, news_visible_to
from knowledge.library.selectors import can_view_document
from knowledge.models import LibraryDocument
from social.comments.models import Comment
from social.people.audience import visible_ids
from social.people.scope import page_is_visible, scope_key
from social.reactions.selectors import reaction_summaries

from .models import Group, Membership, Post, PostAttachment
from .permissions import (
    member_group_ids,
    memberships_of,
    post_abilities,
    visible_group_filter,
)

if TYPE_CHECKING:
    from social.people.models import User

FEED_PAGE_SIZE = 10
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
    # Explicit: Meta.ordering is dropped from a query with an aggregate.
    return (
        groups.select_related("service", "theme")
        .annotate(
            members_count=Count("memberships", filter=Q(memberships__state=Membership.State.ACTIVE))
        )
        .order_by("name", "pk")
    )


def group_members(group: Group, *, state: str = Membership.State.ACTIVE):
    return (
        Membership.objects.filter(group=group, state=state)
        .select_related("user__service")
        .order_by("-role", "user__last_name", "user__first_name")
    )


def _posts_base():
    # Few joins: PostgreSQL plans a query with eight of them in 3 ms, longer than it runs.
    return Post.objects.published().select_related("author__service", "group")


def _with_details(posts: list[Post]) -> list[Post]:
    """Fetch what the cards of `posts` show besides the post itself, each kind in one query made
    only when a post of the page needs it: text, images and documents come from the fragment
    cache when the post's content is there (`content_cache_key`), else from the database
    (documents without their extracted text, which can weigh megabytes); the rarer linked page
    or document, poll and chosen answer only when a post has one."""
    from django.core.cache import caches
    from django.db.models import prefetch_related_objects

    keys = {post.pk: content_cache_key(post) for post in posts}
    found = caches["fragments"].get_many(list(keys.values())) if posts else {}
    for post in posts:
        post.content_html = found.get(keys[post.pk])
    to_render = [post for post in posts if post.content_html is None]
    attachments = (
        PostAttachment.objects.select_related("document")
        .defer("document__extracted_text")
        .order_by("position")
    )
    needs = {
        "image_count": ("images", to_render),
        "document_count": (Prefetch("attachments", queryset=attachments), to_render),
        "link_page_id": ("link_page", posts),
        "link_document_id": (
            Prefetch("link_document", queryset=LibraryDocument.objects.defer("extracted_text")),
            posts,
        ),
        "poll_id": ("poll", posts),
        "answer_id": (Prefetch("answer", queryset=Comment.objects.select_related("author")), posts),
    }
    for field, (lookup, among) in needs.items():
        having = [post for post in among if getattr(post, field)]
        if having:
            prefetch_related_objects(having, lookup)
    polls = [post.poll for post in posts if post.poll_id and post.poll is not None]
    prefetch_related_objects(polls, "choices")
    for post in posts:
        if post.poll_id and post.poll is not None:  # the poll knows its post: no query to ask
            post.poll._state.fields_cache["group_post"] = post
    return posts


def content_cache_key(post: Post) -> str:
    """The fragment cache key of a post's text, images and documents: any edit, deletion or
    moderation gives a new one (a document renamed in the library shows within ten minutes)."""
    from django.utils.translation import get_language

    edited = post.edited_at.timestamp() if post.edited_at else 0
    version = f"{edited:.6f}:{post.status}:{post.image_count}:{post.document_count}"
    return f"post-content:{post.pk}:{version}:{get_language()}"


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
        """The cursor of a `?avant=` parameter; None for anything malformed (the first page)."""
        try:
            when, rank, pk = (value or "").split("~")
            parsed = parse_datetime(when)
            if parsed is None or rank not in ("0", "1"):
                return None
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
            return cls(parsed, int(rank), int(pk))
        except (ValueError, OverflowError):
            return None

    def after_item(self, rank: int, when: datetime, pk: int) -> bool:
        """Whether an item of a source ranked `rank` comes after this cursor."""
        if when != self.when:
            return when < self.when
        return rank > self.rank or (rank == self.rank and pk < self.pk)

    def after(self, rank: int, field: str) -> Q:
        """A filter keeping the items of a source ranked `rank` that come after this cursor."""
        if rank > self.rank:
            return Q(**{f"{field}__lte": self.when})
        if rank < self.rank:
            return Q(**{f"{field}__lt": self.when})
        return Q(**{f"{field}__lt": self.when}) | Q(**{field: self.when, "pk__lt": self.pk})


def latest_post_ids(group_ids: list[int], *, limit: int, cursor: Cursor | None = None) -> list[int]:
    """Ids of the newest published posts of these groups (after `cursor`), newest first.

    One `ORDER BY … LIMIT` over all the groups makes PostgreSQL read every post of every group
    and sort them (128 ms for 50,000 posts). On PostgreSQL, a lateral join runs one short scan
    of the partial index groups_post_feed per group instead, reading at most `limit` rows of
    each, whatever their number; other databases (the SQLite demo) take the simple query.
    """
    if not group_ids:
        return []
    posts = Post.objects.published()
    if connection.vendor != "postgresql":
        if cursor is not None:
            posts = posts.filter(cursor.after(0, "created_at"))
        posts = posts.filter(group_id__in=group_ids).order_by("-created_at", "-id")
        return list(posts.values_list("id", flat=True)[:limit])
    after, params = "", []
    if cursor is not None and cursor.rank > 0:  # a news item's: posts of its instant came before
        after, params = "AND p.created_at < %s", [cursor.when]
    elif cursor is not None:
        after = "AND (p.created_at < %s OR (p.created_at = %s AND p.id < %s))"
        params = [cursor.when, cursor.when, cursor.pk]
    sql = f"""
        SELECT latest.id FROM unnest(%s::bigint[]) AS mine(group_id)
        CROSS JOIN LATERAL (
            SELECT p.id, p.created_at FROM {Post._meta.db_table} p
            WHERE p.group_id = mine.group_id AND p.status = %s {after}
            ORDER BY p.created_at DESC, p.id DESC LIMIT %s
        ) AS latest
        ORDER BY latest.created_at DESC, latest.id DESC LIMIT %s
    """  # noqa: S608 (a table name and fixed clauses; values are parameters)
    with connection.cursor() as db:
        db.execute(sql, [list(group_ids), Post.Status.PUBLISHED, *params, limit, limit])
        return [row[0] for row in db.fetchall()]


def _newest_first(posts) -> list[Post]:
    return sorted(posts, key=lambda post: (post.created_at, post.pk), reverse=True)


def _posts_by_ids(post_ids: list[int]) -> list[Post]:
    if not post_ids:
        return []
    return _with_details(_newest_first(_posts_base().filter(pk__in=post_ids).order_by()))


def group_feed(*, user: User, group: Group, before: str | None = None):
    """A page of the group's posts (pinned ones apart), newest first: (posts, next cursor).
    The page's ids come from the feed index alone, then the posts with what they show."""
    ids = Post.objects.published().filter(group=group, pinned_at__isnull=True)
    cursor = Cursor.decode(before)
    if cursor is not None:
        ids = ids.filter(cursor.after(0, "created_at"))
    ids = list(
        ids.order_by("-created_at", "-id").values_list("id", flat=True)[: FEED_PAGE_SIZE + 1]
    )
    more = len(ids) > FEED_PAGE_SIZE
    page = _posts_by_ids(ids[:FEED_PAGE_SIZE])
    prepare_posts(page, user=user)
    last = page[-1] if page and more else None
    return page, Cursor(last.created_at, 0, last.pk).encode() if last else None


def pinned_posts(*, user: User, group: Group) -> list[Post]:
    ids = list(
        Post.objects.published()
        .filter(group=group, pinned_at__isnull=False)
        .order_by("-pinned_at")
        .values_list("id", flat=True)[:5]
    )
    posts = sorted(_posts_by_ids(ids), key=lambda post: post.pinned_at, reverse=True)
    prepare_posts(posts, user=user)
    return posts


@dataclass
class FeedItem:
    kind: str  # "post" or "news"
    when: datetime
    item: object


FEED_NEWS_CACHED = 100
FEED_NEWS_TIMEOUT = 600


@dataclass(frozen=True)
class NewsCard:
    """A news item of « Mon fil », its card rendered (the same for every reader)."""

    pk: int
    date: datetime
    html: str


def _news_cards(entries: list[tuple[int, datetime]], *, generation: int) -> list[NewsCard]:
    """The rendered cards of these (pk, date) news items, from the fragment cache (cards are
    the same for every reader; the key holds the content generation) or rendered now."""
    from django.core.cache import caches
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    if not entries:
        return []
    prefix = f"feed-news-card:{generation}:{get_language()}:"
    html = caches["fragments"].get_many([f"{prefix}{pk}" for pk, _date in entries])
    missing = [pk for pk, _date in entries if f"{prefix}{pk}" not in html]
    if missing:
        rendered = {
            f"{prefix}{page.pk}": render_to_string(
                "components/news_card.html", {"news": page, "heading_level": 2}
            )
            for page in news_for_cards().filter(pk__in=missing)  # ids of the reader's news
        }
        caches["fragments"].set_many(rendered, FEED_NEWS_TIMEOUT)
        html.update(rendered)
    return [
        NewsCard(pk, date, mark_safe(html[f"{prefix}{pk}"]))  # noqa: S308 (our own template)
        for pk, date in entries
        if f"{prefix}{pk}" in html
    ]


def feed_news(
    user: User, *, size: int, before: Cursor | None = None, since: datetime | None = None
) -> list[NewsCard]:
    """The next `size` news of `user`'s audience for « Mon fil » after `before` (and not older
    than `since`), newest first, as rendered cards.

    Which news the reader's audience and restrictions allow — the latest FEED_NEWS_CACHED, as
    (id, date) — is cached for everyone who shares them until any page is published, moved or
    deleted (the content generation), as the homepage's news are; the database is read only
    beyond them. The cards themselves are cached once for all readers (`_news_cards`)."""
    from django.core.cache import caches
    from django.utils.translation import get_language

    def news():
        return news_visible_to(user).filter(date__isnull=False)

    generation = content_generation()
    key = f"feed-news-ids:{scope_key(user, *NEWS_SCOPE)}:{generation}:{get_language()}"
    latest = caches["fragments"].get(key)
    if latest is None:
        latest = list(news().values_list("pk", "date")[:FEED_NEWS_CACHED])
        caches["fragments"].set(key, latest, FEED_NEWS_TIMEOUT)
    after = [(pk, date) for pk, date in latest if before is None or before.after_item(1, date, pk)]
    enough = (
        len(latest) < FEED_NEWS_CACHED  # every news item is in the list
        or len(after) >= size
        or (since is not None and bool(latest) and latest[-1][1] < since)
    )
    if not enough:
        older = news().filter(before.after(1, "date")) if before is not None else news()
        if since is not None:
            older = older.filter(date__gte=since)
        after = list(older.values_list("pk", "date")[:size])
    wanted = [(pk, date) for pk, date in after if since is None or date >= since][:size]
    return _news_cards(wanted, generation=generation)


def my_feed(*, user: User, before: str | None = None) -> tuple[list[FeedItem], str | None]:
    """« Mon fil »: posts of my groups and news for my audience, newest first, by pages of
    FEED_PAGE_SIZE; each source read once (its own index), merged here."""
    cursor = Cursor.decode(before)
    size = FEED_PAGE_SIZE + 1
    post_ids = latest_post_ids(member_group_ids(user), limit=size, cursor=cursor)
    posts = _posts_by_ids(post_ids)
    # When the page ends with these posts, older news cannot be on it.
    since = posts[-1].created_at if len(posts) == size else None
    news = feed_news(user, size=size, before=cursor, since=since)
    items = [FeedItem("post", post.created_at, post) for post in posts]
    items += [FeedItem("news", card.date, card) for card in news]
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
    post_ids = latest_post_ids(member_group_ids(user), limit=limit)
    if not post_ids:
        return []
    return _newest_first(
        Post.objects.filter(pk__in=post_ids).select_related("author", "group").order_by()
    )


def prepare_posts(posts: list[Post], *, user: User) -> None:
    """Give each post what its card reads — reactions, comment count, the reader's abilities,
    the link preview only when the reader may see what it names — in a fixed number of
    queries whatever the number of posts."""

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
    # Previews of linked pages: live, outside any restriction the reader is denied (cached
    # paths, no query), and for news, within their audience (a query only when one is news).
    pages = {post.link_page_id: post.link_page for post in posts if post.link_page_id}
    visible_page_ids = {
        pk
        for pk, page in pages.items()
        if page is not None and page.live and page_is_visible(user, page)
    }
    news_type = ContentType.objects.get_for_model(NewsPage)
    news_ids = {pk for pk in visible_page_ids if pages[pk].content_type_id == news_type.pk}
    if news_ids:
        visible_page_ids -= news_ids - visible_ids(NewsPage, user, news_ids)
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
