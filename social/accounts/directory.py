"""LDAP / Active Directory: signing in with the directory's password (django-auth-ldap), and
`sync_directory`, which makes Parvis's people what the directory says.

The sync reads every person entry (paged, for Active Directory's 1,000-entry pages) and every
group once, compares with Parvis in memory, and writes the differences in one transaction with
bulk queries: accounts created, fields changed (each change logged as the HR import logs its
own), accounts absent from the directory deactivated (their sessions closed; their feed tokens
stop working with the account), roles and Parvis groups following directory groups. People are
known by the directory's stable identifier (entryUUID, objectGUID), kept as an external identity;
an account already in Parvis is joined by its e-mail at the first sync (the directory is the
collectivité's own record of its staff). The fields it writes become read-only in Parvis.
A second run with nothing changed in the directory writes nothing.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cms.core.audit import audit_record
from cms.core.privacy import people_depart
from cms.core.text import fold
from social.people.audience import forget_access_keys
from social.people.directory import people_reindex
from social.people.events import people_imported
from social.people.imports import profile_change_row, service_and_site_lookups
from social.people.models import ProfileChange, User

from .models import ExternalIdentity

try:  # the optional extra (pip install -e ".[ldap]"): without it, no directory
    import ldap
    from django_auth_ldap.backend import LDAPBackend
    from ldap.controls import SimplePagedResultsControl
except ImportError:  # pragma: no cover - exercised by `make run` without the extra
    ldap = None
    LDAPBackend = object

PROVIDER = "ldap"
PAGE_SIZE = 500
BATCH = 1000
# What the directory holds (hence read-only in Parvis once synchronised).
PLAIN_FIELDS = ("first_name", "last_name", "email", "job_title", "phone", "mobile",
                "employee_number")  # fmt: skip
ROLE_FIELDS = ("role", "is_staff", "is_superuser")


class DirectoryUnavailable(RuntimeError):
    """The directory cannot be read (not configured, unreachable, refused): nothing changed."""


class DirectoryBackend(LDAPBackend):
    """The directory's password. An account Parvis deactivated stays out, whatever the
    directory says; a sign-in joins the account to its directory entry."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if ldap is None or not settings.LDAP_SERVER_URI or not username or not password:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not user.is_active:
            return None
        entry_id = _identifier(dict(user.ldap_user.attrs))
        if entry_id:
            ExternalIdentity.objects.get_or_create(
                provider=PROVIDER, subject=entry_id, defaults={"user": user}
            )
        return user

    def get_or_build_user(self, username, ldap_user):
        # Found by the directory identifier first, then by e-mail; a new account otherwise.
        entry_id = _identifier(dict(ldap_user.attrs))
        identity = (
            ExternalIdentity.objects.select_related("user")
            .filter(provider=PROVIDER, subject=entry_id)
            .first()
        )
        if identity is not None:
            return identity.user, False
        email = _first(dict(ldap_user.attrs), "mail").lower()
        existing = User.objects.filter(email__iexact=email).first() if email else None
        if existing is not None:
            return existing, False
        person = User(email=email or None)
        person.set_unusable_password()
        return person, True

    def ldap_to_django_username(self, username):
        return username.strip().lower()


# Reading the directory


@dataclass
class Entry:
    identifier: str
    dn: str
    values: dict[str, str]
    service: str
    groups: set[str] = field(default_factory=set)


def _first(attrs: dict, name: str) -> str:
    for key, values in attrs.items():
        if key.lower() == name.lower() and values:
            value = values[0]
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return ""


def _identifier(attrs: dict) -> str:
    name = settings.LDAP_ID_ATTRIBUTE
    for key, values in attrs.items():
        if key.lower() == name.lower() and values:
            value = values[0]
            if isinstance(value, str):
                value = value.encode()
            if name.lower() == "objectguid" and len(value) == 16:
                return str(uuid.UUID(bytes_le=value))
            return value.decode("utf-8", "replace").lower()
    return ""


def _connect():
    if ldap is None or not settings.LDAP_SERVER_URI:
        raise DirectoryUnavailable("LDAP_SERVER_URI is not set (or python-ldap is missing)")
    try:
        connection = ldap.initialize(settings.AUTH_LDAP_SERVER_URI)
        for option, value in settings.AUTH_LDAP_CONNECTION_OPTIONS.items():
            connection.set_option(option, value)
        if settings.AUTH_LDAP_START_TLS:
            connection.start_tls_s()
        connection.simple_bind_s(settings.AUTH_LDAP_BIND_DN, settings.AUTH_LDAP_BIND_PASSWORD)
    except ldap.LDAPError as error:
        raise DirectoryUnavailable(str(error)) from error
    return connection


def _search(connection, base: str, filterstr: str, attributes: list[str]):
    """Every entry, page by page (Active Directory answers 1,000 at most otherwise)."""
    control = SimplePagedResultsControl(True, size=PAGE_SIZE, cookie="")
    while True:
        message = connection.search_ext(
            base, ldap.SCOPE_SUBTREE, filterstr, attributes, serverctrls=[control]
        )
        _type, entries, _id, controls = connection.result3(message)
        for dn, attrs in entries:
            if dn:  # not a referral
                yield dn, attrs
        cookies = [c.cookie for c in controls if c.controlType == control.controlType]
        if not cookies or not cookies[0]:
            return
        control.cookie = cookies[0]


