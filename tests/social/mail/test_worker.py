"""Digests written by real Celery workers and received by a real SMTP server: a worker killed in
the middle of a batch loses nobody's digest and doubles none (each digest is recorded in the
transaction that marks its notifications and fills the outbox; the next sweep queues whoever
was left)."""

import pytest

from cms.celery import app as celery_app
from social.mail.models import DigestDelivery, OutgoingMail
from social.notifications.models import Notification
from social.people.models import User
from tests.smtp import SmtpServer
from tests.workers import kill_group, wait_for, worker_process

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

MONDAY = "2026-12-07T09:00:00+01:00"
PERIOD = "w2026-50"
PEOPLE = 300


@pytest.fixture
def server():
    smtp = SmtpServer().start()
    yield smtp
    smtp.stop()


@pytest.fixture
def people(db):
    users = User.objects.bulk_create(
        User(email=f"agent{n}@exemple.fr", first_name=f"Agent{n}", last_name="Test")
        for n in range(PEOPLE)
    )
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=Notification.Kind.REPLY,
            title=f"Sujet {user.pk}",
            url="/",
            excerpt="Une réponse",
        )
        for user in users
    )
    return users


def test_a_worker_killed_mid_batch_loses_no_digest_and_doubles_none(celery_tasks, people, server):
    first = worker_process(TEST_SMTP_PORT=str(server.port))
    try:
        celery_app.send_task(
            "social.mail.tasks.send_digest_batch", args=[[u.pk for u in people], PERIOD]
        )
        assert wait_for(lambda: DigestDelivery.objects.count() >= 30, timeout=120)
    finally:
        kill_group(first)  # SIGKILL: no goodbye, no acknowledgement
    written = DigestDelivery.objects.count()
    assert written < PEOPLE, "the batch ended before the kill: nothing was proven"

    second = worker_process(TEST_SMTP_PORT=str(server.port))
    try:
        # The beat's next sweep: whoever has no digest of the period is queued again.
        celery_app.send_task("social.mail.tasks.queue_digests", kwargs={"at": MONDAY})
        assert wait_for(lambda: DigestDelivery.objects.count() == PEOPLE, timeout=180)
        assert wait_for(
            lambda: not OutgoingMail.objects.filter(status="pending").exists(), timeout=180
        )
    finally:
        kill_group(second)

    received = [message["To"] for message in server.inbox.messages]
    assert len(received) == PEOPLE
    assert sorted(received) == sorted(user.email for user in people)
    assert not Notification.objects.filter(digested_at__isnull=True).exists()
    assert OutgoingMail.objects.filter(status="sent").count() == PEOPLE
