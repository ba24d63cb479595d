"""Notifications, a leaf other capabilities call: `notify(...)` makes one,
`notifications_visible_to` and `unread_count` read them. The producers (what happened, who is
told) live with the capability that triggers them (comments, reactions, groups; Wagtail's
workflow here) and call `notify` from their own Celery tasks. An app whose objects
notifications are about registers a `SubjectRule` (who may be told, which old notifications
stay visible); this module imports no content app.

Every function that makes notifications is idempotent: a task run twice (a worker killed after
its work but before its acknowledgement) makes each notification once, thanks to event keys and
batch keys backed by unique constraints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cms.core import live

from .models import (
    EMAIL_CHANNELS,
    Channel,
    Notification,
    NotificationActor,
    NotificationPreference,
    chosen_channel,
)

if TYPE_CHECKING:
    from social.people.models import User

logger = logging.getLogger(__name__)

UNREAD_TIMEOUT = 300
Kind = Notification.Kind


# --- Rules of other apps ------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectRule:
    """What an app says of notifications about one of its objects (the `field` of
    Notification naming it): whether `recipient` may be told of this `kind` about it, and which
    of a reader's notifications about such objects they may still see."""

    field: str
    allows: Callable[[User, str, object], bool]
    visible: Callable[[User], Q]


_rules: list[SubjectRule] = []


def register_subject_rule(rule: SubjectRule) -> None:
    _rules.append(rule)


# --- Making notifications ---------------------------------------------------------------


def channel_of(user: User, kind: str) -> str:
    """How `user` chose to hear of `kind` (its default when they never chose)."""
    saved = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("channel", "in_app")
        .first()
    )
    return chosen_channel(kind, saved)


def wants(user: User, kind: str) -> bool:
    return channel_of(user, kind) != Channel.OFF


def email_due_at(channel: str, created_at):
    """When a notification made now leaves by e-mail on this channel (None: it does not)."""
    if channel == Channel.EMAIL:
        return created_at
    if channel == Channel.UNREAD:
        return created_at + timedelta(minutes=settings.NOTIFICATIONS_EMAIL_UNREAD_MINUTES)
    return None


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
    conversation=None,
) -> Notification | None:
    """One notification for `recipient`, unless they turned this kind off, are inactive, or are
    the one who acted. With a `batch_key`, joins the unread notification of that batch. About
    a `group`: only if they may see it, and as their setting for the group allows."""
    if not recipient.is_active or (actor is not None and actor.pk == recipient.pk):
        return None
    channel = channel_of(recipient, kind)
    if channel == Channel.OFF:
        return None
    subjects = {"group": group, "conversation": conversation}
    for rule in _rules:
        subject = subjects.get(rule.field)
        if subject is not None and not rule.allows(recipient, kind, subject):
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
        "conversation": conversation,
    }
    if channel in EMAIL_CHANNELS and recipient.email:
        fields["email_due_at"] = email_due_at(channel, timezone.now())
    if batch_key:
        notification = _join_batch(recipient, batch_key, actor, fields)
    else:
        try:
            with transaction.atomic():
                notification = Notification.objects.create(recipient=recipient, **fields)
        except IntegrityError:  # this event was already notified
            return None
    forget_unread_count(recipient.pk)
    # Their open pages ring the bell at once (the live stream; polling without it).
    live.publish([recipient.pk], "notifications", {})
    return notification


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
                elif notification.emailed_at is not None:
                    # Already told by e-mail: the next of the batch waits for the digest.
                    notification.email_due_at = None
                if actor is not None:
                    NotificationActor.objects.get_or_create(notification=notification, actor=actor)
                    notification.actors_count = max(notification.actor_links.count(), 1)
                notification.actor = actor
                notification.updated_at = timezone.now()
                notification.save(
                    update_fields=["actor", "actors_count", "updated_at", "email_due_at"]
                )
                return notification
        except IntegrityError:  # another task opened the batch at the same moment: join it
            continue
    raise RuntimeError(f"Could not join notification batch {batch_key}")


# --- What happened (the producers live with their capability: social/comments/
# notifications.py, social/reactions/notifications.py, social/groups/notifications.py) ------


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
    """`user`'s notifications, without those about an object they may no longer see (the
    rules the apps registered: leaving a secret group leaves no trace of it)."""
    notifications = Notification.objects.filter(recipient=user)
    for rule in _rules:
        notifications = notifications.filter(rule.visible(user))
    return notifications


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
    if changed:
        live.publish([user.pk], "notifications", {})  # the other tabs' bells
    return changed


def channels_of(user: User) -> dict[str, str]:
    """Every kind with `user`'s channel for it (its default when they never chose): one query."""
    saved = {
        kind: (channel, in_app)
        for kind, channel, in_app in NotificationPreference.objects.filter(user=user).values_list(
            "kind", "channel", "in_app"
        )
    }
    return {kind: chosen_channel(kind, saved.get(kind)) for kind in Kind.values}


def preferences_of(user: User) -> list[dict]:
    """Each kind with the person's channel (its default when they never chose)."""
    channels = channels_of(user)
    return [
        {"kind": kind, "label": label, "channel": channels[kind]} for kind, label in Kind.choices
    ]


@transaction.atomic
def preferences_save(*, user: User, channels: dict[str, str]) -> None:
    """Save the channels chosen (kinds left out keep theirs; unknown values are ignored)."""
    for kind, channel in channels.items():
        if kind not in Kind.values or channel not in Channel.values:
            continue
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=kind,
            defaults={"channel": channel, "in_app": channel != Channel.OFF},
        )
