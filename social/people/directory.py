"""The directory: what it searches of each person, and how a search finds and ranks them.

Each active person has a `directory_text`: their name, then (after « | ») their job title,
service and its acronym, site, skills and the phone numbers everyone may see, folded (lower
case, no accents: cms/core/text.py) and written on every save. Fields with a narrower
visibility are never in it, so nobody finds a person by a number they may not read.

A search keeps the people whose text holds every word typed (three letters or more) at the start
of a word (`LIKE` on a trigram index, on PostgreSQL) or, when that finds few people, a word of
the directory's vocabulary close to it (« duvall » finds Duval: the corrections search makes,
`register_close_words`); shorter words (« C » in « DUVAL C ») and misspellings are then weighed
in Python the same way on every database (difflib, as search corrects typing mistakes), a word
of the name counting more than a word of the job, a whole word more than a beginning.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Q, QuerySet

from cms.core.text import fold

from .models import Service, User
from .permissions import publicly_visible_fields

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

WORDS = re.compile(r"[^\W_]+")
NAME_SEPARATOR = "|"
MIN_REQUIRED = 3  # shorter words typed only weigh on the order
MIN_FUZZY = 4  # shorter words are matched as typed
FUZZY_RATIO = 0.75
FUZZY_WEIGHT = 0.4  # a name misspelt weighs less than a job title's exact word
NAME_WEIGHT, OTHER_WEIGHT = 10, 6
CANDIDATES = 150  # people ranked in Python, at most, per search
FUZZY_WHEN_FEWER = 20  # people found as typed, below which close words are looked for too
MAX_RESULTS = 60
PAGE_SIZE = 24  # people per page of the directory


_close_word_finders: list[Callable[[str], Iterable[str]]] = []


def register_close_words(finder: Callable[[str], Iterable[str]]) -> None:
    """Declare where misspelt words are corrected from: `finder(word)` gives the words close
    to `word` (folded) among those the directory holds. Search declares its vocabulary's
    corrections (knowledge/apps.py), so the directory forgives typing as search does, without
    importing it."""
    if finder not in _close_word_finders:
        _close_word_finders.append(finder)


def close_words(word: str) -> list[str]:
    found: list[str] = []
    for finder in _close_word_finders:
        found += [close for close in finder(word) if close != word and close not in found]
    return found


def digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def directory_text(person: User, skill_names: Iterable[str] | None = None) -> str:
    """What the directory searches of `person` (see the module's docstring)."""
    shown = publicly_visible_fields(person)
    name = f"{person.first_name} {person.last_name}"
    others = [person.job_title]
    if person.service_id:
        service = person.service
        others += [service.name, service.acronym]
    if "site" in shown and person.site_id:
        others.append(person.site.name)
    if "skills" in shown:
        if skill_names is None:
            # prefetch_related("skills") makes this free for a list of people
            skill_names = [skill.name for skill in person.skills.all()] if person.pk else []
        others += list(skill_names)
    if "office" in shown:
        others.append(person.office)
    for number_field in ("phone", "mobile"):
        if number_field in shown and digits(getattr(person, number_field)):
            others.append(digits(getattr(person, number_field)))
    name_words = WORDS.findall(fold(name))
    other_words = WORDS.findall(fold(" ".join(part for part in others if part)))
    return f" {' '.join(name_words)} {NAME_SEPARATOR} {' '.join(other_words)} "


def person_reindex(person: User) -> None:
    """Write `person`'s directory text again (after their profile, skills or service changed)."""
    text = directory_text(person)
    if text != person.directory_text:
        person.directory_text = text
        User.objects.filter(pk=person.pk).update(directory_text=text)


REINDEX_BATCH = 2_000


def people_reindex(person_ids: Iterable[int]) -> int:
    """The directory texts of these people written again, in batches, those that changed only
    (after an import's bulk writes, which send no signals, or a service renamed). How many
    changed."""
    ids = list(person_ids)
    written = 0
    for start in range(0, len(ids), REINDEX_BATCH):
        people = list(
            User.objects.filter(pk__in=ids[start : start + REINDEX_BATCH]).select_related(
                "service", "site"
            )
        )
        skills: dict[int, list[str]] = {person.pk: [] for person in people}
        for item in User.skills.through.objects.filter(content_object__in=people).select_related(
            "tag"
        ):
            skills[item.content_object_id].append(item.tag.name)
        changed = []
        for person in people:
            text = directory_text(person, skills[person.pk])
            if text != person.directory_text:
                person.directory_text = text
                changed.append(person)
        User.objects.bulk_update(changed, ["directory_text"], batch_size=REINDEX_BATCH)
        written += len(changed)
    return written


def service_members_reindex(service_id: int) -> int:
    """After a service is renamed or given another acronym (a worker's task)."""
    return people_reindex(User.objects.filter(service_id=service_id).values_list("pk", flat=True))


# Search


@dataclass(frozen=True)
class Query:
    required: tuple[str, ...]  # every one must match
    optional: tuple[str, ...]  # weigh on the order only
    numbers: tuple[str, ...]  # phone fragments

    @property
    def empty(self) -> bool:
        return not (self.required or self.optional or self.numbers)


def parse(text: str) -> Query:
    words = WORDS.findall(fold(text))
    numbers = [word for word in words if word.isdigit()]
    letters = [word for word in words if not word.isdigit()]
    required = [word for word in letters if len(word) >= MIN_REQUIRED]
    optional = [word for word in letters if len(word) < MIN_REQUIRED]
    if not required and not numbers:  # « ma »: what is typed is all there is to go on
        required, optional = optional, []
    # « 01 23 45 » is one number typed in pieces
    joined = "".join(numbers)
    return Query(tuple(required), tuple(optional), (joined,) if joined else ())


@functools.lru_cache(maxsize=200_000)
def _closeness(word: str, candidate: str) -> float:
    """1 when `candidate` is `word`, 0.8 when it begins with it, less when it is close to it
    (difflib), 0 otherwise. Remembered: names, jobs and services repeat from person to person,
    so a search weighs each pair of words once, not once per person."""
    if candidate == word:
        return 1.0
    if candidate.startswith(word):
        return 0.8
    if len(word) >= MIN_FUZZY and abs(len(candidate) - len(word)) <= 2:
        matcher = difflib.SequenceMatcher(None, word, candidate)
        if matcher.quick_ratio() >= FUZZY_RATIO and (ratio := matcher.ratio()) >= FUZZY_RATIO:
            return FUZZY_WEIGHT * ratio
    return 0.0


def _word_score(word: str, words: list[str], weight: float) -> float:
    best = 0.0
    for candidate in words:
        closeness = _closeness(word, candidate)
        if closeness == 1.0:
            return weight
        best = max(best, closeness)
    return weight * best


def score(query: Query, text: str) -> float:
    """How well `text` (a directory text) answers `query`; 0 when a required word is missing."""
    name_part, _, other_part = text.partition(NAME_SEPARATOR)
    name_words, other_words = name_part.split(), other_part.split()
    total = 0.0
    for word in query.required:
        found = max(
            _word_score(word, name_words, NAME_WEIGHT), _word_score(word, other_words, OTHER_WEIGHT)
        )
        if not found:
            return 0.0
        total += found
    for word in query.optional:
        total += _word_score(word, name_words, 3)
    for number in query.numbers:
        if not any(number in word for word in other_words if word.isdigit()):
            return 0.0
        total += 6
    return total


def _postgresql_candidates(query: Query, people: QuerySet) -> list[tuple[int, str]]:
    """Two passes on the trigram index, each a few `LIKE` on it: the words as typed (at the
    start of a word), which a common name fills at once without ranking thousands of rows;
    then, only when that found few people, the words of the directory's vocabulary close to
    those typed as well (« duvall » → duval: `register_close_words`)."""
    exact = _postgresql_pass(query, people, {})
    if len(exact) >= FUZZY_WHEN_FEWER:
        return exact
    alternatives = {
        word: close
        for word in query.required
        if len(word) >= MIN_FUZZY and (close := close_words(word))
    }
    if not alternatives:
        return exact
    seen = {pk for pk, _text in exact}
    return exact + [
        row for row in _postgresql_pass(query, people, alternatives) if row[0] not in seen
    ]


def _postgresql_pass(
    query: Query, people: QuerySet, alternatives: dict[str, list[str]]
) -> list[tuple[int, str]]:
    # The words' conditions join the filters' in one WHERE (an `id IN (…)` over the filtered
    # people let the planner, which cannot count LIKE's rows, loop over the whole table).
    candidates = people.order_by()
    for word in query.required:
        condition = Q()
        for form in [word, *alternatives.get(word, [])]:
            condition |= Q(directory_text__contains=f" {form}")
        candidates = candidates.filter(condition)
    for number in query.numbers:
        candidates = candidates.filter(directory_text__contains=number)
    # In no order: sorting the thousands of people a common name finds, to keep a few, would
    # cost more than the search; Python ranks those kept (`people_search`).
    return list(candidates.values_list("pk", "directory_text")[:CANDIDATES])


def _other_candidates(query: Query, people: QuerySet) -> list[tuple[int, str]]:
    """Without trigrams (SQLite, the demo): every person filtered is read and weighed."""
    return list(people.values_list("pk", "directory_text").iterator(chunk_size=2_000))


def _name_order(text: str) -> tuple[str, ...]:
    """A directory text's name, last words first (« camille duval » → duval, camille)."""
    return tuple(reversed(text.partition(NAME_SEPARATOR)[0].split()))


def people_search(people: QuerySet, text: str, *, limit: int = MAX_RESULTS) -> list[User]:
    """The people of `people` (a filtered queryset of active people) that `text` finds, best
    first."""
    query = parse(text)
    if query.empty:
        return []
    if connection.vendor == "postgresql":
        candidates = _postgresql_candidates(query, people)
    else:
        candidates = _other_candidates(query, people)
    scored = [(score(query, text_), text_, pk) for pk, text_ in candidates]
    # Best first, then by name (the text begins with the folded first and last names).
    scored.sort(key=lambda row: (-row[0], _name_order(row[1])))
    ranked = [pk for points, _text, pk in scored if points > 0][:limit]
    found = people.filter(pk__in=ranked).in_bulk()
    return [found[pk] for pk in ranked if pk in found]


def directory_people(
    *,
    service: Service | None = None,
    site_id: int | None = None,
    role: str = "",
    skill: str = "",
    letter: str = "",
) -> QuerySet:
    """Active people, filtered (a service includes its sub-services)."""
    people = User.objects.filter(is_active=True).exclude(slug=None)
    if service is not None:
        people = people.filter(service_id__in=service_subtree_ids(service))
    if site_id:
        people = people.filter(site_id=site_id)
    if role:
        people = people.filter(role=role)
    if skill:
        people = people.filter(skills__slug=skill)
    if letter:
        people = people.filter(last_name__istartswith=letter)
    return people


def service_subtree_ids(service: Service) -> list[int]:
    """`service` and every service under it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Service.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = [], [service.pk]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.append(current)
        todo.extend(children.get(current, []))
    return found
