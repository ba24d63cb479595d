"""Documents sent in messages, scanned by the antivirus (knowledge/library/antivirus.py) as the
library's are: downloadable once clamd found them clean; an infected one quarantined (never
served; its sender told); while clamd is down they wait, and the sweep asks again."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cms.core.media import local_copy
from knowledge.library.antivirus import ScannerUnavailable, antivirus_enabled, scan_file
from knowledge.models import ScanStatus
from social.notifications.models import Notification
from social.notifications.services import notify

from .models import MessageAttachment


def attachments_scan(*, message_id: int | None = None, older_than: int = 0) -> dict[str, int]:
    """Scan the documents waiting (of one message, or all sent `older_than` seconds ago at
    least), and those sent before the antivirus was switched on; idempotent: a clean or
    quarantined file is not asked again."""
    outcome = {"clean": 0, "infected": 0, "waiting": 0}
    if not antivirus_enabled():
        return outcome
    waiting = MessageAttachment.objects.filter(
        Q(scan_status=ScanStatus.PENDING)
        | Q(scan_status=ScanStatus.UNSCANNED, kind=MessageAttachment.Kind.DOCUMENT)
    ).select_related("message__author", "message__conversation")
    if message_id is not None:
        waiting = waiting.filter(message_id=message_id)
    if older_than:
        waiting = waiting.filter(
            message__created_at__lte=timezone.now() - timedelta(seconds=older_than)
        )
    for attachment in waiting.order_by("pk")[:500]:
        try:
            with local_copy(attachment.file) as path:
                verdict = scan_file(path)
        except (ScannerUnavailable, FileNotFoundError):
            outcome["waiting"] += 1
            continue
        with transaction.atomic():
            updated = MessageAttachment.objects.filter(
                pk=attachment.pk, scan_status=attachment.scan_status
            ).update(
                scan_status=ScanStatus.INFECTED if verdict.infected else ScanStatus.CLEAN,
                scan_signature=verdict.signature[:200],
            )
            if updated and verdict.infected:
                transaction.on_commit(
                    lambda attachment=attachment, verdict=verdict: _tell_sender(
                        attachment, verdict.signature
                    )
                )
        outcome["infected" if verdict.infected else "clean"] += 1
    return outcome


def _tell_sender(attachment: MessageAttachment, signature: str) -> None:
    message = attachment.message
    if message.author is None:
        return
    notify(
        recipient=message.author,
        kind=Notification.Kind.FILE_QUARANTINED,
        actor=None,
        title=attachment.name,
        url=reverse("messaging:conversation", args=[message.conversation_id]),
        detail=signature,
        event_key=f"quarantine:attachment:{attachment.pk}",
    )
