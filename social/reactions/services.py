"""Giving and taking back reactions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cms.core.queueing import queue_after_commit

from . import tasks
from .models import Reaction

if TYPE_CHECKING:
    from social.people.models import User


def reaction_set(*, user: User, target, kind: str, on: bool) -> bool:
    """Give (`on`) or take back `user`'s reaction `kind` on `target`; returns whether it is
    given afterwards. Saying the state wanted, rather than « toggle », makes a double click or
    a repeated request harmless; the database keeps one reaction of a kind per person."""
    if kind not in Reaction.Kind.values:
        raise ValueError(kind)
    if not target.discussion_visible_to(user):
        raise PermissionDenied
    where = {
        "user": user,
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": target.pk,
        "kind": kind,
    }
    if not on:
        Reaction.objects.filter(**where).delete()
        return False
    try:
        with transaction.atomic():
            reaction = Reaction.objects.create(**where)
    except IntegrityError:  # already given (another click, another tab)
        return True
    queue_after_commit(tasks.notify_reaction_added, reaction.pk)
    return True
