"""What a person does in Parvis, shown on their profile: each capability declares its section
(`register_profile_section` in its app's `ready()`: the groups the person belongs to, the
articles they own, the documents they published, their recent posts…), computed for one reader
with that capability's own visibility rules. This module imports no content app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from .models import User

SECTION_LIMIT = 8


@dataclass(frozen=True)
class ProfileEntry:
    title: str
    url: str
    detail: str = ""
    date: object = None


@dataclass(frozen=True)
class ProfileSection:
    name: str
    label: str | Promise  # « Ses groupes »
    # (reader, person, limit) → what `reader` may see of it, at most `limit` entries
    entries: Callable[[User, User, int], list[ProfileEntry]]
    order: int = 100


@dataclass
class FilledSection:
    section: ProfileSection
    entries: list[ProfileEntry] = field(default_factory=list)


_sections: dict[str, ProfileSection] = {}


def register_profile_section(section: ProfileSection) -> None:
    _sections[section.name] = section


def profile_sections(reader: User, person: User) -> list[FilledSection]:
    """The non-empty sections of `person`'s profile, as `reader` may see them."""
    filled = []
    for section in sorted(_sections.values(), key=lambda section: section.order):
        entries = section.entries(reader, person, SECTION_LIMIT)
        if entries:
            filled.append(FilledSection(section, entries))
    return filled
