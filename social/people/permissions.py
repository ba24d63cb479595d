"""Who may see and change what of a person's profile: one function per question, used by the
profile page, the hover card, the directory, search, vCards and exports alike.

A profile's name, job title and service are shown to every signed-in person: that is what a
directory is for. Every other field has a visibility the person chooses (everyone, agents only,
my service, nobody); the person themself and those who manage people (HR, administrators) see
everything. Templates never read those fields from the person: they get a `VisibleProfile`,
whose hidden fields are empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .models import MANAGED_FIELDS, SELF_EDITABLE_FIELDS, VISIBILITY_DEFAULTS, FieldVisibility

if TYPE_CHECKING:
    from .models import User


def can_manage_people(user: User) -> bool:
    """HR and administrators: they edit identity, job, service, manager and arrival."""
    if not user.is_active:
        return False
    # Asked for every field of every person of a list: answered once per request (kept with
    # the user's other per-request values, forgotten with them when a right changes).
    memo = user.__dict__.setdefault("_per_user_cache", {})
    if " manages-people" not in memo:
        memo[" manages-people"] = user.is_superuser or user.has_perm("people.change_user")
    return memo[" manages-people"]


def can_move_services(user: User) -> bool:
    """Who reorganises the chart (a service under another, with its sub-tree): Wagtail's
    « change » permission on services, as for editing one."""
    return user.is_active and user.has_perm("people.change_service")


def _sees_everything(viewer: User, person: User) -> bool | None:
    """True for the person themself and those who manage people, None for anyone else signed
    in (it depends on each field), False for the signed out."""
    if not viewer.is_authenticated or not viewer.is_active:
        return False
    if viewer.pk == person.pk or can_manage_people(viewer):
        return True
    return None


def _level_allows(viewer: User, person: User, level: str) -> bool:
    if level == FieldVisibility.EVERYONE:
        return True
    if level == FieldVisibility.AGENTS:
        return viewer.role == viewer.Role.AGENT
    if level == FieldVisibility.SERVICE:
        return person.service_id is not None and person.service_id in viewer.service_ids
    return False


def can_view_field(viewer: User, person: User, name: str) -> bool:
    everything = _sees_everything(viewer, person)
    if everything is not None:
        return everything
    return _level_allows(viewer, person, person.visibility_of(name))


def visible_fields(viewer: User, person: User) -> frozenset[str]:
    everything = _sees_everything(viewer, person)
    if everything is not None:
        return frozenset(VISIBILITY_DEFAULTS) if everything else frozenset()
    return frozenset(
        name
        for name in VISIBILITY_DEFAULTS
        if _level_allows(viewer, person, person.visibility_of(name))
    )


def publicly_visible_fields(person: User) -> frozenset[str]:
    """The fields any signed-in reader sees: the only ones search and suggestions index."""
    return frozenset(
        name
        for name, default in VISIBILITY_DEFAULTS.items()
        if person.visibility.get(name, default) == FieldVisibility.EVERYONE
    )


def editable_fields(editor: User, person: User) -> frozenset[str]:
    """The fields `editor` may change on `person`'s profile: their own self-editable fields,
    or, for those who manage people, the managed ones; never a field synchronised from a
    directory."""
    if not editor.is_active:
        return frozenset()
    allowed: set[str] = set()
    if editor.pk == person.pk:
        allowed.update(SELF_EDITABLE_FIELDS)
    if can_manage_people(editor):
        allowed.update(MANAGED_FIELDS)
    return frozenset(allowed - set(person.synced_fields or []))


def can_edit_profile(editor: User, person: User) -> bool:
    return bool(editable_fields(editor, person))


@dataclass
class VisibleProfile:
    """What one reader may see of one person. A hidden field is empty, so a template cannot
    show it by mistake."""

    person: User
    shown: frozenset[str]
    email: str = ""
    phone: str = ""
    mobile: str = ""
    site: object = None
    office: str = ""
    manager: object = None
    has_photo: bool = False
    skills: list = field(default_factory=list)
    languages: str = ""
    bio: str = ""
    arrival_date: object = None
    absence_note: str = ""
    absence_until: object = None

    @property
    def name(self) -> str:
        return self.person.get_full_name() or str(self.person)

    @property
    def is_absent(self) -> bool:
        return bool(self.absence_note) and self.person.is_absent


def visible_profile(viewer: User, person: User, *, skills: list | None = None) -> VisibleProfile:
    """`person` as `viewer` may see them (`skills`: already read, for lists of people)."""
    shown = visible_fields(viewer, person)
    profile = VisibleProfile(person=person, shown=shown)
    for name in ("email", "phone", "mobile", "office", "languages", "bio"):
        if name in shown:
            setattr(profile, name, getattr(person, name) or "")
    if "arrival_date" in shown:
        profile.arrival_date = person.arrival_date
    if "site" in shown:
        profile.site = person.site
    if "manager" in shown:
        profile.manager = person.manager
    if "photo" in shown:
        profile.has_photo = bool(person.photo)
    if "skills" in shown:
        profile.skills = list(person.skills.all()) if skills is None else skills
    if "absence" in shown and person.is_absent:
        profile.absence_note = person.absence_note
        profile.absence_until = person.absence_until
    return profile
