"""Importing people from an HR export (CSV): read, plan, then apply.

The file has one person per line, keyed by their matricule: matricule, nom, prenom, email
(optional: field agents may have none), fonction, service (the service's identifier, its
acronym or its name), responsable (a matricule), site, telephone, mobile. Columns are found by
their heading (accents and case ignored), separated by « ; » or « , », in UTF-8 or Windows-1252.

`people_import_plan` says what would change — creations, changes field by field, deactivations
of the people a full import no longer lists — and every error with its line number; nothing is
written while there is an error. `people_import_apply` writes the plan in one transaction: each
field the file gives becomes read-only in Parvis (the source is said), each change is logged, and
nobody is deleted: those who left are deactivated and their content kept.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.audit import audit_record
from cms.core.privacy import people_depart
from cms.core.text import fold

from .audience import forget_access_keys
from .directory import people_reindex
from .events import people_imported
from .models import ProfileChange, Service, Site, User
from .validators import validate_phone

if TYPE_CHECKING:
    from collections.abc import Callable

SOURCE = "Import RH"
MAX_BYTES = 50 * 1024 * 1024
BATCH = 2_000

# heading (folded, without spaces or punctuation) → field
HEADINGS = {
    "matricule": "employee_number",
    "nom": "last_name",
    "prenom": "first_name",
    "email": "email",
    "courriel": "email",
    "adresseelectronique": "email",
    "mail": "email",
    "fonction": "job_title",
    "poste": "job_title",
    "service": "service",
    "codeservice": "service",
    "responsable": "manager",
    "matriculeresponsable": "manager",
    "site": "site",
    "telephone": "phone",
    "telephonefixe": "phone",
    "mobile": "mobile",
    "telephonemobile": "mobile",
}
REQUIRED = ("employee_number", "last_name", "first_name")
COLUMN_NAMES = {"employee_number": "matricule", "last_name": "nom", "first_name": "prénom"}
# What the file holds, hence read-only in Parvis once imported.
SYNCED_FIELDS = ("employee_number", "last_name", "first_name", "email", "job_title", "service",
                 "manager", "site", "phone", "mobile")  # fmt: skip
PLAIN_FIELDS = (
    "employee_number",
    "last_name",
    "first_name",
    "email",
    "job_title",
    "phone",
    "mobile",
)


class ImportRefused(ValueError):
    """The file cannot be read at all (`str()` says why)."""


@dataclass
class Row:
    line: int
    values: dict[str, str]


@dataclass
class Plan:
    full: bool
    rows: list[Row] = field(default_factory=list)
    creations: list[Row] = field(default_factory=list)
    # (person, row, {field: (before, after)})
    changes: list[tuple[User, Row, dict[str, tuple]]] = field(default_factory=list)
    unchanged: int = 0
    deactivations: list[User] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def read_rows(data: bytes) -> list[Row]:
    """The lines of an HR export, each as {field: text}."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("Le fichier dépasse 50 Mo."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportRefused(_("Ce fichier n'est pas un fichier CSV (texte)."))
    lines = text.splitlines()
    if not lines:
        raise ImportRefused(_("Le fichier est vide."))
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    headings = [re.sub(r"[^a-z]", "", fold(cell)) for cell in next(reader)]
    columns = {index: HEADINGS[name] for index, name in enumerate(headings) if name in HEADINGS}
    missing = [name for name in REQUIRED if name not in columns.values()]
    if missing:
        raise ImportRefused(
            _(
                "Colonnes obligatoires manquantes : %(columns)s "
                "(attendues : matricule, nom, prénom)."
            )
            % {"columns": ", ".join(COLUMN_NAMES[name] for name in missing)}
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: (cells[index].strip() if index < len(cells) else "")
            for index, name in columns.items()
        }
        rows.append(Row(number, values))
    return rows


def service_and_site_lookups() -> tuple[dict[str, Service], dict[str, Site]]:
    """Services by identifier, then acronym, then name (an identifier wins over another
    service's acronym); sites by name."""
    services: dict[str, Service] = {}
    every = list(Service.objects.all())
    for attribute in ("slug", "acronym", "name"):
        for service in every:
            if getattr(service, attribute):
                services.setdefault(fold(getattr(service, attribute)), service)
    sites = {fold(site.name): site for site in Site.objects.all()}
    return services, sites


