"""What the people app declares about personal data (cms/core/privacy.py): the directory and
its profiles, the log of changes made to a profile by others; each person's profile in their
export; a departure forgets the access keys (the person is out of the directory and of every
audience at once)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportedFile,
    ExportPart,
    register_activity,
    register_data_kind,
    register_departure_step,
    register_export_files,
    register_export_part,
)

from .audience import forget_access_keys
from .models import ProfileChange, User

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "employee_number",
    "job_title",
    "phone",
    "mobile",
    "office",
    "arrival_date",
    "bio",
    "languages",
    "absence_note",
    "absence_until",
    "visibility",
    "synced_from",
    "role",
    "date_joined",
    "last_login",
)


def profile_rows(person: User):
    person = User.objects.select_related("service", "site", "manager").get(pk=person.pk)
    row = {name: getattr(person, name) for name in PROFILE_FIELDS}
    row.update(
        service=str(person.service) if person.service else None,
        site=str(person.site) if person.site else None,
        manager=str(person.manager) if person.manager else None,
        skills=sorted(person.skills.names()),
        groups_of_rights=sorted(person.groups.values_list("name", flat=True)),
        is_staff=person.is_staff,
        is_superuser=person.is_superuser,
        photo=person.photo.name or None,
    )
    yield row


def profile_change_rows(person: User):
    changes = ProfileChange.objects.filter(person=person).select_related("changed_by")
    for change in changes.iterator(chunk_size=500):
        yield {
            "date": change.changed_at,
            "field": change.field,
            "before": change.old_value,
            "after": change.new_value,
            "by": str(change.changed_by) if change.changed_by else change.source,
        }


def photo_files(person: User):
    if person.photo:
        yield ExportedFile(
            storage_name=person.photo.name,
            folder="profil",
            name="photo" + (person.photo.name[person.photo.name.rfind(".") :] or ""),
            date=None,
        )


def profile_changes_purge(cutoff) -> int:
    return ProfileChange.objects.filter(changed_at__lt=cutoff).delete()[0]


def person_departed(person_ids: list[int]) -> None:
    forget_access_keys()


def register() -> None:
    register_activity(
        Activity(
            key="annuaire",
            name=_("Annuaire, profils et organigramme"),
            purpose=_(
                "Permettre à chacun de trouver et de joindre un collègue ou un élu, "
                "et de connaître l'organisation des services."
            ),
            legal_basis=_(
                "Mission d'intérêt public (article 6.1.e du RGPD) : organisation et "
                "fonctionnement des services de la collectivité."
            ),
            data=_(
                "Nom, prénom, fonction, service, responsable, site et bureau, téléphones et "
                "adresse professionnels, photo, compétences, langues, présentation, absences ; "
                "chaque champ avec sa visibilité."
            ),
            recipients=_("Les agents et les élus connectés, selon la visibilité de chaque champ."),
            order=20,
        )
    )
    register_data_kind(
        DataKind(
            key="profiles",
            activity="annuaire",
            label=_("Profils"),
            days=None,
            kept_for=_(
                "Tant que la personne est en fonction ; anonymisés après son départ "
                "(voir « Comptes des personnes parties »)."
            ),
        )
    )
    register_data_kind(
        DataKind(
            key="profile_changes",
            activity="annuaire",
            label=_("Historique des modifications de profils faites par d'autres"),
            days=365,
            purge=profile_changes_purge,
        )
    )
    register_export_part(
        ExportPart(
            name="profil.json",
            description=_("Votre profil : identité, fonction, coordonnées, compétences, rôles."),
            rows=profile_rows,
            order=1,
        )
    )
    register_export_part(
        ExportPart(
            name="profil-modifications.json",
            description=_("Les modifications de votre profil faites par d'autres, et par qui."),
            rows=profile_change_rows,
            order=2,
        )
    )
    register_export_files(photo_files)
    register_departure_step(person_departed)
