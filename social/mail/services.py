"""Notifications by e-mail, and a person's e-mail settings.

A notification whose kind the person sends by e-mail carries `email_due_at` (at once, or 15
minutes later for « si non lue »). Every minute `notification_emails_send()` takes those whose
time has come, checks again what may have changed since (read meanwhile, channel changed, group
left) and writes one e-mail per person and kind into the outbox, in the transaction that marks
them e-mailed.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from social.notifications.models import (
    EMAIL_CHANNELS,
    Channel,
    Notification,
    NotificationPreference,
)
from social.notifications.services import (
    channel_of,
    notifications_visible_to,
    preferences_save,
)

from .bounces import bounces_clear
from .compose import DIGEST_KIND, absolute, compose, language_of
from .models import MailSettings
from .outbox import mail_queue

if TYPE_CHECKING:
    from social.people.models import User


def _subject(rows: list[Notification], kind: str) -> str:
    if len(rows) == 1:
        return rows[0].message
    return ngettext(
        "%(count)d nouvelle notification : %(kind)s",
        "%(count)d nouvelles notifications : %(kind)s",
        len(rows),
    ) % {"count": len(rows), "kind": Notification.Kind(kind).label}


def _email_one_kind(recipient: User, kind: str, rows: list[Notification], now) -> tuple[list, list]:
    """(ids e-mailed, ids no longer to e-mail) of `recipient`'s due notifications of `kind`."""
    channel = channel_of(recipient, kind)
    if not recipient.is_active or not recipient.email or channel not in EMAIL_CHANNELS:
        return [], [row.pk for row in rows]
    visible = set(
        notifications_visible_to(recipient)
        .filter(pk__in=[row.pk for row in rows])
        .values_list("pk", flat=True)
    )
    keep = [
        row
        for row in rows
        if row.pk in visible and (channel == Channel.EMAIL or row.read_at is None)
    ]
    dropped = [row.pk for row in rows if row not in keep]
    if not keep:
        return [], dropped
    language = language_of(recipient)
    items = [
        {
            "message": row.message,
            "excerpt": row.excerpt,
            "url": absolute(f"/notifications/{row.pk}/"),
        }
        for row in keep
    ]
    mail_queue(
        **compose(
            user=recipient,
            kind=kind,
            template="notification",
            context={"items": items, "kind_label": Notification.Kind(kind).label},
            subject=lambda: _subject(keep, kind),
            language=language,
        )
    )
    return [row.pk for row in keep], dropped


def notification_emails_send(*, now=None, limit: int = 1000) -> int:
    """Write the e-mails of the notifications due by `now`; returns how many were written."""
    now = now or timezone.now()
    written = 0
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(email_due_at__lte=now, emailed_at__isnull=True)
            .select_related("recipient", "actor", "group")
            .order_by("recipient_id", "kind", "pk")[:limit]
        )
        emailed, dropped = [], []
        for (_recipient_id, kind), rows in groupby(
            due, key=lambda row: (row.recipient_id, row.kind)
        ):
            rows = list(rows)
            sent, skipped = _email_one_kind(rows[0].recipient, kind, rows, now)
            emailed += sent
            dropped += skipped
            written += bool(sent)
        Notification.objects.filter(pk__in=emailed).update(emailed_at=now)
        Notification.objects.filter(pk__in=dropped).update(email_due_at=None)
    return written


# --- A person's settings ------------------------------------------------------------------


def settings_of(user: User) -> MailSettings:
    return MailSettings.objects.filter(user=user).first() or MailSettings(user=user)


@transaction.atomic
def mail_settings_save(*, user: User, channels: dict[str, str], digest: str, language: str) -> None:
    preferences_save(user=user, channels=channels)
    values = {}
    if digest in MailSettings.Frequency.values:
        values["digest"] = digest
    if language in dict(settings.LANGUAGES):
        values["language"] = language
    MailSettings.objects.update_or_create(user=user, defaults=values)


def kind_label(kind: str) -> str:
    """What the e-mails of `kind` are, as an unsubscribe names them ("" for an unknown kind)."""
    if kind == DIGEST_KIND:
        return _("le résumé par e-mail")
    if kind in Notification.Kind.values:
        return str(Notification.Kind(kind).label)
    return ""


def unsubscribe(*, user: User, kind: str) -> str:
    """Stop the e-mails of `kind` for `user` (the digest, or one kind of notification, which
    then stays in Parvis); returns the label of what was stopped."""
    if kind == DIGEST_KIND:
        MailSettings.objects.update_or_create(
            user=user, defaults={"digest": MailSettings.Frequency.NEVER}
        )
        return kind_label(kind)
    if kind not in Notification.Kind.values:
        return ""
    NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"channel": Channel.APP, "in_app": True}
    )
    return kind_label(kind)


def address_works_again(*, user: User) -> int:
    """The person says their address works again: its bounces are forgotten."""
    return bounces_clear(address=user.email or "") if user.email else 0