def directory_entries() -> list[Entry]:
    attributes = {"first_name": "givenName", **settings.AUTH_LDAP_USER_ATTR_MAP}
    service_attribute = settings.LDAP_SERVICE_ATTRIBUTE
    wanted = [*attributes.values(), settings.LDAP_ID_ATTRIBUTE, "memberOf"]
    if service_attribute:
        wanted.append(service_attribute)
    connection = _connect()
    try:
        members: dict[str, set[str]] = defaultdict(set)
        group_search = settings.AUTH_LDAP_GROUP_SEARCH
        member_attribute = "member"
        for group_dn, attrs in _search(
            connection, group_search.base_dn, group_search.filterstr, [member_attribute]
        ):
            for member in attrs.get(member_attribute, []):
                members[member.decode().lower()].add(group_dn.lower())
        entries = []
        for dn, attrs in _search(
            connection, settings.AUTH_LDAP_USER_SEARCH.base_dn, settings.LDAP_SYNC_FILTER, wanted
        ):
            identifier = _identifier(attrs)
            if not identifier:
                continue
            groups = members.get(dn.lower(), set()) | {
                value.decode().lower() for value in attrs.get("memberOf", [])
            }
            entries.append(
                Entry(
                    identifier=identifier,
                    dn=dn,
                    values={
                        name: _first(attrs, attribute) for name, attribute in attributes.items()
                    },
                    service=_first(attrs, service_attribute) if service_attribute else "",
                    groups=groups,
                )
            )
        return entries
    except ldap.LDAPError as error:
        raise DirectoryUnavailable(str(error)) from error
    finally:
        connection.unbind_s()


# What a sync would do


@dataclass
class SyncPlan:
    creations: list[tuple[Entry, dict]] = field(default_factory=list)
    # (person, entry, {field: (before, after)})
    changes: list[tuple[User, Entry, dict]] = field(default_factory=list)
    deactivations: list[User] = field(default_factory=list)
    links: list[tuple[User, Entry]] = field(default_factory=list)
    # Parvis group name -> (people to add, people to remove), by identifier / pk
    memberships: dict[str, tuple[set[str], set[int]]] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        changes = any(members[0] or members[1] for members in self.memberships.values())
        return not (self.creations or self.changes or self.deactivations or self.links or changes)


def _wanted(entry: Entry, services) -> dict:
    values = {name: entry.values.get(name, "") for name in PLAIN_FIELDS}
    values["email"] = values["email"].lower() or None
    values["employee_number"] = values["employee_number"] or None
    if settings.LDAP_SERVICE_ATTRIBUTE:
        raw = entry.service.strip()
        key = settings.LDAP_SERVICE_MAP.get(raw, raw)
        values["service"] = services.get(fold(key)) if key else None
    elu_group = settings.LDAP_ELU_GROUP.lower()
    if elu_group:
        values["role"] = User.Role.ELU if elu_group in entry.groups else User.Role.AGENT
    for flag, group in settings.AUTH_LDAP_USER_FLAGS_BY_GROUP.items():
        values[flag] = group.lower() in entry.groups
    return values


def _differences(person: User, wanted: dict) -> dict[str, tuple]:
    changes = {}
    for name, after in wanted.items():
        before = person.service if name == "service" else getattr(person, name)
        if name == "service":
            if person.service_id != (after.pk if after else None):
                changes[name] = (before, after)
        elif (before or None) != (after or None):
            changes[name] = (before, after)
    if not person.is_active and person.synced_from == settings.LDAP_SOURCE_NAME:
        changes["is_active"] = (False, True)  # back in the directory: back in Parvis
    return changes


def directory_sync_plan(entries: list[Entry] | None = None) -> SyncPlan:
    """What synchronising with the directory would do; writes nothing."""
    entries = directory_entries() if entries is None else entries
    services, _sites = service_and_site_lookups()
    plan = SyncPlan()
    known = {
        identity.subject: identity.user
        for identity in ExternalIdentity.objects.filter(provider=PROVIDER).select_related(
            "user__service"
        )
    }
    # Matched by identifier: these people keep their account. Anyone else (a new entry for
    # someone who left and came back, an account made in Parvis) may be found by e-mail.
    matched = {known[entry.identifier].pk for entry in entries if entry.identifier in known}
    by_email = {
        person.email: person
        for person in User.objects.exclude(email=None).select_related("service")
        if person.pk not in matched
    }
    relinked: set[int] = set()
    seen: set[str] = set()
    for entry in entries:
        seen.add(entry.identifier)
        wanted = _wanted(entry, services)
        person = known.get(entry.identifier)
        if person is None and wanted["email"] in by_email:
            person = by_email.pop(wanted["email"])
            plan.links.append((person, entry))
            relinked.add(person.pk)
        if person is None:
            plan.creations.append((entry, wanted))
            continue
        changes = _differences(person, wanted)
        if changes:
            plan.changes.append((person, entry, changes))
        else:
            plan.unchanged += 1
    plan.deactivations = [
        person
        for subject, person in known.items()
        if subject not in seen and person.is_active and person.pk not in relinked | matched
    ]
    _plan_memberships(plan, entries, known)
    return plan


