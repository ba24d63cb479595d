"""The notifications groups make (called by the Celery tasks of social/notifications/tasks.py;
idempotent: event keys backed by unique constraints)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from social import markup
from social.comments.services import mentioned_users
from social.notifications.models import Notification, NotificationPreference
from social.notifications.services import SubjectRule, forget_unread_count, notify

from .models import Group, Membership, Post
from .permissions import (
    can_read_group,
    can_see_group,
    readable_group_filter,
    visible_group_filter,
)

Kind = Notification.Kind


def notifications_for_group_post(*, post_id: int) -> int:
    """A post was published (or edited): colleagues it mentions who may read the group are
    told of the mention (unless their setting for the group is « none »); the other members
    whose setting is « all » are told of the post."""

    post = Post.objects.select_related("group", "author").filter(pk=post_id).first()
    if post is None or not post.is_published or post.author is None:
        return 0
    group, made = post.group, 0
    excerpt = markup.to_text(post.body)
    mentioned = {person.pk: person for person in mentioned_users(post.body).values()}
    mentioned.pop(post.author_id, None)
    for person in mentioned.values():
        made += bool(
            notify(
                recipient=person,
                kind=Kind.MENTION,
                actor=post.author,
                title=post.discussion_title,
                url=post.get_absolute_url(),
                excerpt=excerpt,
                event_key=f"mention:post:{post.pk}",
                group=group,
            )
        )
    turned_off = NotificationPreference.objects.filter(kind=Kind.GROUP_POST, in_app=False).values(
        "user_id"
    )
    recipients = (
        Membership.objects.filter(
            group=group,
            state=Membership.State.ACTIVE,
            notifications=Membership.Level.ALL,
            user__is_active=True,
        )
        .exclude(user_id__in=[post.author_id, *mentioned])
        .exclude(user_id__in=turned_off)
        .values_list("user_id", flat=True)
    )
    rows = [
        Notification(
            recipient_id=user_id,
            kind=Kind.GROUP_POST,
            actor=post.author,
            title=group.name[:255],
            url=post.get_absolute_url()[:500],
            excerpt=excerpt[:300],
            detail="question" if post.is_question else "",
            event_key=f"post:{post.pk}",
            group=group,
        )
        for user_id in recipients.iterator()
    ]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    for row in rows:
        forget_unread_count(row.recipient_id)
    return made + len(created)


def notifications_for_group_request(*, membership_id: int) -> int:
    """Someone asked to join: the group's administrators are told."""
    membership = Membership.objects.select_related("group", "user").filter(pk=membership_id).first()
    if membership is None or membership.state != Membership.State.REQUESTED:
        return 0
    group = membership.group
    admins = get_user_model().objects.filter(
        group_memberships__group=group,
        group_memberships__state=Membership.State.ACTIVE,
        group_memberships__role=Membership.Role.ADMIN,
    )
    made = 0
    for admin in admins:
        made += bool(
            notify(
                recipient=admin,
                kind=Kind.GROUP_MEMBERSHIP,
                actor=membership.user,
                title=group.name,
                url=reverse("groups:members", args=[group.slug]) + "#demandes",
                excerpt=membership.message,
                detail="request",
                event_key=f"group-request:{membership.pk}",
                group=group,
            )
        )
    return made


def notifications_for_group_decision(
    *, membership_id: int, group_id: int, user_id: int, admin_id: int, approved: bool
) -> bool:
    """A request was approved or refused: the requester is told (by whom, when approved)."""
    group = Group.objects.filter(pk=group_id).first()
    person = get_user_model().objects.filter(pk=user_id).first()
    if group is None or person is None:
        return False
    admin = get_user_model().objects.filter(pk=admin_id).first() if approved else None
    return bool(
        notify(
            recipient=person,
            kind=Kind.GROUP_MEMBERSHIP,
            actor=admin,
            title=group.name,
            url=reverse("groups:detail", args=[group.slug])
            if approved
            else reverse("groups:index"),
            detail="approved" if approved else "refused",
            event_key=f"group-decision:{membership_id}",
            group=group,
        )
    )


def notifications_for_group_invitation(*, membership_id: int) -> bool:
    membership = (
        Membership.objects.select_related("group", "user", "invited_by")
        .filter(pk=membership_id, state=Membership.State.INVITED)
        .first()
    )
    if membership is None:
        return False
    group = membership.group
    return bool(
        notify(
            recipient=membership.user,
            kind=Kind.GROUP_MEMBERSHIP,
            actor=membership.invited_by,
            title=group.name,
            url=reverse("groups:detail", args=[group.slug]),
            excerpt=group.description[:300],
            detail="invited",
            event_key=f"group-invite:{membership.pk}",
            group=group,
        )
    )


def group_allows(recipient, kind: str, group: Group) -> bool:
    """Membership notices reach whoever may see the group; anything else about it, those who
    may read it, as their notification setting for the group says (all, mentions, none)."""
    if kind == Notification.Kind.GROUP_MEMBERSHIP:
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
    return level != Membership.Level.MENTIONS or kind in PERSONAL_KINDS


# What concerns the person by name reaches them even when they follow the group « only when
# mentioned »: a mention, a task assigned to them or due tomorrow.
PERSONAL_KINDS = {
    Notification.Kind.MENTION,
    Notification.Kind.TASK_ASSIGNED,
    Notification.Kind.TASK_DUE,
}


def group_notifications_visible(user) -> Q:
    """Notifications about a group stay visible while the reader may read it (see it, for
    membership notices): leaving a secret group leaves no trace of it."""
    seen = Group.objects.filter(visible_group_filter(user)).values("pk")
    read = Group.objects.filter(readable_group_filter(user)).values("pk")
    return (
        Q(group__isnull=True)
        | Q(group__in=read)
        | Q(kind=Notification.Kind.GROUP_MEMBERSHIP, group__in=seen)
    )


GROUP_SUBJECT_RULE = SubjectRule(
    field="group", allows=group_allows, visible=group_notifications_visible
)
