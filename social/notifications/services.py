"""Making notifications (called by the Celery tasks of tasks.py) and reading them.

Every function that makes notifications is idempotent: a task run twice (a worker killed after
its work but before its acknowledgement) makes each notification once, thanks to event keys and
batch keys backed by unique constraints.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cms.queueing import queue_after_commit
from social import markup

from .models import Notification, NotificationActor, NotificationPreference

if TYPE_CHECKING:
    from social.people.models import User

logger = logging.getLogger(__name__)

UNREAD_TIMEOUT = 300
Kind = Notification.Kind


# --- Queueing ---------------------------------------------------------------------------


def notify_later(task_name: str, *args) -> None:
    """Queue the task `task_name` of tasks.py once the current transaction commits. When the
    broker cannot be reached, the notifications are made at once instead: never lost, and the
    person's action (their comment, their vote) already succeeded."""
    from . import tasks

    queue_after_commit(getattr(tasks, task_name), *args)


# --- Making notifications ---------------------------------------------------------------


def wants(user: User, kind: str) -> bool:
    return not NotificationPreference.objects.filter(user=user, kind=kind, in_app=False).exists()


def notify(
    *,
    recipient: User,
    kind: str,
    actor: User | None,
    title: str,
    url: str,
    excerpt: str = "",
    detail: str = "",
    event_key: str = "",
    batch_key: str = "",
    group=None,
) -> Notification | None:
    """One notification for `recipient`, unless they turned this kind off, are inactive, or are
    the one who acted. With a `batch_key`, joins the unread notification of that batch. About
    a `group`: only if they may see it, and as their setting for the group allows."""
    if not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    if not wants(recipient, kind):
        return None
    if group is not None and not _group_allows(recipient, kind, group):
        return None
    fields = {
        "kind": kind,
        "actor": actor,
        "title": title[:255],
        "url": url[:500],
        "excerpt": excerpt[:300],
        "detail": detail,
        "event_key": event_key,
        "group": group,
    }
    if batch_key:
        notification = _join_batch(recipient, batch_key, actor, fields)
    else:
        try:
            with transaction.atomic():
                notification = Notification.objects.create(recipient=recipient, **fields)
        except IntegrityError:  # this event was already notified
            return None
    forget_unread_count(recipient.pk)
    return notification


def _group_allows(recipient: User, kind: str, group) -> bool:
    """Membership notices reach whoever may see the group; anything else about it, those who
    may read it, as their notification setting for the group says (all, mentions, none)."""
    from social.groups.models import Membership
    from social.groups.permissions import can_read_group, can_see_group

    if kind == Kind.GROUP_MEMBERSHIP:
        return can_see_group(recipient, group)
    if not can_read_group(recipient, group):
        return False
    level = (
        Membership.objects.filter(group=group, user=recipient, state=Membership.State.ACTIVE)
        .values_list("notifications", flat=True)
        .first()
    )
    if level == Membership.Level.NONE:
        return False
    return level != Membership.Level.MENTIONS or kind == Kind.MENTION


def _join_batch(recipient: User, batch_key: str, actor: User | None, fields: dict) -> Notification:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                notification = (
                    Notification.objects.select_for_update()
                    .filter(recipient=recipient, batch_key=batch_key, read_at__isnull=True)
                    .first()
                )
                if notification is None:
                    notification = Notification.objects.create(
                        recipient=recipient, batch_key=batch_key, **fields
                    )
                if actor is not None:
                    NotificationActor.objects.get_or_create(notification=notification, actor=actor)
                    notification.actors_count = max(notification.actor_links.count(), 1)
                notification.actor = actor
                notification.updated_at = timezone.now()
                notification.save(update_fields=["actor", "actors_count", "updated_at"])
                return notification
        except IntegrityError:  # another task opened the batch at the same moment: join it
            continue
    raise RuntimeError(f"Could not join notification batch {batch_key}")


# --- What happened ----------------------------------------------------------------------


