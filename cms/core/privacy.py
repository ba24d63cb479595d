"""What Parvis keeps about people, why and how long, in one set of declarations: each app says,
in its `ready()`, which processing activities it runs (purpose, legal basis), which kinds of
data it keeps (with a default retention and the function that deletes what is older), what it
puts in a person's « Mes données » export, what a departure and an anonymisation do to its
rows. The page « Ce que Parvis sait de vous », the nightly retention task, the export and the
departure services all read these declarations: the text shown cannot drift from what is done.

This module imports no app: apps plug into it, it never looks for them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Activity:
    """A processing activity (« traitement ») of the register the GDPR asks for (art. 30)."""

    key: str
    name: str | Promise
    purpose: str | Promise
    legal_basis: str | Promise
    data: str | Promise  # the categories of data, in words
    recipients: str | Promise
    order: int = 100


@dataclass(frozen=True)
class DataKind:
    """One kind of record and how long it is kept. `days` is the default (administrators may
    change it, within `min_days`); None means « as long as something else lives » and
    `kept_for` says what. `purge(cutoff)` deletes the records older than `cutoff` and returns
    how many went."""

    key: str
    activity: str
    label: str | Promise
    days: int | None
    purge: Callable[[datetime], int] | None = None
    kept_for: str | Promise = ""
    min_days: int = 1


@dataclass(frozen=True)
class ExportPart:
    """A file of the export: `rows(person)` yields JSON-ready dicts, one by one (the export
    streams them to disk, so a person with 100,000 of them costs no more memory than one)."""

    name: str  # « commentaires.json »
    description: str | Promise
    rows: Callable[[Any], Iterable[dict]]
    order: int = 100


@dataclass(frozen=True)
class ExportedFile:
    """A file the person uploaded: where it lies in storage and where it goes in the ZIP."""

    storage_name: str
    folder: str  # « bibliotheque », « groupes/Conseil municipal »…
    name: str
    date: datetime | None
    storage: Any = None  # default storage when None


@dataclass
class Registry:
    activities: dict[str, Activity] = field(default_factory=dict)
    kinds: dict[str, DataKind] = field(default_factory=dict)
    export_parts: dict[str, ExportPart] = field(default_factory=dict)
    export_files: list[Callable[[Any], Iterable[ExportedFile]]] = field(default_factory=list)
    # Departure: (person ids) -> None; run inside the departure's transaction.
    departure_steps: list[Callable[[list[int]], None]] = field(default_factory=list)
    # Anonymisation: (person, replacement) -> None; run inside its transaction.
    anonymisers: list[Callable[[Any, Any], None]] = field(default_factory=list)
    # Texts where a person may be @mentioned: (model, source field, rendered field or "").
    mention_texts: list[tuple[Any, str, str]] = field(default_factory=list)


registry = Registry()


def register_activity(activity: Activity) -> None:
    registry.activities[activity.key] = activity


def register_data_kind(kind: DataKind) -> None:
    registry.kinds[kind.key] = kind


def register_export_part(part: ExportPart) -> None:
    registry.export_parts[part.name] = part


def register_export_files(files: Callable[[Any], Iterable[ExportedFile]]) -> None:
    if files not in registry.export_files:
        registry.export_files.append(files)


def register_departure_step(step: Callable[[list[int]], None]) -> None:
    if step not in registry.departure_steps:
        registry.departure_steps.append(step)


def register_anonymiser(anonymiser: Callable[[Any, Any], None]) -> None:
    if anonymiser not in registry.anonymisers:
        registry.anonymisers.append(anonymiser)


def register_mention_text(model, source: str, rendered: str = "") -> None:
    entry = (model, source, rendered)
    if entry not in registry.mention_texts:
        registry.mention_texts.append(entry)


def activities() -> list[Activity]:
    return sorted(registry.activities.values(), key=lambda a: (a.order, str(a.name)))


def kinds_of(activity_key: str) -> list[DataKind]:
    return [kind for kind in registry.kinds.values() if kind.activity == activity_key]


def export_parts() -> list[ExportPart]:
    return sorted(registry.export_parts.values(), key=lambda p: (p.order, p.name))


def exported_files(person) -> Iterator[ExportedFile]:
    for files in registry.export_files:
        yield from files(person)


def people_depart(person_ids: list[int]) -> None:
    """Every app's part of a departure (groups left, tokens revoked, sessions closed…). The
    caller holds the transaction: a failing step leaves everyone as they were."""
    if person_ids:
        for step in registry.departure_steps:
            step(list(person_ids))