def people_import_plan(data: bytes, *, full: bool = True) -> Plan:
    """What importing `data` would do (see the module's docstring); writes nothing."""
    plan = Plan(full=full, rows=read_rows(data))
    services, sites = service_and_site_lookups()
    by_number = {
        person.employee_number: person
        for person in User.objects.exclude(employee_number=None).select_related(
            "service", "site", "manager"
        )
    }
    by_email = {
        person.email: person
        for person in User.objects.filter(employee_number=None).exclude(email=None)
    }
    seen_numbers: set[str] = set()
    seen_emails: dict[str, int] = {}
    known_numbers = {row.values.get("employee_number", "") for row in plan.rows} | set(by_number)
    for row in plan.rows:
        values = row.values
        errors = _row_errors(row, services, known_numbers)
        number = values.get("employee_number", "")
        if number in seen_numbers:
            errors.append(_("matricule %(number)s en double") % {"number": number})
        seen_numbers.add(number)
        email = values.get("email", "").lower()
        if email:
            if email in seen_emails:
                errors.append(
                    _("adresse %(email)s déjà donnée ligne %(line)s")
                    % {"email": email, "line": seen_emails[email]}
                )
            seen_emails[email] = row.line
        if errors:
            plan.errors.append(
                _("Ligne %(line)s : %(errors)s.") % {"line": row.line, "errors": " ; ".join(errors)}
            )
            continue
        person = by_number.get(number) or by_email.get(email)
        if person is None:
            plan.creations.append(row)
            continue
        changes = _changes(person, values, services, sites)
        if changes:
            plan.changes.append((person, row, changes))
        else:
            plan.unchanged += 1
    _check_email_conflicts(plan)
    if full:
        plan.deactivations = [
            person
            for number, person in sorted(by_number.items())
            if number not in seen_numbers and person.is_active
        ]
    return plan


def _row_errors(row: Row, services, numbers: set[str]) -> list[str]:
    values, errors = row.values, []
    for name in REQUIRED:
        if not values.get(name):
            errors.append(_("%(column)s manquant") % {"column": COLUMN_NAMES[name]})
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(
                _("adresse électronique invalide « %(value)s »") % {"value": values["email"]}
            )
    for name in ("phone", "mobile"):
        try:
            values[name] = validate_phone(values.get(name, ""))
        except ValidationError:
            errors.append(_("numéro de téléphone invalide « %(value)s »") % {"value": values[name]})
    if values.get("service") and fold(values["service"]) not in services:
        errors.append(_("service inconnu « %(value)s »") % {"value": values["service"]})
    # A new site is created by the import; only an overlong name is refused.
    if len(values.get("site", "")) > 150:
        errors.append(_("nom de site trop long"))
    manager = values.get("manager", "")
    if manager and manager not in numbers:
        errors.append(_("responsable inconnu (matricule %(value)s)") % {"value": manager})
    if manager and manager == values.get("employee_number"):
        errors.append(_("une personne ne peut pas être son propre responsable"))
    return errors


def _check_email_conflicts(plan: Plan) -> None:
    """An address the file gives to someone already held by another person in Parvis."""
    wanted = {}
    for row in plan.creations:
        if row.values.get("email"):
            wanted[row.values["email"].lower()] = (row, None)
    for person, row, changes in plan.changes:
        if "email" in changes and changes["email"][1]:
            wanted[changes["email"][1]] = (row, person.pk)
    if not wanted:
        return
    holders = dict(User.objects.filter(email__in=list(wanted)).values_list("email", "pk"))
    for email, (row, person_pk) in wanted.items():
        if email in holders and holders[email] != person_pk:
            plan.errors.append(
                _("Ligne %(line)s : l'adresse %(email)s est déjà celle d'une autre personne.")
                % {"line": row.line, "email": email}
            )


def _changes(person: User, values: dict, services, sites) -> dict[str, tuple]:
    changes: dict[str, tuple] = {}
    for name in PLAIN_FIELDS:
        if name not in values:
            continue
        after = values[name].lower() if name == "email" else values[name]
        before = getattr(person, name) or ""
        if name == "email":
            after = after or None
            before = before or None
        if before != after:
            changes[name] = (before, after)
    if "service" in values:
        service = services.get(fold(values["service"])) if values["service"] else None
        if person.service_id != (service.pk if service else None):
            changes["service"] = (person.service, service)
    if "site" in values:
        site_name = values["site"]
        current = person.site.name if person.site_id else ""
        if fold(current) != fold(site_name):
            changes["site"] = (person.site, site_name)
    if "manager" in values:
        current = person.manager.employee_number if person.manager_id else ""
        if (current or "") != values["manager"]:
            changes["manager"] = (person.manager, values["manager"])
    if not person.is_active:
        changes["is_active"] = (False, True)
    return changes


# The steps of writing a plan, as the progress page names them
STEPS = (
    gettext_lazy("Création des comptes"),
    gettext_lazy("Modifications"),
    gettext_lazy("Responsables"),
    gettext_lazy("Désactivations"),
    gettext_lazy("Annuaire"),
)


