"""The directory: what it searches of each person, and how a search finds and ranks them.

Each active person has a `directory_text`: their name, then (after « | ») their job title,
service and its acronym, site, skills and the phone numbers everyone may see, folded (lower
case, no accents: cms/core/text.py) and written on every save. Fields with a narrower
visibility are never in it, so nobody finds a person by a number they may not read.

A search keeps the people whose text holds every word typed (three letters or more) at the start
of a word or, on PostgreSQL, close to a word (pg_trgm's word similarity, on a trigram index:
« duvall » finds Duval); shorter words (« C » in « DUVAL C ») and misspellings are then weighed
in Python the same way on every database (difflib, as search corrects typing mistakes), a word
of the name counting more than a word of the job, a whole word more than a beginning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import QuerySet

from cms.core.text import fold

from .models import Service, User
from .permissions import publicly_visible_fields

if TYPE_CHECKING:
    from collections.abc import Iterable

WORDS = re.compile(r"[^\W_]+")
NAME_SEPARATOR = "|"
MIN_REQUIRED = 3  # shorter words typed only weigh on the order
MIN_FUZZY = 4  # shorter words are matched as typed
FUZZY_RATIO = 0.75
FUZZY_WEIGHT = 0.4  # a name misspelt weighs less than a job title's exact word
NAME_WEIGHT, OTHER_WEIGHT = 10, 6
TRIGRAM_THRESHOLD = 0.4
CANDIDATES = 300  # people ranked in Python, at most, per search
FUZZY_WHEN_FEWER = 20  # people found as typed, below which close words are looked for too
MAX_RESULTS = 60


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


def service_members_reindex(service: Service) -> None:
    for person in User.objects.filter(service=service).select_related("service", "site"):
        person_reindex(person)


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


def _word_score(word: str, words: list[str], weight: float) -> float:
    best = 0.0
    for candidate in words:
        if candidate == word:
            return weight
        if candidate.startswith(word):
            best = max(best, weight * 0.8)
        elif len(word) >= MIN_FUZZY and abs(len(candidate) - len(word)) <= 2:
            ratio = difflib.SequenceMatcher(None, word, candidate).ratio()
            if ratio >= FUZZY_RATIO:
                best = max(best, weight * FUZZY_WEIGHT * ratio)
    return best


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
    """Two passes on the trigram index: the words as typed (at the start of a word), which
    a common name fills at once without ranking thousands of rows; then, only when that found
    few people, the words close to those typed (pg_trgm's word similarity, best first)."""
    exact = _postgresql_pass(query, people, fuzzy=False)
    if len(exact) >= FUZZY_WHEN_FEWER or not any(len(w) >= MIN_FUZZY for w in query.required):
        return exact
    seen = {pk for pk, _text in exact}
    return exact + [
        row for row in _postgresql_pass(query, people, fuzzy=True) if row[0] not in seen
    ]


def _postgresql_pass(query: Query, people: QuerySet, *, fuzzy: bool) -> list[tuple[int, str]]:
    conditions, params = [], []
    for word in query.required:
        if fuzzy and len(word) >= MIN_FUZZY:
            conditions.append("(u.directory_text LIKE %s OR u.directory_text %%> %s)")
            params += [f"% {word}%", word]
        else:
            conditions.append("u.directory_text LIKE %s")
            params.append(f"% {word}%")
    for number in query.numbers:
        conditions.append("u.directory_text LIKE %s")
        params.append(f"%{number}%")
    subquery, subquery_params = people.values("pk").query.sql_with_params()
    typed = " ".join(query.required + query.optional + query.numbers)
    order = "word_similarity(%s, u.directory_text) DESC," if fuzzy else ""
    sql = f"""
        SELECT u.id, u.directory_text FROM {User._meta.db_table} u
        WHERE u.id IN ({subquery}) AND {" AND ".join(conditions)}
        ORDER BY {order} u.last_name, u.first_name
        LIMIT {CANDIDATES}
    """  # noqa: S608 (table name and conditions are ours; every value is a parameter)
    with transaction.atomic(), connection.cursor() as cursor:
        # Looser than pg_trgm's default (0.6), for this query only: « kerjan » must reach
        # Kerjean; difflib then decides (FUZZY_RATIO), as on every database.
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
            [str(TRIGRAM_THRESHOLD)],
        )
        cursor.execute(sql, [*subquery_params, *params, *([typed] if fuzzy else [])])
        return cursor.fetchall()


def _other_candidates(query: Query, people: QuerySet) -> list[tuple[int, str]]:
    """Without trigrams (SQLite, the demo): every person filtered is read and weighed."""
    return list(people.values_list("pk", "directory_text").iterator(chunk_size=2_000))


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
    scored = [(score(query, text_), pk) for pk, text_ in candidates]
    ranked = [pk for points, pk in sorted(scored, key=lambda row: -row[0]) if points > 0][:limit]
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
