"""The outbox against a real SMTP server: a server down delays mail and loses none, a refused
address is recorded and written to no more, and bounce reports are read."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest

from social.mail.models import MailBounce, OutgoingMail
from social.mail.outbox import mail_queue, outbox_purge, outbox_send
from tests.smtp import free_port

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status


def queue(person, subject="Bonjour"):
    return mail_queue(
        recipient=person, kind="digest", subject=subject, text="Texte", html="<p>Texte</p>"
    )


def test_a_server_down_delays_the_mail_and_loses_none(smtp, settings, agent):
    mail = queue(agent)
    settings.EMAIL_PORT = free_port()  # nothing listens there

    assert outbox_send() == {"sent": 0, "bounced": 0, "delayed": 1}
    mail.refresh_from_db()
    assert mail.status == Status.PENDING
    assert mail.attempts == 1
    assert mail.next_attempt_at > timezone.now()
    assert "refused" in mail.error.lower() or "connect" in mail.error.lower()

    # Not before its time…
    settings.EMAIL_PORT = smtp.port
    assert outbox_send()["sent"] == 0
    # …then sent once the back-off is over.
    OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=timezone.now())
    assert outbox_send()["sent"] == 1
    mail.refresh_from_db()
    assert mail.status == Status.SENT
    assert len(smtp.to("agent@exemple.fr")) == 1


def test_the_back_off_grows_with_each_failure(settings, agent):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    mail = queue(agent)
    waits = []
    for _attempt in range(4):
        before = timezone.now()
        OutgoingMail.objects.filter(pk=mail.pk).update(next_attempt_at=before)
        outbox_send()
        mail.refresh_from_db()
        waits.append(round((mail.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4, 8]


def test_a_refused_address_is_a_bounce_and_gets_no_more_mail(smtp, agent, elu):
    smtp.refuse.add("agent@exemple.fr")
    refused = queue(agent)
    queue(elu)

    assert outbox_send() == {"sent": 1, "bounced": 1, "delayed": 0}
    refused.refresh_from_db()
    assert refused.status == Status.FAILED
    bounce = MailBounce.objects.get()
    assert (bounce.address, bounce.code, bounce.user, bounce.permanent) == (
        "agent@exemple.fr",
        "550",
        agent,
        True,
    )
    assert "User unknown" in bounce.diagnostic
    assert queue(agent) is None  # nothing more is written to that address
    assert len(smtp.to("elu@exemple.fr")) == 1


def test_the_person_can_say_their_address_works_again(smtp, agent, login):
    MailBounce.objects.create(address=agent.email, user=agent, code="550", source="smtp")
    client = login(agent)
    page = client.get("/mon-compte/notifications/").content.decode()
    assert "ne lui parviennent pas" in page

    client.post("/mon-compte/notifications/adresse/")

    assert not MailBounce.objects.exists()
    assert queue(agent) is not None


DSN = b"""From: MAILER-DAEMON@mx.exemple.fr
To: intranet@parvis.localhost
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.exemple.fr
Arrival-Date: Mon, 7 Dec 2026 08:01:02 +0100

Final-Recipient: rfc822; agent@exemple.fr
Original-Recipient: rfc822;agent@exemple.fr
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <agent@exemple.fr>: Recipient address
    rejected: User unknown in local recipient table

Final-Recipient: rfc822; boite-pleine@exemple.fr
Action: delayed
Status: 4.2.2
Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

--B--
"""


def test_a_bounce_report_piped_by_the_mta_is_recorded(agent, monkeypatch):
    out = io.StringIO()
    stdin = io.TextIOWrapper(io.BytesIO(DSN))
    monkeypatch.setattr("sys.stdin", stdin)

    call_command("mail_bounce", stdout=out)

    assert out.getvalue().split("\n")[:2] == [
        "agent@exemple.fr 5.1.1",
        "boite-pleine@exemple.fr 4.2.2",
    ]
    hard = MailBounce.objects.get(address="agent@exemple.fr")
    assert hard.permanent and hard.user == agent and hard.source == "dsn"
    assert "User unknown in local recipient table" in hard.diagnostic
    assert not MailBounce.objects.get(address="boite-pleine@exemple.fr").permanent
    assert queue(agent) is None


def test_an_auto_reply_is_not_taken_for_a_bounce(monkeypatch):
    reply = b"From: someone@exemple.fr\nSubject: Absent\n\nJe suis absent jusqu'au 4 janvier.\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(reply)))
    out = io.StringIO()
    call_command("mail_bounce", stdout=out)
    assert not MailBounce.objects.exists()


def test_bodies_of_old_mails_are_forgotten(agent):
    mail = queue(agent)
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=Status.SENT, sent_at=timezone.now() - timedelta(days=31)
    )
    assert outbox_purge() == 1
    mail.refresh_from_db()
    assert (mail.text, mail.html, mail.to) == ("", "", "agent@exemple.fr")