def _group_of(target):
    """The group a discussion target belongs to (a group post, a comment on one), or None."""
    from social.comments.models import Comment

    if isinstance(target, Comment):
        target = target.get_target()
    return getattr(target, "discussion_group", None)


def notifications_for_comment(*, comment_id: int) -> int:
    """A comment was posted or edited: its parent's author is told of the reply, colleagues
    mentioned are told of the mention, when they may see the page (otherwise nobody is told
    anything). Returns how many notifications were made."""
    from social.comments.models import Comment
    from social.comments.services import mentioned_users

    comment = (
        Comment.objects.select_related("author", "parent__author").filter(pk=comment_id).first()
    )
    if comment is None or not comment.is_published or comment.author is None:
        return 0
    target = comment.get_target()
    if target is None:
        return 0
    parent_author = comment.parent.author if comment.parent_id else None
    group = _group_of(target)
    # Whoever is both answered and mentioned is told once, of the reply.
    candidates = [(parent_author, Kind.REPLY, f"reply:{comment.pk}", "")] if parent_author else []
    if group is not None and not comment.parent_id and target.discussion_owner_id:
        post_author = get_user_model().objects.filter(pk=target.discussion_owner_id).first()
        if post_author is not None:  # a comment on a group post: its author is told
            candidates.append((post_author, Kind.REPLY, f"reply:{comment.pk}", "post"))
    candidates += [
        (person, Kind.MENTION, f"mention:comment:{comment.pk}", "")
        for person in mentioned_users(comment.body).values()
    ]
    made, told = 0, {comment.author_id}
    for person, kind, event_key, detail in candidates:
        if person.pk in told:
            continue
        told.add(person.pk)
        if target.discussion_visible_to(person):  # otherwise nobody is told anything
            made += bool(
                notify(
                    recipient=person,
                    kind=kind,
                    actor=comment.author,
                    title=target.discussion_title,
                    url=comment.discussion_url(),
                    excerpt=markup.to_text(comment.body),
                    detail=detail,
                    event_key=event_key,
                    group=group,
                )
            )
    return made


def notifications_for_reaction(*, reaction_id: int) -> bool:
    """Someone reacted: the author of what they reacted to is told, reactions to one thing
    accumulating in one notification until it is read."""
    from social.comments.models import Comment
    from social.reactions.models import Reaction

    reaction = Reaction.objects.select_related("user", "target_type").filter(pk=reaction_id).first()
    if reaction is None:  # taken back before the worker got to it
        return False
    target = reaction.target_type.get_object_for_this_type(pk=reaction.target_id)
    target = target.specific if hasattr(target, "specific") else target
    owner_id = target.discussion_owner_id
    if owner_id is None or owner_id == reaction.user_id:
        return False
    owner = get_user_model().objects.filter(pk=owner_id).first()
    if owner is None or not target.discussion_visible_to(owner):
        return False
    batch_key = f"reaction:{reaction.target_type_id}:{reaction.target_id}"
    is_comment = isinstance(target, Comment)
    already = NotificationActor.objects.filter(
        notification__recipient=owner,
        notification__batch_key=batch_key,
        actor=reaction.user,
        added_at__gte=reaction.created_at,
    ).exists()
    if already:
        return False
    return bool(
        notify(
            recipient=owner,
            kind=Kind.REACTION,
            actor=reaction.user,
            title=target.discussion_title,
            url=target.discussion_url(),
            excerpt=markup.to_text(target.body) if is_comment else "",
            detail="comment" if is_comment else "",
            batch_key=batch_key,
            group=_group_of(target),
        )
    )


def notifications_for_moderation(*, comment_id: int, detail: str) -> bool:
    """A moderator hid, restored or deleted a comment: its author is told."""
    from social.comments.models import Comment

    comment = Comment.objects.select_related("author", "moderated_by").filter(pk=comment_id).first()
    if comment is None or comment.author is None or comment.moderated_at is None:
        return False
    target = comment.get_target()
    return bool(
        notify(
            recipient=comment.author,
            kind=Kind.MODERATION,
            actor=comment.moderated_by,
            title=target.discussion_title,
            url=comment.discussion_url() if comment.is_published else target.discussion_url(),
            detail=detail,
            event_key=f"moderation:{comment.pk}:{comment.moderated_at.timestamp():.6f}",
        )
    )


