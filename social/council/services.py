"""Each commission's two library folders, under « Élus et commissions »: the members' folder,
seen by its members and referents only (a collection view restriction to a Django group that
membership fills at once), where they may also file documents; and the public folder, seen by
every colleague, for what the commission publishes (minutes, deliberations)."""

from __future__ import annotations

from django.contrib.auth.models import Group as AuthGroup
from django.contrib.auth.models import Permission
from django.db import transaction

from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from cms.core.generations import bump as bump_generation
from knowledge.library.selectors import LIBRARY_GENERATION_KEY

from .models import Commission, CommissionMember
from .permissions import forget_commission_members

COUNCIL_FOLDER = "Élus et commissions"
MEMBER_RIGHTS = ("add_document", "choose_document")


def council_folder() -> Collection | None:
    root = Collection.get_first_root_node()
    if root is None:
        return None
    return root.get_children().filter(name=COUNCIL_FOLDER).first() or root.add_child(
        name=COUNCIL_FOLDER
    )


@transaction.atomic
def commission_folders_ensure(commission: Commission) -> None:
    """Create or repair the commission's folders, members' group, rights and restriction
    (idempotent: on every save, and by `setup_intranet`)."""
    parent = council_folder()
    if parent is None:
        return
    changed = []
    if commission.members_group is None:
        commission.members_group, _created = AuthGroup.objects.get_or_create(
            name=f"Commission {commission.pk} — membres"
        )
        changed.append("members_group")
    names = {
        "folder": f"{commission.name} — membres",
        "public_folder": f"{commission.name} — documents publics",
    }
    for field, name in names.items():
        folder = getattr(commission, field)
        if folder is None:
            setattr(commission, field, parent.add_child(name=name))
            changed.append(field)
        elif folder.name != name:
            folder.name = name
            folder.save(update_fields=["name"])
    if changed:
        Commission.objects.filter(pk=commission.pk).update(
            **{field: getattr(commission, field) for field in changed}
        )
    for codename in MEMBER_RIGHTS:
        GroupCollectionPermission.objects.get_or_create(
            group=commission.members_group,
            collection=commission.folder,
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    restriction = CollectionViewRestriction.objects.filter(
        collection=commission.folder
    ).first() or CollectionViewRestriction.objects.create(
        collection=commission.folder, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([commission.members_group])
    commission_members_sync(commission)


def commission_members_sync(commission: Commission) -> None:
    """Exactly the commission's members and referents in its members' group."""
    group = commission.members_group
    if group is None:
        return
    wanted = set(
        CommissionMember.objects.filter(commission=commission).values_list("person_id", flat=True)
    )
    current = set(group.user_set.values_list("pk", flat=True))
    if wanted - current:
        group.user_set.add(*(wanted - current))
    if current - wanted:
        group.user_set.remove(*(current - wanted))
    forget_commission_members()
    bump_generation(LIBRARY_GENERATION_KEY)
