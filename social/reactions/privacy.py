"""Reactions: in a person's export, deleted by an anonymisation (they are only personal)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportPart,
    register_activity,
    register_anonymiser,
    register_data_kind,
    register_export_part,
)

from .models import Reaction


def reaction_rows(person):
    reactions = Reaction.objects.filter(user=person).select_related("target_type").order_by("pk")
    for reaction in reactions.iterator(chunk_size=1000):
        yield {
            "date": reaction.created_at,
            "reaction": reaction.get_kind_display(),
            "on_type": reaction.target_type.name,
            "on_id": reaction.target_id,
        }


def person_anonymise(person, replacement: dict) -> None:
    Reaction.objects.filter(user=person).delete()


def register() -> None:
    register_activity(
        Activity(
            key="echanges",
            name=_("Commentaires, réactions et sondages"),
            purpose=_(
                "Permettre aux agents et aux élus de commenter, de réagir et de répondre aux "
                "sondages de l'intranet, et aux modérateurs de traiter les signalements."
            ),
            legal_basis=_("Mission d'intérêt public (article 6.1.e du RGPD)."),
            data=_(
                "Commentaires et leur auteur, réactions, votes (sauf sondages anonymes), "
                "signalements."
            ),
            recipients=_(
                "Les personnes qui voient le contenu commenté ; les modérateurs pour les "
                "signalements."
            ),
            order=50,
        )
    )
    register_data_kind(
        DataKind(
            key="reactions",
            activity="echanges",
            label=_("Réactions"),
            days=None,
            kept_for=_("Aussi longtemps que le contenu ; supprimées à l'anonymisation."),
        )
    )
    register_export_part(
        ExportPart(
            name="reactions.json",
            description=_("Vos réactions (« J'aime », « Merci »…) et ce à quoi elles répondent."),
            rows=reaction_rows,
            order=30,
        )
    )
    register_anonymiser(person_anonymise)
