"""News (cms/core/privacy.py): a person's confirmations of mandatory readings and feed
subscriptions in their export; feed subscriptions revoked at a departure. News items stay:
they are the collectivité's."""

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
)

from .models import FeedToken, ReadConfirmation


def confirmation_rows(person):
    confirmations = ReadConfirmation.objects.filter(user=person).select_related("requirement")
    for confirmation in confirmations.iterator(chunk_size=500):
        yield {"news": confirmation.requirement.title, "read": confirmation.confirmed_at}


def feed_token_rows(person):
    return FeedToken.objects.export_rows(person)


def people_departed(person_ids: list[int]) -> None:
    FeedToken.objects.revoke_people(person_ids)


def person_anonymise(person, replacement: dict) -> None:
    FeedToken.objects.filter(user=person).delete()


def register() -> None:
    register_activity(
        Activity(
            key="actualites",
            name=_("Actualités et lectures obligatoires"),
            purpose=_(
                "Informer les agents et les élus, et s'assurer que les textes à lire "
                "obligatoirement l'ont été."
            ),
            legal_basis=_("Mission d'intérêt public (article 6.1.e du RGPD)."),
            data=_("Confirmations de lecture, abonnements au fil d'actualités."),
            recipients=_(
                "Les chargés de communication ; les chefs de service pour leurs services."
            ),
            order=30,
        )
    )
    register_data_kind(
        DataKind(
            key="read_confirmations",
            activity="actualites",
            label=_("Confirmations de lecture"),
            days=None,
            kept_for=_("Aussi longtemps que la lecture obligatoire est suivie."),
        )
    )
    register_export_part(
        ExportPart(
            name="lectures-obligatoires.json",
            description=_("Les actualités dont vous avez confirmé la lecture, et quand."),
            rows=confirmation_rows,
            order=10,
        )
    )
    register_export_part(
        ExportPart(
            name="abonnements-actualites.json",
            description=_("Vos abonnements au fil d'actualités (sans leur adresse secrète)."),
            rows=feed_token_rows,
            order=11,
        )
    )
    register_departure_step(people_departed)
    register_anonymiser(person_anonymise)
