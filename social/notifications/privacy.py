"""What notifications keep about people (cms/core/privacy.py): each person's notifications
(12 months by default) and their preferences; exported as the person may still see them;
deleted with an anonymisation (they are only personal)."""

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

from .models import Notification, NotificationActor, NotificationPreference
from .services import notifications_visible_to


def notification_rows(person):
    for notification in notifications_visible_to(person).iterator(chunk_size=500):
        yield {
            "date": notification.created_at,
            "kind": notification.get_kind_display(),
            "message": notification.message,
            "address": notification.url,
            "read": notification.read_at,
        }


def preference_rows(person):
    for preference in NotificationPreference.objects.filter(user=person):
        yield {"kind": preference.get_kind_display(), "channel": preference.channel}


def notifications_purge(cutoff) -> int:
    return Notification.objects.filter(updated_at__lt=cutoff).delete()[0]


def person_anonymise(person, replacement: dict) -> None:
    Notification.objects.filter(recipient=person).delete()
    NotificationActor.objects.filter(actor=person).delete()
    NotificationPreference.objects.filter(user=person).delete()


def register() -> None:
    register_activity(
        Activity(
            key="notifications",
            name=_("Notifications et courriels"),
            purpose=_(
                "Prévenir chacun de ce qui le concerne (réponses, mentions, invitations, "
                "rappels), dans Parvis ou par courriel selon ses préférences, et envoyer les "
                "résumés."
            ),
            legal_basis=_("Mission d'intérêt public (article 6.1.e du RGPD)."),
            data=_(
                "Les notifications reçues, leur lecture, les préférences de chacun, les "
                "courriels envoyés et les adresses qui les refusent."
            ),
            recipients=_("La personne elle-même."),
            order=100,
        )
    )
    register_data_kind(
        DataKind(
            key="notifications",
            activity="notifications",
            label=_("Notifications"),
            days=365,
            purge=notifications_purge,
        )
    )
    register_export_part(
        ExportPart(
            name="notifications.json",
            description=_("Vos notifications et leur lecture."),
            rows=notification_rows,
            order=60,
        )
    )
    register_export_part(
        ExportPart(
            name="notifications-preferences.json",
            description=_("Comment vous avez choisi d'être prévenu, par type de notification."),
            rows=preference_rows,
            order=61,
        )
    )
    register_anonymiser(person_anonymise)
