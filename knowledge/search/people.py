"""People in the intranet's search: one row per active person, found by everyone signed in
(key "people"), holding only what every reader may see of them (name, job title, service and its
acronym, and the site, skills and numbers they show to everyone: social/people/directory.py).

People sit below search in the layers (social.people imports no search), so search declares
them here. The header's suggestions find people with the directory's own matching, which
forgives typing mistakes in names (knowledge/search/views.py)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from social.people.directory import directory_text, register_close_words
from social.people.events import people_imported
from social.people.models import PersonSkill, User

from .index import search_item_remove
from .sources import SearchKind, SearchSource
from .tasks import sync_search_rows_after_commit
from .words import corrections

KEY_PEOPLE = "people"


CLOSE_NAMES = 5


def close_directory_words(word: str) -> list[str]:
    """The words of people's rows close to `word` (the directory's second pass: « duvall »
    → duval), from the vocabulary search corrects typing from."""
    return corrections(word, [KEY_PEOPLE], limit=CLOSE_NAMES)


def people_search_keys(user: User) -> set[str]:
    """Every signed-in, active person finds people."""
    return {KEY_PEOPLE} if user.is_authenticated and user.is_active else set()


def person_fields(person: User) -> dict | None:
    if not person.is_active or not person.slug:
        return None
    service = person.service if person.service_id else None
    summary = " · ".join(
        part for part in (person.job_title, service.name if service else "") if part
    )
    return {
        "kind": "person",
        "title": (person.get_full_name() or person.slug)[:255],
        "summary": summary[:2000],
        "url": person.get_absolute_url(),
        "date": None,
        "service_id": person.service_id,
        "search_themes": [],
        "access": [KEY_PEOPLE],
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


def person_text(person: User) -> str:
    """What else finds the person: their directory text after the name (already folded)."""
    return directory_text(person).partition("|")[2].strip()


PERSON_SOURCE = SearchSource(
    model=User,
    fields=person_fields,
    text=person_text,
    queryset=lambda: User.objects.filter(is_active=True).select_related("service", "site"),
    prefetch=lambda: (
        User.objects.filter(is_active=True)
        .select_related("service", "site")
        .prefetch_related("skills")
    ),
)
PERSON_KIND = SearchKind("person", _("Personnes"), _("Personne"), order=15)

# Fields whose change alters a person's row; a last login or a bio does not.
ROW_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "job_title",
        "service",
        "site",
        "phone",
        "mobile",
        "office",
        "visibility",
        "is_active",
        "slug",
    }
)


def _person_saved(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and not set(update_fields) & ROW_FIELDS):
        return
    sync_search_rows_after_commit(User, [instance.pk])


def _person_deleted(sender, instance: User, **kwargs) -> None:
    search_item_remove(instance)


def _skills_changed(sender, instance: PersonSkill, raw=False, **kwargs) -> None:
    if not raw:
        sync_search_rows_after_commit(User, [instance.content_object_id])


IMPORT_CHUNK = 1_000


def _people_imported(sender, person_ids: list[int], **kwargs) -> None:
    for start in range(0, len(person_ids), IMPORT_CHUNK):
        sync_search_rows_after_commit(User, person_ids[start : start + IMPORT_CHUNK])


def connect() -> None:
    register_close_words(close_directory_words)
    people_imported.connect(_people_imported, dispatch_uid="search-people-imported")
    post_save.connect(_person_saved, sender=User, dispatch_uid="search-person-saved")
    post_delete.connect(_person_deleted, sender=User, dispatch_uid="search-person-deleted")
    post_save.connect(_skills_changed, sender=PersonSkill, dispatch_uid="search-skill-added")
    post_delete.connect(_skills_changed, sender=PersonSkill, dispatch_uid="search-skill-removed")
