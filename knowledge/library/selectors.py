"""Read-side queries of the document library: which folders and documents a reader may see,
and what they may do with them. Every view, list, count, search filter and download starts
from one rule, the restricted folders a reader may not enter (`hidden_folder_paths`): as the
ids of the folders they see (`visible_folder_ids`), as those few paths (`documents_visible_to`,
the reader scope's "folders" part) or, for search, as access keys: a document's row holds its
nearest restricted folder's key (« library » where none is), a reader holds « library » and the
keys of the restricted folders they may enter (`reader_folder_keys`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.cache import caches
from django.db import connection

from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from cms.core import generations
from social.people.audience import per_user_cached

from ..models import LibraryDocument

if TYPE_CHECKING:
    from social.people.models import User

LIBRARY_GENERATION_KEY = generations.LIBRARY


def library_generation(request=None) -> int:
    """Bumped whenever a folder, its view restriction or its permissions change."""
    return generations.value(LIBRARY_GENERATION_KEY, request)


def visible_folder_ids(user: User) -> frozenset[int] | None:
    """Ids of the folders `user` may see, or None for « all of them » (superusers).

    A folder restricted to some groups (a Wagtail collection view restriction) is seen by their
    members only, with everything under it. Nothing else is hidden: every logged-in person sees
    the library's other folders. The answer is one list of ids, so that lists, counts, search
    (on any backend: `collection_id` is a filter field) and downloads all apply the same rule.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    return per_user_cached(
        user, "visible-folders", _compute_visible_folders, generations=(LIBRARY_GENERATION_KEY,)
    )


def hidden_folder_paths(user: User) -> tuple[str, ...]:
    """The tree paths of the folders restricted from `user` (each with everything under it):
    the same rule as `visible_folder_ids`, as a few paths rather than every folder's id."""
    return per_user_cached(
        user, "hidden-folders", _compute_hidden_paths, generations=(LIBRARY_GENERATION_KEY,)
    )


@dataclass(frozen=True)
class Restriction:
    path: str  # the restricted folder's, everything under it included
    folder_id: int
    group_ids: frozenset[int] | None  # those who may enter; None: nobody but superusers


@dataclass
class LibraryTree:
    """What every reader's rights and every document's keys are computed from: the folders
    restricted to some people (a restriction to logged-in people restricts nothing: everyone
    in Parvis is), and each folder's id by its tree path."""

    restrictions: tuple[Restriction, ...]
    ids_by_path: dict[str, int]

    @cached_property
    def paths_by_id(self) -> dict[int, str]:
        return {pk: path for path, pk in self.ids_by_path.items()}


TREE_TIMEOUT = 3600
_tree_memo: dict[str, LibraryTree] = {}


def library_tree(holder=None) -> LibraryTree:
    """Read once per library generation for every reader and process (a worker writing many
    rows reads the generation once per batch: cms/core/generations.py `snapshot`)."""
    key = f"library-tree:{generations.value(LIBRARY_GENERATION_KEY, holder)}"
    tree = _tree_memo.get(key)
    if tree is None:
        tree = caches["fragments"].get(key)
        if tree is None:
            tree = compute_library_tree()
            if connection.in_atomic_block:
                # A change not yet committed may be in it, and its generation's number come
                # back after a rollback: kept for nobody.
                return tree
            caches["fragments"].set(key, tree, TREE_TIMEOUT)
        _tree_memo.clear()  # one generation at a time: the current one
        _tree_memo[key] = tree
    return tree


def compute_library_tree() -> LibraryTree:
    from wagtail.models import Collection, CollectionViewRestriction

    found: dict[str, Restriction] = {}
    restrictions = CollectionViewRestriction.objects.select_related("collection").prefetch_related(
        "groups"
    )
    for restriction in restrictions:
        if restriction.restriction_type == CollectionViewRestriction.LOGIN:
            continue
        groups = None
        if restriction.restriction_type == CollectionViewRestriction.GROUPS:
            groups = frozenset(group.pk for group in restriction.groups.all())
        path = restriction.collection.path
        if path in found:  # two restrictions on one folder: both must let the reader in
            earlier = found[path].group_ids
            groups = None if earlier is None or groups is None else earlier & groups
        found[path] = Restriction(path, restriction.collection_id, groups)
    return LibraryTree(
        restrictions=tuple(sorted(found.values(), key=lambda restriction: restriction.path)),
        ids_by_path=dict(Collection.objects.values_list("path", "pk")),
    )


LIBRARY_KEY = "library"
STEPLEN = 4  # characters of a folder's tree path per level (Wagtail's collections)


def document_keys(folder_id: int) -> tuple[str, list[str]]:
    """A document's access key and places, from its folder (`folder_access_key`,
    `folder_places`)."""
    path = library_tree().paths_by_id.get(folder_id, "")
    return folder_access_key(path), folder_places(path)


def folder_access_key(path: str, tree: LibraryTree | None = None) -> str:
    """The access key of a document in the folder at `path`: its nearest restricted folder's
    (« folder:<id> »: holding it means passing every restriction above it), or « library »
    where nothing above it is restricted. A reader holds « library » and the keys of the
    restricted folders they may enter (`reader_folder_keys`): a few keys whatever the number
    of folders, where one key per folder gave a reader 2,000."""
    nearest = None
    for restriction in (tree or library_tree()).restrictions:
        if path.startswith(restriction.path) and (
            nearest is None or len(restriction.path) > len(nearest.path)
        ):
            nearest = restriction
    return f"folder:{nearest.folder_id}" if nearest else LIBRARY_KEY


