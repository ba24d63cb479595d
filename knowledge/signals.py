"""Keep the library in step: analyse new files, follow the organisation chart, forget cached
folder rights when they change, and take files away with what owned them."""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from wagtail.models import CollectionViewRestriction, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.fields import KeyListField
from cms.generations import bump as bump_generation
from cms.media import file_delete_on_commit
from cms.searchable import refresh_search_restrictions
from social.people.models import Service, User

from .library.folders import service_folder_ensure, service_members_sync
from .models import LibraryDocument, LibraryDocumentVersion, Theme
from .search.index import (
    forget_theme_names,
    search_item_remove,
    search_item_sync,
    search_items_sync_subtree,
)
from .search.sources import page_models
from .selectors import LIBRARY_GENERATION_KEY
from .services import document_extraction_schedule, theme_entries_reindex_schedule


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


@receiver(page_published)
def page_search_row(sender, instance, **kwargs) -> None:
    if type(instance) not in page_models():
        # A page above searchable ones (a section, an index) may have changed their address.
        if instance.numchild and _moved_address(instance):
            search_items_sync_subtree(instance.path)
        return
    before = _stored_url(instance)
    search_item_sync(instance)
    if instance.numchild and before not in (None, instance.url):
        search_items_sync_subtree(instance.path)


def _stored_url(page) -> str | None:
    from django.contrib.contenttypes.models import ContentType

    from .models import SearchItem

    return (
        SearchItem.objects.filter(
            content_type=ContentType.objects.get_for_model(page), source_id=page.pk
        )
        .values_list("url", flat=True)
        .first()
    )


def _moved_address(page) -> bool:
    """Whether the first searchable page below `page` has a stored address that is not its
    own any more (`page` was renamed)."""
    for model in page_models():
        child = model.objects.child_of(page).live().defer_streamfields().first()
        if child is not None:
            stored = _stored_url(child)
            return stored is not None and stored != child.url
    return False


@receiver(page_unpublished)
def page_search_row_removed(sender, instance, **kwargs) -> None:
    if type(instance) in page_models():
        search_item_remove(instance)


@receiver(post_delete)
def source_deleted(sender, instance, **kwargs) -> None:
    if sender in page_models() or sender is LibraryDocument:
        search_item_remove(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def follow_page_restrictions(sender, instance: PageViewRestriction, **kwargs) -> None:
    """A private section's pages carry its restriction in their access keys: recompute."""
    path = (
        PageViewRestriction._meta.get_field("page")
        .related_model.objects.filter(pk=instance.page_id)
        .values_list("path", flat=True)
        .first()
    )
    if path:
        for page in refresh_search_restrictions(path):
            if page.live:
                search_item_sync(page)


@receiver(post_page_move)
def follow_page_move(sender, instance, **kwargs) -> None:
    refresh_search_restrictions(instance.path)
    search_items_sync_subtree(instance.path)


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


@receiver(post_save, sender="wagtailsearchpromotions.SearchPromotion")
@receiver(post_delete, sender="wagtailsearchpromotions.SearchPromotion")
@receiver(post_save, sender="wagtailsearchpromotions.Query")
def search_promotions_changed(sender, **kwargs) -> None:
    from .search.promotions import PROMOTIONS_GENERATION_KEY

    bump_generation(PROMOTIONS_GENERATION_KEY)


@receiver(pre_save, sender=Theme)
def remember_theme_name(sender, instance: Theme, raw=False, **kwargs) -> None:
    instance._stored_name = (
        None
        if raw or instance.pk is None
        else Theme.objects.filter(pk=instance.pk).values_list("name", flat=True).first()
    )


@receiver(post_save, sender=Theme)
def follow_theme_rename(sender, instance: Theme, created=False, raw=False, **kwargs) -> None:
    """Documents, pages and posts are found by their themes' names: a new name is written in
    their entries (in the background, after commit)."""
    stored = getattr(instance, "_stored_name", None)
    if not (raw or created) and stored is not None and stored != instance.name:
        forget_theme_names()
        theme_entries_reindex_schedule(theme_id=instance.pk)


@receiver(post_delete, sender=Theme)
def follow_theme_deletion(sender, instance: Theme, **kwargs) -> None:
    forget_theme_names()
    theme_entries_reindex_schedule(theme_id=instance.pk)
