"""Reminders go at the time set per event (by default the day before at 9:00), for each
occurrence of a recurring event, once: a second run sends nothing."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

import pytest

from social.events.models import Delivery
from social.events.notifications import reminders_send
from social.events.services import registration_respond
from social.mail.models import OutgoingMail
from social.mail.outbox import outbox_send
from social.notifications.models import Notification

from .conftest import make_event, paris

pytestmark = pytest.mark.django_db


def test_the_reminder_goes_the_day_before_at_nine_and_once(organiser, agent, colleague):
    event = make_event(
        organiser, "Conseil d'école", starts=paris(2027, 3, 10, 18), registration="rsvp"
    )
    registration_respond(user=agent, event=event, response="yes", email_updates=True)
    registration_respond(user=colleague, event=event, response="no")
    assert reminders_send(now=paris(2027, 3, 9, 8, 59)) == 0
    sent = reminders_send(now=paris(2027, 3, 9, 9, 0))
    assert sent == 2  # the participant and the organiser
    assert Notification.objects.filter(recipient=agent, detail="reminder").count() == 1
    assert not Notification.objects.filter(recipient=colleague, detail="reminder").exists()
    outbox_send()  # what the task wakes once the run is written
    assert [message.to for message in mail.outbox] == [["agent@exemple.fr"]]
    assert reminders_send(now=paris(2027, 3, 9, 9, 5)) == 0
    outbox_send()
    assert len(mail.outbox) == 1


def test_each_occurrence_of_a_recurring_event_has_its_reminder(organiser, agent):
    event = make_event(
        organiser,
        "Pause café",
        starts=paris(2027, 3, 5, 10),
        rrule="FREQ=WEEKLY;COUNT=3",
        registration="rsvp",
        reminder_days_before=0,
    )
    registration_respond(user=agent, event=event, response="yes")
    for day in (5, 12, 19):
        reminders_send(now=paris(2027, 3, day, 9, 1))
    keys = sorted(
        Notification.objects.filter(recipient=agent, detail="reminder").values_list(
            "event_key", flat=True
        )
    )
    assert len(keys) == 3


def test_no_reminder_for_a_cancelled_occurrence_or_event(organiser, agent):
    from social.events.services import event_cancel, occurrence_change

    event = make_event(
        organiser,
        "Pause café",
        starts=paris(2027, 3, 5, 10),
        rrule="FREQ=WEEKLY;COUNT=2",
        registration="rsvp",
    )
    registration_respond(user=agent, event=event, response="yes")
    occurrence_change(user=organiser, event=event, original_start=paris(2027, 3, 5, 10))
    assert reminders_send(now=paris(2027, 3, 4, 9, 1)) == 0
    event_cancel(user=organiser, event=event)
    assert reminders_send(now=paris(2027, 3, 11, 9, 1)) == 0


def test_an_event_without_reminder_sends_none(organiser, agent):
    event = make_event(
        organiser,
        "Réunion",
        starts=paris(2027, 3, 10, 18),
        registration="rsvp",
        reminder_days_before=None,
    )
    registration_respond(user=agent, event=event, response="yes")
    assert reminders_send(now=paris(2027, 3, 10, 17)) == 0


def test_an_smtp_outage_delays_the_reminder_e_mail_and_loses_it_not(organiser, agent, monkeypatch):
    event = make_event(organiser, "Conseil", starts=paris(2027, 3, 10, 18), registration="rsvp")
    registration_respond(user=agent, event=event, response="yes", email_updates=True)

    def refuse(*args, **kwargs):
        raise OSError("SMTP down")

    reminders_send(now=paris(2027, 3, 9, 9))
    assert Delivery.objects.filter(user=agent).exists()  # written with its outbox row
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    assert outbox_send()["delayed"] == 1
    monkeypatch.undo()
    OutgoingMail.objects.update(next_attempt_at=timezone.now())  # the back-off is over
    outbox_send()
    assert [message.to for message in mail.outbox] == [["agent@exemple.fr"]]
    reminders_send(now=paris(2027, 3, 9, 9) + timedelta(minutes=5))
    outbox_send()
    assert len(mail.outbox) == 1  # and never twice
