"""Personal data's own declarations (cms/core/privacy.py): the exports (7 days), the audit log
(1 year), the retention runs, and the accounts of people who left (anonymised 12 months after
their departure by default)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.models import ModelLogEntry

from cms.core.audit import audit_maintenance
from cms.core.privacy import Activity, DataKind, register_activity, register_data_kind

from .departure import departed_anonymise
from .export import exports_purge
from .retention import retention_runs_purge


def audit_purge(cutoff) -> int:
    """Old audit entries (Wagtail's `ModelLogEntry`; pages' history is the pages' own and
    stays): the one deletion the append-only trigger lets through."""
    with audit_maintenance():
        return ModelLogEntry.objects.filter(timestamp__lt=cutoff).delete()[0]


def register() -> None:
    register_activity(
        Activity(
            key="donnees",
            name=_("Droits des personnes et traçabilité"),
            purpose=_(
                "Permettre à chacun d'obtenir ses données, gérer les départs et "
                "l'anonymisation, appliquer les durées de conservation et tracer les "
                "changements de droits."
            ),
            legal_basis=_(
                "Obligations légales (articles 15, 17, 20 et 32 du RGPD ; article 5.1.e sur la "
                "limitation de la conservation)."
            ),
            data=_(
                "Exports demandés, journal d'audit (qui a changé quels droits, rôles, groupes, "
                "publics, profils ; exports, départs, anonymisations)."
            ),
            recipients=_("La personne pour ses exports ; les administrateurs pour le journal."),
            order=110,
        )
    )
    register_data_kind(
        DataKind(
            key="exports",
            activity="donnees",
            label=_("Exports « Mes données »"),
            days=7,
            purge=exports_purge,
        )
    )
    register_data_kind(
        DataKind(
            key="audit_log",
            activity="donnees",
            label=_("Journal d'audit"),
            days=365,
            purge=audit_purge,
            min_days=180,
        )
    )
    register_data_kind(
        DataKind(
            key="retention_runs",
            activity="donnees",
            label=_("Comptes rendus de la conservation"),
            days=365,
            purge=retention_runs_purge,
        )
    )
    register_data_kind(
        DataKind(
            key="departed_accounts",
            activity="annuaire",
            label=_("Comptes des personnes parties (anonymisés ensuite)"),
            days=365,
            purge=departed_anonymise,
            min_days=30,
        )
    )