def folder_places(path: str) -> list[str]:
    """Where a document in the folder at `path` is: « folder:<id> » of that folder and of each
    folder above it (the library searches a folder with its sub-folders by one of them)."""
    ids = library_tree().ids_by_path
    prefixes = (path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN))
    return [f"folder:{ids[prefix]}" for prefix in prefixes if prefix in ids]


def reader_folder_keys(user: User) -> frozenset[str]:
    """The access keys of the documents `user` may see (`folder_access_key`)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    hidden = None if user.is_superuser else hidden_folder_paths(user)
    return frozenset(
        [LIBRARY_KEY]
        + [
            f"folder:{restriction.folder_id}"
            for restriction in library_tree(user).restrictions
            if hidden is None or not any(restriction.path.startswith(path) for path in hidden)
        ]
    )


def _compute_hidden_paths(user: User) -> tuple[str, ...]:
    group_ids = set(user.groups.values_list("pk", flat=True))
    return tuple(
        restriction.path
        for restriction in library_tree(user).restrictions
        if restriction.group_ids is None or not group_ids & restriction.group_ids
    )


def _compute_visible_folders(user: User) -> frozenset[int]:
    from wagtail.models import Collection

    folders = Collection.objects.all()
    for path in hidden_folder_paths(user):
        folders = folders.exclude(path__startswith=path)
    return frozenset(folders.values_list("pk", flat=True))


def can_view_folder(user: User, collection) -> bool:
    visible = visible_folder_ids(user)
    return visible is None or collection.pk in visible


def folders_visible_to(user: User):
    from wagtail.models import Collection

    visible = visible_folder_ids(user)
    folders = Collection.objects.all()
    return folders if visible is None else folders.filter(pk__in=visible)


def documents_visible_to(user: User):
    """The library's documents `user` may see (everywhere: lists, search, downloads); those in
    the bin are seen in the bin only (`documents_in_bin_for`)."""

    documents = LibraryDocument.objects.filter(deleted_at__isnull=True)
    if not user.is_authenticated or not user.is_active:
        return documents.none()
    if user.is_superuser:
        return documents
    # The restricted folders' paths, not the visible folders' ids: a few clauses whatever the
    # number of folders (each service has its own), where a list of 2,000 ids cost more to
    # send than the query took to run.
    for path in hidden_folder_paths(user):
        documents = documents.exclude(collection__path__startswith=path)
    return documents


def can_view_document(user: User, document) -> bool:
    if document.deleted_at is not None:
        return False
    return can_view_folder_of(user, document)


def can_view_folder_of(user: User, document) -> bool:
    visible = visible_folder_ids(user)
    return visible is None or document.collection_id in visible


def _document_policy():
    from wagtail.documents import get_document_model
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_document_model())


def can_add_to_folder(user: User, collection) -> bool:
    """May `user` put documents in this folder: they see it, and hold Wagtail's « add »
    permission on it or a folder above it (the same rule as the admin)."""
    if not user.is_active or not can_view_folder(user, collection):
        return False
    return (
        _document_policy()
        .collections_user_has_permission_for(user, "add")
        .filter(pk=collection.pk)
        .exists()
    )


def can_edit_document(user: User, document) -> bool:
    """New version, restore, edit: those who see it and may change it in Wagtail's terms (the
    « change » permission on its folder, or « add » and they uploaded it)."""
    if not user.is_active or not can_view_document(user, document):
        return False
    return _document_policy().user_has_permission_for_instance(user, "change", document)


def can_manage_document(user: User, document) -> bool:
    """Rename, move, delete, and take back from the bin: those who may change it in Wagtail's
    terms in a folder they see, whether it is in the bin or not."""
    if not user.is_active or not can_view_folder_of(user, document):
        return False
    # Wagtail's own rule: the library's policy on top of it refuses documents in the bin.
    return CollectionOwnershipPermissionPolicy.user_has_any_permission_for_instance(
        _document_policy(), user, ["change"], document
    )


def document_editors(document) -> list:
    """Who looks after the document's folder: Wagtail's « change » on it (or above), its
    uploader if they may add there. Told when the antivirus quarantines one of its files."""
    users = _document_policy().users_with_any_permission_for_instance(["change"], document)
    return [user for user in users.filter(is_active=True) if can_view_document(user, document)]


def document_abilities(user: User, document) -> dict[str, bool]:
    can_edit = can_edit_document(user, document)
    return {
        "download": can_view_document(user, document) and document.downloadable,
        "new_version": can_edit,
        "restore": can_edit,
        "rename": can_edit,
        "move": can_edit,
        "delete": can_edit,
    }


def documents_in_bin_for(user: User) -> list:
    """The documents in the bin that `user` may take back (newest deletion first), in one
    query: Wagtail's « change » rule on the folders they see."""
    if not user.is_active:
        return []
    changeable = CollectionOwnershipPermissionPolicy.instances_user_has_permission_for(
        _document_policy(), user, "change"
    )
    deleted = changeable.filter(deleted_at__isnull=False).select_related("collection", "deleted_by")
    visible = visible_folder_ids(user)
    if visible is not None:
        deleted = deleted.filter(collection_id__in=visible)
    return list(deleted.order_by("-deleted_at"))


def folders_to_move_to(user: User, document) -> list:
    """The folders `user` may move `document` into: those they may add to, but its own."""
    return [
        folder
        for folder in folders_visible_to(user).exclude(pk=document.collection_id).order_by("path")
        if can_add_to_folder(user, folder)
    ]
