"""Keep what depends on groups in step: search rows, cached memberships, discussions."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from cms.core.audit import audit_record
from cms.core.generations import bump as bump_generation
from knowledge.search.index import search_item_remove, search_items_remove_many
from knowledge.search.tasks import sync_search_rows_after_commit
from social.comments.signals import forget_discussions
from social.polls.models import Poll

from .models import Group, Membership, Post
from .permissions import membership_generation


def connect() -> None:
    post_save.connect(membership_changed, sender=Membership, dispatch_uid="groups-membership-save")
    post_delete.connect(
        membership_changed, sender=Membership, dispatch_uid="groups-membership-delete"
    )
    post_save.connect(source_saved, sender=Group, dispatch_uid="groups-group-search")
    post_save.connect(source_saved, sender=Post, dispatch_uid="groups-post-search")
    post_delete.connect(source_deleted, sender=Group, dispatch_uid="groups-group-gone")
    post_delete.connect(source_deleted, sender=Post, dispatch_uid="groups-post-gone")


def membership_changed(sender, instance: Membership, **kwargs) -> None:
    """A person's memberships changed: their cached memberships (and search keys) go."""
    user_id = instance.user_id
    user = instance._state.fields_cache.get("user")
    if user is not None:  # the same object may be asked again in this request
        user.__dict__.pop("_per_user_cache", None)
    bump_generation(membership_generation(user_id))
    if not kwargs.get("raw"):
        membership_audit(instance, deleted="created" not in kwargs)


def membership_audit(membership: Membership, *, deleted: bool) -> None:
    """The audit log: who joined, was invited, asked, was made admin or left which group."""
    if deleted:
        detail = _("retiré(e) du groupe « %(group)s »")
    elif membership.state == Membership.State.ACTIVE:
        detail = (
            _("administrateur du groupe « %(group)s »")
            if membership.role == Membership.Role.ADMIN
            else _("membre du groupe « %(group)s »")
        )
    elif membership.state == Membership.State.INVITED:
        detail = _("invité(e) dans le groupe « %(group)s »")
    else:
        detail = _("demande à rejoindre le groupe « %(group)s »")
    group = Group.objects.filter(pk=membership.group_id).first()
    if group is None:  # the group itself is being deleted
        return
    audit_record(
        group,
        "parvis.membership.change",
        person=membership.user_id,
        detail=str(detail) % {"group": group.name},
    )


def source_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    if raw:
        return

    sync_search_rows_after_commit(sender, [instance.pk])


# Groups whose posts' search rows, discussions and polls their deletion removes in bulk.
_CLEARED_GROUPS: ContextVar[frozenset[int]] = ContextVar("cleared_groups", default=frozenset())


@contextlib.contextmanager
def posts_cleared_in_bulk(group_id: int):
    """Inside: deleting the posts of this group leaves what depends on them to the caller."""
    token = _CLEARED_GROUPS.set(_CLEARED_GROUPS.get() | {group_id})
    try:
        yield
    finally:
        _CLEARED_GROUPS.reset(token)


def source_deleted(sender, instance, **kwargs) -> None:

    if not isinstance(instance, Post):
        search_item_remove(instance)
    elif instance.group_id not in _CLEARED_GROUPS.get():
        posts_dependents_remove([instance.pk], [instance.poll_id] if instance.poll_id else [])


def posts_dependents_remove(post_ids: list[int], poll_ids: list[int]) -> None:
    """What hangs on deleted posts goes: search rows with their entries, comments and
    reactions, and the polls posted with them. A few statements however many posts (a deleted
    group's, all at once)."""

    search_items_remove_many(Post, post_ids)
    forget_discussions(Post, post_ids)
    Poll.everywhere.filter(pk__in=poll_ids).delete()
