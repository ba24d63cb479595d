"""The demo's e-mail side and mandatory readings: the teleworking charter must be read by every
agent before a date (two in three have confirmed, the demo agent not yet: the banner and the
homepage's « À lire et confirmer » show), the communication officer follows it by service; a
few colleagues chose a daily digest, one reads their e-mails in English. Idempotent: nothing is
added once the charter asks to be read."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from home.models import NewsPage, ReadConfirmation, ReadRequirement
from social.mail.models import MailSettings

CHARTER = "Télétravail : la nouvelle charte entre en vigueur le 1er janvier"


def seed_mail(*, agent) -> int:
    """The charter's mandatory reading and some e-mail settings; returns the confirmations."""
    news = NewsPage.objects.filter(title=CHARTER).first()
    if news is None or news.read_required:
        return ReadConfirmation.objects.count()
    news.read_required = True
    news.read_deadline = timezone.localdate() + timedelta(days=14)
    news.save_revision().publish()
    requirement = ReadRequirement.objects.get(news=news)
    User = get_user_model()
    rng = random.Random(2026)  # noqa: S311 - a reproducible demo, not a secret
    asked = list(
        User.objects.filter(is_active=True, role="agent")
        .exclude(pk=agent.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    ReadConfirmation.objects.bulk_create(
        ReadConfirmation(
            requirement=requirement,
            user_id=pk,
            confirmed_at=now - timedelta(hours=rng.randint(1, 6 * 24)),
        )
        for pk in asked
        if rng.random() < 0.66
    )
    people = asked[:40]
    MailSettings.objects.bulk_create(
        [MailSettings(user_id=pk, digest=MailSettings.Frequency.DAILY) for pk in people[::7]]
        + [MailSettings(user_id=people[3], language="en")],
        ignore_conflicts=True,
    )
    return requirement.confirmations.count()
