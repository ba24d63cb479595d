"""The outbox: `mail_queue(...)` writes an e-mail in the caller's transaction, `outbox_send()`
sends what is pending, in order, through one SMTP connection, at most MAIL_RATE_LIMIT.

Each message is sent inside a transaction that holds its row locked (`skip_locked`: two
senders never take the same row) and marks it sent before committing: a sender killed before
the commit leaves the row pending, and it is sent again by the next run. An SMTP server that
is down or answers 4xx delays the message with a growing back-off (1, 2, 4… minutes, at most
MAIL_RETRY_MAX_MINUTES) and stops the run; a 5xx refusal of the recipient is a bounce: the
address is recorded (bounces.py) and nothing more is sent to it.
"""

from __future__ import annotations

import logging
import smtplib
import time
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from cms.core.ratelimit import parse_limit

from .bounces import address_undeliverable, bounce_record
from .models import OutgoingMail

logger = logging.getLogger(__name__)
Status = OutgoingMail.Status


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "parvis.localhost"


def mail_queue(
    *,
    recipient,
    kind: str,
    subject: str,
    text: str,
    html: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] = (),
) -> OutgoingMail | None:
    """Put one e-mail to `recipient` in the outbox (in the caller's transaction); None when they
    have no address or their address bounces. `attachments`: (name, text, MIME type)."""
    to = (recipient.email or "").strip()
    if not to or address_undeliverable(to):
        return None
    return OutgoingMail.objects.create(
        recipient=recipient,
        to=to,
        kind=kind[:30],
        subject=" ".join(subject.split())[:255],
        text=text,
        html=html,
        headers=headers or {},
        attachments=[list(attachment) for attachment in attachments],
        message_id=make_msgid(idstring="parvis", domain=_domain()),
    )


def _message(mail: OutgoingMail, connection) -> EmailMultiAlternatives:
    headers = {
        **mail.headers,
        "Message-ID": mail.message_id,
        # RFC 3834: no auto-reply (« absent du bureau ») to what a machine sent.
        "Auto-Submitted": "auto-generated",
    }
    message = EmailMultiAlternatives(
        mail.subject,
        mail.text,
        settings.DEFAULT_FROM_EMAIL,
        [mail.to],
        headers=headers,
        connection=connection,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    for name, content, mimetype in mail.attachments:
        message.attach(name, content.encode(), mimetype)
    return message


def _retry_later(mail: OutgoingMail, error: Exception) -> None:
    mail.attempts += 1
    minutes = min(2 ** (mail.attempts - 1), settings.MAIL_RETRY_MAX_MINUTES)
    mail.next_attempt_at = timezone.now() + timedelta(minutes=minutes)
    mail.error = str(error)[:500]
    if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
        mail.status = Status.FAILED
    mail.save(update_fields=["attempts", "next_attempt_at", "error", "status"])


def _reply_text(reply) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)


def _refused(error: Exception) -> tuple[str, str] | None:
    """(code, diagnostic) when the server refused the recipient for good (5xx)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        for code, reply in error.recipients.values():
            if code >= 500:
                return str(code), _reply_text(reply)
        return None
    if isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500:
        return str(error.smtp_code), _reply_text(error.smtp_error)
    return None


def _pause(sent: int, started: float) -> None:
    count, seconds = parse_limit(settings.MAIL_RATE_LIMIT)
    if count and sent % count == 0:
        wait = seconds - (time.monotonic() - started) % seconds
        time.sleep(wait)


def outbox_send(*, limit: int | None = None) -> dict[str, int]:
    """Send the pending e-mails whose time has come, oldest first; stops at `limit`, when none
    is left, or when the server cannot be reached (the rest wait for the next run)."""
    limit = limit or settings.MAIL_SEND_BATCH
    counts = {"sent": 0, "bounced": 0, "delayed": 0}
    connection = get_connection(fail_silently=False)
    started = time.monotonic()
    try:
        while counts["sent"] + counts["bounced"] < limit:
            with transaction.atomic():
                mail = (
                    OutgoingMail.objects.select_for_update(skip_locked=True)
                    .filter(status=Status.PENDING, next_attempt_at__lte=timezone.now())
                    .order_by("next_attempt_at", "id")
                    .first()
                )
                if mail is None:
                    break
                try:
                    _message(mail, connection).send()
                except (smtplib.SMTPException, OSError) as error:
                    refused = _refused(error)
                    if refused is None:
                        logger.warning("Mail %s delayed: %s", mail.pk, error)
                        _retry_later(mail, error)
                        counts["delayed"] += 1
                        return counts
                    bounce_record(
                        address=mail.to, code=refused[0], diagnostic=refused[1], source="smtp"
                    )
                    mail.status = Status.FAILED
                    mail.error = f"{refused[0]} {refused[1]}"[:500]
                    mail.save(update_fields=["status", "error"])
                    counts["bounced"] += 1
                    continue
                mail.status = Status.SENT
                mail.sent_at = timezone.now()
                mail.attempts += 1
                mail.error = ""
                mail.save(update_fields=["status", "sent_at", "attempts", "error"])
            counts["sent"] += 1
            _pause(counts["sent"], started)
    finally:
        try:
            connection.close()
        except (smtplib.SMTPException, OSError):
            logger.debug("SMTP connection already closed")
    return counts


def outbox_purge(*, now=None, before=None) -> int:
    """Forget the bodies of e-mails sent before `before` (by default MAIL_KEEP_DAYS ago): the
    row stays as a trace of what was sent to whom, the text does not."""
    before = before or (now or timezone.now()) - timedelta(days=settings.MAIL_KEEP_DAYS)
    return (
        OutgoingMail.objects.filter(status=Status.SENT, sent_at__lt=before)
        .exclude(text="")
        .update(text="", html="")
    )
