"""Each group's drive: a library folder (a Wagtail collection under « Groupes ») whose rights
follow the group's membership.

Three Django groups stand for the group's people in Wagtail's permission system:
readers (every member: they see the folder of a closed or secret group, through a collection
view restriction), uploaders (members allowed to add: « add » and « choose » document
permissions) and managers (the group's administrators: « change » and « delete » too). An open
group's folder is seen by every colleague, like its feed. Membership services call
`membership_rights_sync` in the same transaction, so rights change at once.
"""

from __future__ import annotations

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db import transaction

from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from cms.core.generations import bump as bump_generation
from knowledge.library.selectors import LIBRARY_GENERATION_KEY
from social.notifications.services import forget_unread_count

from .models import Group, Membership

GROUPS_FOLDER = "Groupes"
RIGHTS = {
    "readers_group": (),
    "uploaders_group": ("add_document", "choose_document"),
    "managers_group": ("add_document", "choose_document", "change_document", "delete_document"),
}
LABELS = {"readers_group": "lecteurs", "uploaders_group": "déposants", "managers_group": "gestion"}


def groups_folder() -> Collection | None:
    root = Collection.get_first_root_node()
    if root is None:
        return None
    folder = root.get_children().filter(name=GROUPS_FOLDER).first()
    return folder or root.add_child(name=GROUPS_FOLDER)


def _permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename)


@transaction.atomic
def group_drive_ensure(group: Group) -> Collection | None:
    """Create or repair the group's folder, its Django groups, permissions and restriction
    (idempotent: run on creation, on every edit and by `setup_intranet`)."""
    parent = groups_folder()
    if parent is None:
        return None
    changed = []
    for field, label in LABELS.items():
        if getattr(group, field) is None:
            auth_group, _created = AuthGroup.objects.get_or_create(
                name=f"Groupe {group.pk} — {label}"
            )
            setattr(group, field, auth_group)
            changed.append(field)
    folder = group.folder
    if folder is None:
        folder = parent.add_child(name=group.name)
        group.folder = folder
        changed.append("folder")
    elif folder.name != group.name:
        folder.name = group.name
        folder.save(update_fields=["name"])
    if changed:
        group.save(update_fields=changed)
    for field, codenames in RIGHTS.items():
        auth_group = getattr(group, field)
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=auth_group, collection=folder, permission=_permission(codename)
            )
    restrictions = CollectionViewRestriction.objects.filter(collection=folder)
    if group.is_open:
        restrictions.delete()
    else:
        restriction = restrictions.first() or CollectionViewRestriction.objects.create(
            collection=folder, restriction_type=CollectionViewRestriction.GROUPS
        )
        if restriction.restriction_type != CollectionViewRestriction.GROUPS:
            restriction.restriction_type = CollectionViewRestriction.GROUPS
            restriction.save(update_fields=["restriction_type"])
        restriction.groups.set([group.readers_group])
    bump_generation(LIBRARY_GENERATION_KEY)
    return folder


def _wanted(group: Group, membership: Membership | None) -> dict[str, bool]:
    active = membership is not None and membership.is_active
    admin = active and membership.is_admin
    return {
        "readers_group": active,
        "uploaders_group": active and (group.members_can_upload or admin),
        "managers_group": admin,
    }


def membership_rights_sync(group: Group, user) -> None:
    """Put `user` in (or out of) the group's Django groups, from their membership now."""
    membership = Membership.objects.filter(group=group, user=user).first()
    for field, wanted in _wanted(group, membership).items():
        auth_group = getattr(group, field)
        if auth_group is None:
            continue
        if wanted:
            user.groups.add(auth_group)
        else:
            user.groups.remove(auth_group)
    user.__dict__.pop("_per_user_cache", None)  # this request's memo of their rights
    bump_generation(LIBRARY_GENERATION_KEY)
    forget_unread_count(user.pk)  # now, and again once committed (a reader in between)
    transaction.on_commit(lambda: forget_unread_count(user.pk))


def group_rights_sync_all(group: Group) -> None:
    """Every member's rights again (after the group's settings change)."""
    group_drive_ensure(group)
    memberships = {m.user_id: m for m in group.memberships.select_related("user")}
    for field in RIGHTS:
        auth_group = getattr(group, field)
        wanted = {
            user_id
            for user_id, membership in memberships.items()
            if _wanted(group, membership)[field]
        }
        current = set(auth_group.user_set.values_list("pk", flat=True))
        if current - wanted:
            auth_group.user_set.remove(*(current - wanted))
        if wanted - current:
            auth_group.user_set.add(*(wanted - current))


def group_drives_ensure_all() -> int:
    """Every group's drive and rights, repaired (idempotent: `setup_intranet`)."""
    count = 0
    for group in Group.objects.select_related(
        "folder", "readers_group", "uploaders_group", "managers_group"
    ):
        group_rights_sync_all(group)
        count += 1
    return count


ARCHIVE_SUFFIX = " (groupe supprimé)"


def group_drive_archive(group: Group) -> None:
    """The drive of a group being deleted: its documents are kept, in a folder renamed and
    seen by superusers only (a group restriction naming no group), for someone to sort."""
    folder = group.folder
    if folder is None:
        return
    folder.name = f"{group.name}{ARCHIVE_SUFFIX}"[:255]
    folder.save(update_fields=["name"])
    restriction = CollectionViewRestriction.objects.filter(collection=folder).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=folder, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.restriction_type = CollectionViewRestriction.GROUPS
    restriction.save(update_fields=["restriction_type"])
    restriction.groups.clear()
    GroupCollectionPermission.objects.filter(collection=folder).delete()
    for field in RIGHTS:
        auth_group = getattr(group, field)
        if auth_group is not None:
            auth_group.delete()
    bump_generation(LIBRARY_GENERATION_KEY)
