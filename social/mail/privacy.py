"""E-mails: the outbox keeps what was sent to whom, the bodies of sent e-mails are forgotten
after MAIL_KEEP_DAYS (the « sent e-mails » retention); a person's mail settings and e-mails in
their export; all deleted by an anonymisation."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    DataKind,
    ExportPart,
    register_anonymiser,
    register_data_kind,
    register_export_part,
)

from .models import DigestDelivery, MailBounce, MailSettings, OutgoingMail
from .outbox import outbox_purge


def mail_rows(person):
    for mail in (
        OutgoingMail.objects.filter(recipient=person).order_by("pk").iterator(chunk_size=500)
    ):
        yield {
            "date": mail.created_at,
            "sent": mail.sent_at,
            "to": mail.to,
            "subject": mail.subject,
            "status": mail.get_status_display(),
            "text": mail.text,
        }


def settings_rows(person):
    for row in MailSettings.objects.filter(user=person):
        yield {"digest": row.get_digest_display(), "language": row.language}


def outbox_bodies_purge(cutoff) -> int:
    return outbox_purge(before=cutoff)


def person_anonymise(person, replacement: dict) -> None:
    addressed = Q(recipient=person)
    bounces = Q(user=person)
    if person.email:
        addressed |= Q(to__iexact=person.email)
        bounces |= Q(address__iexact=person.email)
    DigestDelivery.objects.filter(user=person).delete()
    OutgoingMail.objects.filter(addressed).delete()
    MailBounce.objects.filter(bounces).delete()
    MailSettings.objects.filter(user=person).delete()


def register() -> None:
    register_data_kind(
        DataKind(
            key="sent_mail_bodies",
            activity="notifications",
            label=_("Texte des courriels envoyés"),
            days=settings.MAIL_KEEP_DAYS,
            purge=outbox_bodies_purge,
        )
    )
    register_export_part(
        ExportPart(
            name="courriels.json",
            description=_("Les courriels que Parvis vous a envoyés (le texte des plus récents)."),
            rows=mail_rows,
            order=62,
        )
    )
    register_export_part(
        ExportPart(
            name="courriels-preferences.json",
            description=_("Votre résumé par courriel et votre langue."),
            rows=settings_rows,
            order=63,
        )
    )
    register_anonymiser(person_anonymise)
