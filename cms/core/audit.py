"""The audit log: who changed rights, roles, group memberships, folder permissions, audiences,
other people's profiles, who exported their data, who deactivated or anonymised whom.

It is Wagtail's own log (`ModelLogEntry`, « Rapports › Historique du site »: filtered by
action, person, date and name, exported as CSV or Excel), written with the actions below. On
PostgreSQL a trigger (privacy migration 0002) makes it append-only: no entry can be changed or
deleted, except by the retention task and the anonymisation inside `audit_maintenance()`.

People are named in entries by their id (`data["person"]`): the message is written when the
log is read, so an anonymised person's entries name them as anonymised, not as they were."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, get_active_log_context, log

# action: (label, message with %(person)s, %(detail)s)
ACTIONS = {
    "parvis.roles.change": (
        _("Rôles d'une personne modifiés"),
        _("Rôles de %(person)s : %(detail)s"),
    ),
    "parvis.group_rights.change": (
        _("Droits d'un groupe d'utilisateurs modifiés"),
        _("Droits modifiés : %(detail)s"),
    ),
    "parvis.membership.change": (
        _("Membres d'un groupe modifiés"),
        _("%(person)s : %(detail)s"),
    ),
    "parvis.folder_rights.change": (
        _("Droits d'un dossier modifiés"),
        _("Droits du dossier : %(detail)s"),
    ),
    "parvis.audience.change": (
        _("Public d'un contenu modifié"),
        _("Public : %(detail)s"),
    ),
    "parvis.profile.change": (
        _("Profil d'une autre personne modifié"),
        _("Profil de %(person)s : %(detail)s"),
    ),
    "parvis.privacy.export": (
        _("Export de données personnelles demandé"),
        _("%(person)s a demandé l'export de ses données"),
    ),
    "parvis.privacy.deactivate": (
        _("Personne désactivée (départ)"),
        _("%(person)s désactivé(e) : %(detail)s"),
    ),
    "parvis.privacy.anonymise": (
        _("Personne anonymisée"),
        _("%(person)s anonymisé(e)"),
    ),
    "parvis.privacy.retention": (
        _("Durée de conservation modifiée"),
        _("Conservation : %(detail)s"),
    ),
}


class AuditFormatter(LogFormatter):
    action = ""

    def format_message(self, log_entry) -> str:
        data = log_entry.data or {}
        person = data.get("person")
        name = ""
        if person is not None:
            found = get_user_model().objects.filter(pk=person).first()
            name = str(found) if found is not None else _("personne supprimée n°%s") % person
        return str(ACTIONS[self.action][1]) % {"person": name, "detail": data.get("detail", "")}


def register_actions(actions) -> None:
    """For Wagtail's `register_log_actions` hook."""
    for action, (label, _message) in ACTIONS.items():
        formatter = type("AuditFormatter", (AuditFormatter,), {"label": label, "action": action})
        actions.register_action(action)(formatter)


def audit_record(instance, action: str, *, user=None, person=None, detail: str = "", data=None):
    """One entry about `instance` by `user` (by default whoever acts in this request in the
    admin: Wagtail's log context)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    payload = dict(data or {})
    if person is not None:
        payload["person"] = getattr(person, "pk", person)
    if detail:
        payload["detail"] = detail[:500]
    user = user if user is not None else get_active_log_context().user
    if user is not None and not getattr(user, "pk", None):
        user = None  # anonymous
    return log(instance=instance, action=action, user=user, data=payload)


@contextlib.contextmanager
def audit_maintenance() -> Iterator[None]:
    """Inside (a transaction), the retention task and the anonymisation may delete or rewrite
    audit entries; nothing else ever can."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL parvis.audit_maintenance = 'on'")
        yield
