"""Who is told when someone reacts (made in social/reactions/tasks.py, after commit)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from social.notifications.models import NotificationActor
from social.notifications.services import Kind, notify

from .models import Reaction


def notifications_for_reaction(*, reaction_id: int) -> bool:
    """Someone reacted: the author of what they reacted to is told, reactions to one thing
    accumulating in one notification until it is read."""

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
    excerpt = getattr(target, "discussion_excerpt", "")
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
            excerpt=excerpt,
            detail="comment" if target.discussion_kind == "commentaire" else "",
            batch_key=batch_key,
            group=getattr(target, "discussion_group", None),
        )
    )
