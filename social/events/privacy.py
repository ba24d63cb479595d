"""The agenda (cms/core/privacy.py): a person's registrations in their export, deleted by an
anonymisation; calendar subscriptions revoked at a departure."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportPart,
    register_activity,
    register_anonymiser,
    register_data_kind,
    register_departure_step,
    register_export_part,
    register_mention_text,
)

from .models import CalendarToken, Event, Registration


def registration_rows(person):
    registrations = Registration.objects.filter(user=person).select_related("event").order_by("pk")
    for registration in registrations.iterator(chunk_size=500):
        yield {
            "event": registration.event.title,
            "starts": registration.event.starts_at,
            "response": registration.get_response_display(),
            "waiting_list": registration.waiting,
            "answers": registration.answers,
            "date": registration.created_at,
        }


def calendar_token_rows(person):
    return CalendarToken.objects.export_rows(person)


def people_departed(person_ids: list[int]) -> None:
    CalendarToken.objects.revoke_people(person_ids)


def person_anonymise(person, replacement: dict) -> None:
    Registration.objects.filter(user=person).delete()
    CalendarToken.objects.filter(user=person).delete()


def register() -> None:
    register_activity(
        Activity(
            key="agenda",
            name=_("Agenda et inscriptions"),
            purpose=_(
                "Annoncer les événements de la collectivité, gérer les inscriptions, les listes "
                "d'attente et les rappels, et les abonnements d'agenda."
            ),
            legal_basis=_("Mission d'intérêt public (article 6.1.e du RGPD)."),
            data=_("Inscriptions, réponses aux questions d'inscription, abonnements d'agenda."),
            recipients=_("Les organisateurs de l'événement ; la personne elle-même."),
            order=80,
        )
    )
    register_data_kind(
        DataKind(
            key="registrations",
            activity="agenda",
            label=_("Inscriptions aux événements"),
            days=None,
            kept_for=_("Aussi longtemps que l'événement ; supprimées à l'anonymisation."),
        )
    )
    register_export_part(
        ExportPart(
            name="inscriptions.json",
            description=_("Vos inscriptions aux événements et vos réponses."),
            rows=registration_rows,
            order=80,
        )
    )
    register_export_part(
        ExportPart(
            name="abonnements-agenda.json",
            description=_("Vos abonnements d'agenda (sans leur adresse secrète)."),
            rows=calendar_token_rows,
            order=81,
        )
    )
    register_departure_step(people_departed)
    register_anonymiser(person_anonymise)
    register_mention_text(Event, "description", "description_html")
