"""Keep the library in step: analyse new files, keep their search rows, follow the
organisation chart, forget cached folder rights when they change, and take files away with
what owned them."""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from wagtail.models import Collection, CollectionViewRestriction, GroupCollectionPermission

from treebeard.mp_tree import path_updated

from cms.core.audit import audit_record
from cms.core.fields import KeyListField
from cms.core.generations import bump as bump_generation
from cms.core.media import file_delete_on_commit
from social.people.models import Service, User

from ..models import LibraryDocument, LibraryDocumentVersion
from ..search.index import search_item_remove, search_item_sync
from .folders import service_folder_ensure, service_members_sync
from .selectors import LIBRARY_GENERATION_KEY
from .tasks import document_extraction_schedule, folder_documents_resync_schedule


@receiver(post_save, sender=LibraryDocument)
def analyse_new_file(sender, instance: LibraryDocument, **kwargs) -> None:
    if getattr(instance, "_file_changed", False):
        document_extraction_schedule(document_id=instance.pk)


@receiver(post_delete, sender=LibraryDocumentVersion)
def delete_version_file(sender, instance: LibraryDocumentVersion, **kwargs) -> None:
    file_delete_on_commit(instance.file)


@receiver(post_delete, sender=LibraryDocument)
def delete_preview_file(sender, instance: LibraryDocument, **kwargs) -> None:
    # Wagtail deletes the document's own file; its preview is Parvis's to delete.
    file_delete_on_commit(instance.preview)


@receiver(post_delete, sender=LibraryDocument)
def document_search_row_removed(sender, instance: LibraryDocument, **kwargs) -> None:
    search_item_remove(instance)


@receiver(m2m_changed, sender=LibraryDocument.themes.through)
def follow_document_themes(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    """Keep `search_themes` (the search's theme filter) equal to the document's themes."""
    if not action.startswith("post_"):
        return
    if not reverse:
        documents = LibraryDocument.objects.filter(pk=instance.pk)
    elif kwargs.get("pk_set"):
        documents = LibraryDocument.objects.filter(pk__in=kwargs["pk_set"])
    else:
        documents = LibraryDocument.objects.filter(themes=instance)
    for document in documents.defer("extracted_text"):
        themes = sorted(document.themes.values_list("pk", flat=True))
        if sorted(map(int, document.search_themes)) != themes:
            LibraryDocument.objects.filter(pk=document.pk).update(
                search_themes=KeyListField().get_prep_value(themes)
            )
            document.search_themes = [str(pk) for pk in themes]
            search_item_sync(document)


EXTRACTION_BOOKKEEPING = {"extraction_attempts", "extraction_started_at"}


@receiver(post_save, sender=LibraryDocument)
def document_search_row(sender, instance: LibraryDocument, raw=False, update_fields=None, **kw):
    if raw or (update_fields and set(update_fields) <= EXTRACTION_BOOKKEEPING):
        return
    search_item_sync(instance)


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def restriction_changed(sender, instance: CollectionViewRestriction, raw=False, **kwargs) -> None:
    """Documents under a folder restricted, opened or restricted otherwise take the key of
    their nearest restricted folder (selectors.py): their search rows are written again."""
    if not raw:
        folder_documents_resync_schedule(folder_id=instance.collection_id)


@receiver(post_save, sender=GroupCollectionPermission)
@receiver(post_delete, sender=GroupCollectionPermission)
def folder_rights_audit(sender, instance, raw=False, created=None, **kwargs) -> None:
    """The audit log: a group of people given or refused a right on a folder."""
    if raw:
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    group = Group.objects.filter(pk=instance.group_id).first()
    if collection is None or group is None:  # deleted with its folder or group
        return
    verb = "+" if created is not None else "−"
    audit_record(
        collection,
        "parvis.folder_rights.change",
        detail=f"{verb} {group.name} : {instance.permission.codename}",
    )


@receiver(post_save, sender=CollectionViewRestriction)
@receiver(post_delete, sender=CollectionViewRestriction)
def folder_restriction_audit(sender, instance, raw=False, created=None, **kwargs) -> None:
    if raw:
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    if created is None:
        detail = _("accès restreint retiré")
    else:
        names = ", ".join(sorted(group.name for group in instance.groups.all()))
        detail = _("accès restreint à : %(groups)s") % {
            "groups": names or instance.restriction_type
        }
    audit_record(collection, "parvis.folder_rights.change", detail=str(detail))


@receiver(path_updated, sender=Collection)
def folder_moved(sender, new_path: str, **kwargs) -> None:
    """A folder moved with its sub-tree (treebeard rewrites their paths without saving them):
    readers' rights follow at once (hidden folders are known by their paths), and its
    documents' keys and places in a worker."""
    bump_generation(LIBRARY_GENERATION_KEY)
    folder = Collection.objects.filter(path=new_path).first()
    if folder is not None:
        folder_documents_resync_schedule(folder_id=folder.pk)


@receiver(post_save, sender="wagtailcore.Collection")
@receiver(post_delete, sender="wagtailcore.Collection")
@receiver(post_save, sender="wagtailcore.CollectionViewRestriction")
@receiver(post_delete, sender="wagtailcore.CollectionViewRestriction")
@receiver(m2m_changed, sender=CollectionViewRestriction.groups.through)
@receiver(post_save, sender="wagtailcore.GroupCollectionPermission")
@receiver(post_delete, sender="wagtailcore.GroupCollectionPermission")
def folder_rights_changed(sender, **kwargs) -> None:
    bump_generation(LIBRARY_GENERATION_KEY)


@receiver(post_save, sender=Service)
def follow_organisation_chart(sender, instance: Service, raw=False, **kwargs) -> None:
    if not raw:
        service_folder_ensure(service=instance)


@receiver(post_save, sender=User)
def follow_service_membership(sender, instance: User, raw=False, update_fields=None, **kwargs):
    if raw or update_fields == frozenset({"last_login"}):
        return
    service_members_sync(user=instance)


@receiver(post_delete, sender=Group)
def group_deleted(sender, **kwargs) -> None:
    bump_generation(LIBRARY_GENERATION_KEY)
