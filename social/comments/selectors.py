"""Reading a discussion: one page of threads with their replies, reactions and the reader's
abilities, in a fixed number of queries whatever the number of comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q

from social.reactions.selectors import reaction_summaries
from social.targets import CommentsMode

from .models import Comment
from .services import can_moderate

if TYPE_CHECKING:
    from social.people.models import User


@dataclass
class Discussion:
    target: object
    mode: str
    page: PaginatorPage | None
    total: int = 0
    threads: list[Comment] = field(default_factory=list)

    @property
    def enabled(self) -> bool:
        return self.mode != CommentsMode.DISABLED

    @property
    def is_open(self) -> bool:
        return self.mode == CommentsMode.OPEN


def comments_of(target):
    return Comment.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    )


def threads_of(target):
    """Top-level comments in reading order, without deleted ones nobody replied to."""
    live_replies = Comment.objects.filter(parent=OuterRef("pk")).exclude(
        status=Comment.Status.DELETED
    )
    return (
        comments_of(target)
        .filter(parent=None)
        .exclude(Q(status=Comment.Status.DELETED) & ~Exists(live_replies))
        .select_related("author", "author__service")
        .order_by("created_at", "pk")
    )


def discussion_for(*, user: User, target, page_number=1) -> Discussion:
    """The discussion under `target` as `user` sees it (the caller checked they see `target`)."""
    mode = target.discussion_mode
    if mode == CommentsMode.DISABLED:
        return Discussion(target=target, mode=mode, page=None)
    paginator = Paginator(threads_of(target), settings.COMMENTS_PAGE_SIZE)
    page = paginator.get_page(page_number)
    threads = list(page.object_list)
    replies: dict[int, list[Comment]] = {}
    reply_rows = (
        comments_of(target)
        .filter(parent_id__in=[thread.pk for thread in threads])
        .exclude(status=Comment.Status.DELETED)
        .select_related("author", "author__service")
        .order_by("created_at", "pk")
    )
    for reply in reply_rows:
        replies.setdefault(reply.parent_id, []).append(reply)
    everything = threads + [reply for thread in replies.values() for reply in thread]
    prepare_comments(everything, user=user, target=target)
    for thread in threads:
        thread.thread_replies = replies.get(thread.pk, [])
    return Discussion(
        target=target, mode=mode, page=page, total=published_count(target), threads=threads
    )


def published_count(target) -> int:
    """The number shown beside « Commentaires »."""
    return comments_of(target).filter(status=Comment.Status.PUBLISHED).count()


def prepare_comments(comments: list[Comment], *, user: User, target) -> None:
    """Give each comment what its template reads — reactions, the reader's abilities, whether
    its text is shown to them — in one query for all."""
    mode = target.discussion_mode
    reactions = reaction_summaries(user=user, model=Comment, ids=[c.pk for c in comments])
    moderator = can_moderate(user, target)
    for comment in comments:
        comment._target = target
        comment.reactions = reactions[comment.pk]
        comment.abilities = comment.get_abilities(user, mode=mode, moderator=moderator)
        comment.shown = comment.is_published or (
            comment.is_hidden and (moderator or comment.author_id == user.pk)
        )
        comment.thread_replies = getattr(comment, "thread_replies", [])


def page_number_of(comment: Comment) -> int:
    """The page of threads on which `comment` (or its thread) is shown."""
    thread = comment.parent or comment
    before = (
        threads_of(comment.get_target())
        .filter(
            Q(created_at__lt=thread.created_at) | Q(created_at=thread.created_at, pk__lt=thread.pk)
        )
        .count()
    )
    return before // settings.COMMENTS_PAGE_SIZE + 1