def _plan_memberships(plan: SyncPlan, entries: list[Entry], known: dict[str, User]) -> None:
    mapping = {dn.lower(): name for dn, name in settings.LDAP_GROUP_MAP.items()}
    if not mapping:
        return
    current: dict[str, set[int]] = defaultdict(set)
    for name, person_id in User.groups.through.objects.filter(
        group__name__in=mapping.values()
    ).values_list("group__name", "user_id"):
        current[name].add(person_id)
    directory_people = {person.pk for person in known.values()}
    for name in set(mapping.values()):
        dns = {dn for dn, mapped in mapping.items() if mapped == name}
        wanted = {entry.identifier for entry in entries if entry.groups & dns}
        have = {subject for subject, person in known.items() if person.pk in current[name]}
        to_add = wanted - have
        to_remove = {known[subject].pk for subject in have - wanted} & directory_people
        plan.memberships[name] = (to_add, to_remove)


# Writing it


@transaction.atomic
def directory_sync_apply(plan: SyncPlan) -> dict[str, int]:
    source = settings.LDAP_SOURCE_NAME
    now = timezone.now()
    synced = [*PLAIN_FIELDS]
    if settings.LDAP_SERVICE_ATTRIBUTE:
        synced.append("service")
    taken = set(User.objects.exclude(slug=None).values_list("slug", flat=True))
    created = []
    for _entry, wanted in plan.creations:
        person = User(
            synced_from=source,
            synced_fields=synced,
            password="!",  # noqa: S106 - no usable password: the directory's is checked
            **wanted,
        )
        base = slugify(person.get_full_name())[:150] or "personne"
        person.slug = person._free_slug_among(taken) if base in taken else base
        taken.add(person.slug)
        created.append(person)
    User.objects.bulk_create(created, batch_size=BATCH)
    identities = [
        ExternalIdentity(provider=PROVIDER, subject=entry.identifier, user=person)
        for (entry, _wanted), person in zip(plan.creations, created, strict=True)
    ]
    identities += [
        ExternalIdentity(provider=PROVIDER, subject=entry.identifier, user=person)
        for person, entry in plan.links
    ]
    ExternalIdentity.objects.bulk_create(identities, batch_size=BATCH)

    changed, log, fields = [], [], {"synced_from", "synced_fields"}
    for person, _entry, changes in plan.changes:
        for name, (before, after) in changes.items():
            setattr(person, name, after)
            fields.add(name)
            log.append(profile_change_row(person, None, now, name, before, after, source=source))
            if name == "is_active" and after:
                person.departed_at = None  # back in the directory: back at work
                fields.add("departed_at")
        person.synced_from, person.synced_fields = source, synced
        changed.append(person)
    for person, _entry in plan.links:
        if person not in changed:
            person.synced_from, person.synced_fields = source, synced
            changed.append(person)
    if changed:
        User.objects.bulk_update(changed, sorted(fields), batch_size=BATCH)

    for person in plan.deactivations:
        person.is_active = False
        log.append(profile_change_row(person, None, now, "is_active", True, False, source=source))
    for person in plan.deactivations:
        person.departed_at = person.departed_at or now
    User.objects.bulk_update(plan.deactivations, ["is_active", "departed_at"], batch_size=BATCH)
    # Sessions closed, tokens revoked, groups left… (every app's departure step)
    people_depart([person.pk for person in plan.deactivations])
    for person in plan.deactivations:
        audit_record(person, "parvis.privacy.deactivate", person=person, detail=source)
    ProfileChange.objects.bulk_create(log, batch_size=BATCH)

    _apply_memberships(plan)
    touched = [p.pk for p in created] + [p.pk for p in changed] + [p.pk for p in plan.deactivations]
    if touched:
        people_reindex(touched)
        forget_access_keys()
        transaction.on_commit(lambda: people_imported.send(sender=User, person_ids=touched))
    return {
        "created": len(created),
        "changed": len(plan.changes),
        "linked": len(plan.links),
        "unchanged": plan.unchanged,
        "deactivated": len(plan.deactivations),
    }


def _apply_memberships(plan: SyncPlan) -> None:
    if not plan.memberships:
        return
    ids = dict(ExternalIdentity.objects.filter(provider=PROVIDER).values_list("subject", "user_id"))
    through = User.groups.through
    for name, (to_add, to_remove) in plan.memberships.items():
        group, _created = Group.objects.get_or_create(name=name)
        through.objects.bulk_create(
            [through(group=group, user_id=ids[subject]) for subject in to_add if subject in ids],
            ignore_conflicts=True,
        )
        through.objects.filter(group=group, user_id__in=to_remove).delete()


def directory_sync(*, dry_run: bool = False) -> tuple[SyncPlan, dict[str, int] | None]:
    plan = directory_sync_plan()
    if dry_run or plan.is_empty:
        return plan, None
    return plan, directory_sync_apply(plan)