@transaction.atomic
def people_import_apply(
    plan: Plan, *, by: User | None = None, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Write `plan` (valid, from `people_import_plan`) in one transaction; `progress(step)` is
    told each step of `STEPS` as it starts."""
    if not plan.is_valid:
        raise ImportRefused(_("Le fichier contient des erreurs : rien n'a été importé."))
    step = progress or (lambda index: None)
    step(0)
    services, sites = service_and_site_lookups()
    now = timezone.now()

    def site_for(name: str) -> Site | None:
        if not name:
            return None
        if fold(name) not in sites:
            sites[fold(name)] = Site.objects.create(name=name)
        return sites[fold(name)]

    taken = set(User.objects.exclude(slug=None).values_list("slug", flat=True))
    created = []
    for row in plan.creations:
        values = row.values
        person = User(
            employee_number=values["employee_number"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values.get("email", "").lower() or None,
            job_title=values.get("job_title", ""),
            phone=values.get("phone", ""),
            mobile=values.get("mobile", ""),
            service=services.get(fold(values.get("service", "")))
            if values.get("service")
            else None,
            site=site_for(values.get("site", "")),
            synced_from=SOURCE,
            synced_fields=[name for name in SYNCED_FIELDS if name in values],
            # No usable password: they sign in through the directory, or are sent a reset.
            password="!",  # noqa: S106
        )
        base = slugify(person.get_full_name())[:150] or "personne"
        person.slug = person._free_slug_among(taken) if base in taken else base
        taken.add(person.slug)
        created.append(person)
    User.objects.bulk_create(created, batch_size=BATCH)

    step(1)
    changed, log = [], []
    for person, row, changes in plan.changes:
        for name, (before, after) in changes.items():
            if name == "service":
                person.service = after
            elif name == "site":
                person.site = site_for(after)
            elif name != "manager":
                setattr(person, name, after)
            if name == "is_active" and after:
                person.departed_at = None  # back in the HR export: back at work
            if name != "manager":
                log.append(profile_change_row(person, by, now, name, before, after))
        person.synced_from = SOURCE
        person.synced_fields = [name for name in SYNCED_FIELDS if name in row.values]
        changed.append(person)
    User.objects.bulk_update(
        changed,
        [
            *PLAIN_FIELDS,
            *("service", "site", "is_active", "departed_at", "synced_from", "synced_fields"),
        ],
        batch_size=BATCH,
    )

    # Managers, once everyone exists
    step(2)
    numbers = dict(User.objects.exclude(employee_number=None).values_list("employee_number", "pk"))
    managed = []
    for row in plan.rows:
        if "manager" not in row.values:
            continue
        person = User(pk=numbers[row.values["employee_number"]])
        person.manager_id = numbers.get(row.values["manager"]) if row.values["manager"] else None
        managed.append(person)
    for person, _row, changes in plan.changes:
        if "manager" in changes:
            before, after = changes["manager"]
            log.append(profile_change_row(person, by, now, "manager", before, after))
    User.objects.bulk_update(managed, ["manager"], batch_size=BATCH)

    step(3)
    for person in plan.deactivations:
        person.is_active = False
        person.departed_at = person.departed_at or now
        log.append(profile_change_row(person, by, now, "is_active", True, False))
    User.objects.bulk_update(plan.deactivations, ["is_active", "departed_at"], batch_size=BATCH)
    # Sessions closed, tokens revoked, groups left… (every app's departure step)
    people_depart([person.pk for person in plan.deactivations])
    for person in plan.deactivations:
        audit_record(
            person, "parvis.privacy.deactivate", user=by, person=person, detail=_("import RH")
        )
    ProfileChange.objects.bulk_create(log, batch_size=BATCH)

    touched = [person.pk for person in created] + [person.pk for person in changed]
    touched += [person.pk for person in plan.deactivations]
    step(4)
    people_reindex(touched)
    forget_access_keys()  # services and accounts changed without signals
    transaction.on_commit(lambda: people_imported.send(sender=User, person_ids=touched))
    return {
        "created": len(created),
        "changed": len(changed),
        "unchanged": plan.unchanged,
        "deactivated": len(plan.deactivations),
    }


def profile_change_row(
    person, by, now, name, before, after, *, source: str = SOURCE
) -> ProfileChange:
    """One line of a person's change log written by a bulk source (this import, the directory
    sync), to be bulk-created with the others."""
    return ProfileChange(
        person=person,
        changed_by=by,
        source=source,
        changed_at=now,
        field=name,
        old_value="" if before is None else str(before),
        new_value="" if after is None else str(after),
    )
