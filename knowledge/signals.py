"""Keep the library in step: analyse new files, follow the organisation chart, forget cached
folder rights when they change, and take files away with what owned them."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import CollectionViewRestriction

from home.cache import bump_generation
from social.people.models import Service, User

from .folders import service_folder_ensure, service_members_sync
from .models import LibraryDocument, LibraryDocumentVersion
from .selectors import LIBRARY_GENERATION_KEY
from .services import document_extraction_schedule


@receiver(post_save, sender=LibraryDocument)
def analyse_new_file(sender, instance: LibraryDocument, **kwargs) -> None:
    if getattr(instance, "_file_changed", False):
        document_extraction_schedule(document_id=instance.pk)


def _delete_file_on_commit(field_file) -> None:
    if field_file and field_file.name:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=LibraryDocumentVersion)
def delete_version_file(sender, instance: LibraryDocumentVersion, **kwargs) -> None:
    _delete_file_on_commit(instance.file)


@receiver(post_delete, sender=LibraryDocument)
def delete_preview_file(sender, instance: LibraryDocument, **kwargs) -> None:
    # Wagtail deletes the document's own file; its preview is Parvis's to delete.
    _delete_file_on_commit(instance.preview)


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
