"""The library's folders for the organisation, created by idempotent code.

Wagtail's root collection is the library's root. Under it, « Services » holds one folder per
service, nested like the organisation chart. Each service folder comes with a group,
« Membres — <service> », that holds the service's people (kept in step with their profile) and
may add documents to the folder (and its sub-folders): a collection permission, as an editor
would set in Wagtail's admin. Who may *see* a folder is a collection view restriction.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Collection, GroupCollectionPermission

from social.people.models import Service, User

from ..models import ServiceFolder

SERVICES_FOLDER = "Services"
MEMBERS_GROUP_PREFIX = "Membres — "


def services_folder() -> Collection | None:
    root = Collection.get_first_root_node()
    if root is None:
        return None
    folder = root.get_children().filter(name=SERVICES_FOLDER).first()
    if folder is None:
        folder = root.add_child(name=SERVICES_FOLDER)
    return folder


def _document_permission(action: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtaildocs", codename=action)


@transaction.atomic
def service_folder_ensure(*, service: Service) -> ServiceFolder | None:
    """The folder and members' group of `service`, created, renamed or moved to follow it."""
    if service.parent_id:
        parent_link = service_folder_ensure(service=service.parent)
        parent = parent_link.collection if parent_link else None
    else:
        parent = services_folder()
    if parent is None:  # Wagtail's roots are missing (a flushed database): nothing to hang on
        return None
    link = (
        ServiceFolder.objects.select_related("collection", "members_group")
        .filter(service=service)
        .first()
    )
    if link is None:
        collection = parent.get_children().filter(name=service.name).first()
        if collection is None or hasattr(collection, "service_folder"):
            collection = parent.add_child(name=service.name)
        group, _created = Group.objects.get_or_create(name=f"{MEMBERS_GROUP_PREFIX}{service.name}")
        link = ServiceFolder.objects.create(
            service=service, collection=collection, members_group=group
        )
    collection = link.collection
    if collection.name != service.name:
        collection.name = service.name
        collection.save()
    if collection.get_parent().pk != parent.pk:
        collection.move(parent, pos="sorted-child")
    for action in ("add_document", "choose_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=link.members_group, collection=collection, permission=_document_permission(action)
        )
    return link


def service_members_sync(*, user: User) -> None:
    """Put `user` in the members' group of their service, and out of the other services'."""
    links = {link.service_id: link.members_group_id for link in ServiceFolder.objects.all()}
    wanted = links.get(user.service_id)
    current = set(user.groups.filter(pk__in=links.values()).values_list("pk", flat=True))
    stale = current - {wanted}
    if stale:
        user.groups.remove(*stale)
    if wanted is not None and wanted not in current and user.is_active:
        user.groups.add(wanted)


def library_ensure_all() -> int:
    """Folders for every service and every person in their service's group (idempotent)."""
    count = 0
    for service in Service.objects.order_by("parent_id", "pk"):
        if service_folder_ensure(service=service) is not None:
            count += 1
    links = {link.service_id: link.members_group for link in ServiceFolder.objects.all()}
    for service_id, group in links.items():
        group.user_set.add(*User.objects.filter(service_id=service_id, is_active=True))
    return count


def folder_service(collection: Collection) -> Service | None:
    """The service whose folder holds `collection` (itself or its nearest ancestor)."""
    ancestors = collection.get_ancestors(inclusive=True)
    link = (
        ServiceFolder.objects.select_related("service")
        .filter(collection__in=ancestors)
        .order_by("-collection__depth")
        .first()
    )
    return link.service if link else None


def folder_display_name(collection: Collection) -> str:
    return _("Bibliothèque") if collection.is_root() else collection.name