def notifications_for_reports(*, report_ids: list[int]) -> int:
    """Reports were dealt with: each reporter is told the outcome (not who moderated)."""
    from social.comments.models import CommentReport

    made, targets = 0, {}
    reports = CommentReport.objects.filter(pk__in=report_ids, resolved_at__isnull=False)
    for report in reports.select_related("reporter", "comment"):
        if report.comment_id not in targets:  # reports of one comment share its page
            targets[report.comment_id] = report.comment.get_target()
        target = targets[report.comment_id]
        made += bool(
            notify(
                recipient=report.reporter,
                kind=Kind.REPORT_OUTCOME,
                actor=None,
                title=target.discussion_title,
                url=target.discussion_url(),
                detail="kept" if report.outcome == report.Outcome.KEPT else "removed",
                event_key=f"report:{report.pk}",
            )
        )
    return made


def notifications_for_workflow(*, workflow_state_id: int, approved: bool) -> bool:
    """A page submitted for approval was approved or sent back: whoever submitted it is told,
    with the approver's comment."""
    from wagtail.models import WorkflowState

    state = (
        WorkflowState.objects.select_related("requested_by").filter(pk=workflow_state_id).first()
    )
    if state is None or state.requested_by is None:
        return False
    page = state.content_object
    page = page.specific if hasattr(page, "specific") else page
    task_state = state.task_states.exclude(finished_at=None).order_by("-finished_at").first()
    approver = task_state.finished_by if task_state else None
    url = page.url if approved and page.live and page.url else ""
    return bool(
        notify(
            recipient=state.requested_by,
            kind=Kind.ARTICLE_APPROVED if approved else Kind.ARTICLE_REJECTED,
            actor=approver,
            title=page.title,
            url=url or reverse("wagtailadmin_pages:edit", args=[page.pk]),
            excerpt=(task_state.comment if task_state else "") or "",
            event_key=f"workflow:{state.pk}:{task_state.pk if task_state else 0}",
        )
    )


# --- Reading ----------------------------------------------------------------------------


def notifications_visible_to(user: User):
    """`user`'s notifications, without those about a group they may no longer see (read, for
    anything but membership notices): leaving a secret group leaves no trace of it."""
    from django.db.models import Q

    from social.groups.models import Group
    from social.groups.permissions import readable_group_filter, visible_group_filter

    seen = Group.objects.filter(visible_group_filter(user)).values("pk")
    read = Group.objects.filter(readable_group_filter(user)).values("pk")
    return Notification.objects.filter(recipient=user).filter(
        Q(group__isnull=True) | Q(group__in=read) | Q(kind=Kind.GROUP_MEMBERSHIP, group__in=seen)
    )


def _unread_key(user_id: int) -> str:
    return f"notifications-unread:{user_id}"


def unread_count(user: User) -> int:
    """The number on the bell, cached until a notification is made or read."""
    if not user.is_authenticated:
        return 0
    count = cache.get(_unread_key(user.pk))
    if count is None:
        count = notifications_visible_to(user).filter(read_at__isnull=True).count()
        cache.set(_unread_key(user.pk), count, UNREAD_TIMEOUT)
    return count


def forget_unread_count(user_id: int) -> None:
    cache.delete(_unread_key(user_id))


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of `user`'s notifications read (or all of them); returns how many changed."""
    unread = notifications_visible_to(user).filter(read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    changed = unread.update(read_at=timezone.now())
    forget_unread_count(user.pk)
    return changed


def preferences_of(user: User) -> list[dict]:
    saved = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "in_app"))
    return [
        {"kind": kind, "label": label, "enabled": saved.get(kind, True)}
        for kind, label in Kind.choices
    ]


@transaction.atomic
def preferences_save(*, user: User, enabled_kinds: set[str]) -> None:
    for kind in Kind.values:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"in_app": kind in enabled_kinds}
        )
