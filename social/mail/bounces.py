"""Addresses that refuse mail. A permanent refusal (5xx at sending, or a delivery status
notification saying 5.x.x) stops every e-mail to the address until the person or an
administrator clears it; a temporary one (4.x.x) is only recorded.

`bounce_from_report(raw)` reads the report an MTA sends back (RFC 3464, multipart/report with a
message/delivery-status part), as `manage.py mail_bounce` receives it on its standard input
from the MTA's bounce address (a Postfix pipe, a procmail rule, a fetchmail run).
"""

from __future__ import annotations

import email
from email import policy
from email.message import Message

from django.contrib.auth import get_user_model

from .models import MailBounce


def address_undeliverable(address: str) -> bool:
    return MailBounce.objects.filter(address__iexact=address.strip(), permanent=True).exists()


def undeliverable_addresses() -> set[str]:
    return {
        address.lower()
        for address in MailBounce.objects.filter(permanent=True).values_list("address", flat=True)
    }


def bounce_record(*, address: str, code: str, diagnostic: str, source: str) -> MailBounce:
    address = address.strip()
    permanent = code.startswith("5")
    user = get_user_model().objects.filter(email__iexact=address).first()
    return MailBounce.objects.create(
        address=address,
        user=user,
        permanent=permanent,
        code=code[:20],
        diagnostic=diagnostic[:500],
        source=source,
    )


def bounces_clear(*, address: str) -> int:
    deleted, _kinds = MailBounce.objects.filter(address__iexact=address.strip()).delete()
    return deleted


def _status_groups(part: Message) -> list[Message]:
    """The per-message and per-recipient field groups of a message/delivery-status part."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return payload
    text = payload if isinstance(payload, str) else ""
    return [email.message_from_string(block) for block in text.strip().split("\n\n") if block]


def bounce_from_report(raw: bytes) -> list[MailBounce]:
    """Record the failed recipients of a delivery status notification; [] when `raw` is not one
    (an auto-reply, a spam): nothing is recorded from guesses."""
    report = email.message_from_bytes(raw, policy=policy.compat32)
    recorded = []
    for part in report.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        for group in _status_groups(part):
            recipient = group.get("Final-Recipient") or group.get("Original-Recipient")
            action = (group.get("Action") or "").strip().lower()
            status = (group.get("Status") or "").strip()
            if not recipient or action not in {"failed", "delayed"} or not status:
                continue
            address = recipient.split(";", 1)[-1].strip().strip("<>")
            if "@" not in address:
                continue
            recorded.append(
                bounce_record(
                    address=address,
                    code=status,
                    diagnostic=" ".join((group.get("Diagnostic-Code") or "").split()),
                    source="dsn",
                )
            )
    return recorded
