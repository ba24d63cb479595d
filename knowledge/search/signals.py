"""Keep search in step with pages (published, unpublished, moved, restricted), themes
(renamed, deleted) and editors' picks. Documents and group posts keep their own rows
(knowledge/library/signals.py, social/groups/signals.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core.generations import bump as bump_generation
from cms.core.queueing import queue_after_commit
from cms.core.searchable import refresh_search_restrictions
from social.people.models import Service

from ..models import SearchItem, Synonym, Theme
from ..models.taxonomy import forget_theme_names
from .index import search_item_remove, search_item_sync, search_items_sync_subtree
from .promotions import PROMOTIONS_GENERATION_KEY
from .sources import page_models
from .synonyms import SYNONYMS_GENERATION_KEY
from .tasks import reindex_service_entries, theme_entries_reindex_schedule


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
    if sender in page_models():
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


@receiver(post_save, sender="wagtailsearchpromotions.SearchPromotion")
@receiver(post_delete, sender="wagtailsearchpromotions.SearchPromotion")
@receiver(post_save, sender="wagtailsearchpromotions.Query")
def search_promotions_changed(sender, **kwargs) -> None:

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


@receiver(post_save, sender=Synonym)
@receiver(post_delete, sender=Synonym)
def synonyms_changed(sender, **kwargs) -> None:
    """The next search reads the table again: no index to rebuild."""
    bump_generation(SYNONYMS_GENERATION_KEY)


@receiver(post_save, sender=Service)
def follow_service_names(sender, instance: Service, created=False, raw=False, **kwargs) -> None:
    """A service's acronym is searched for its name (synonyms), and both are in the entries of
    what it owns: a new name or acronym reaches both."""
    if raw or created or not instance.names_changed:
        return
    bump_generation(SYNONYMS_GENERATION_KEY)
    queue_after_commit(reindex_service_entries, instance.pk)
