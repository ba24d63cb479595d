"""The agenda's work done by a real Celery worker: a seat freed in a request is given and told
by the worker, and the beat's reminder task run twice sends each reminder once."""

from datetime import time

from django.core import mail

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from social.events.models import Registration
from social.events.services import registration_respond
from social.events.tasks import send_reminders
from social.notifications.models import Notification
from tests.workers import queued_tasks, wait_for

from .conftest import make_event, soon

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_the_promoted_person_is_told_by_the_worker(celery_tasks, organiser, agent, colleague):
    event = make_event(
        organiser, "Visite de la station d'épuration", registration="rsvp", capacity=1
    )
    registration_respond(user=agent, event=event, response="yes")
    registration_respond(user=colleague, event=event, response="yes")
    registration_respond(user=agent, event=event, response="no")
    # The seat is given at once (in the answer's transaction); telling is queued.
    assert Registration.objects.get(user=colleague).is_confirmed
    assert "social.events.tasks.notify_promoted" in queued_tasks()
    assert not Notification.objects.filter(recipient=colleague, detail="promoted").exists()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(
            lambda: Notification.objects.filter(recipient=colleague, detail="promoted").exists()
        )


def test_the_reminder_task_run_twice_reminds_once(celery_tasks, organiser, agent):
    event = make_event(
        organiser,
        "Comité de pilotage",
        starts=soon(1, hour=15),
        registration="rsvp",
        reminder_days_before=1,
        reminder_time=time(0, 0),  # due since midnight
    )
    registration_respond(user=agent, event=event, response="yes", email_updates=True)
    mail.outbox.clear()
    send_reminders.delay()
    send_reminders.delay()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(lambda: "social.events.tasks.send_reminders" not in queued_tasks())
        assert wait_for(
            lambda: Notification.objects.filter(recipient=agent, detail="reminder").exists()
        )
        # The e-mail leaves through the outbox, a task of its own the reminder queues: wait
        # for it, and for nothing left queued, before counting.
        assert wait_for(lambda: any(m.subject.startswith("Rappel") for m in mail.outbox))
        assert wait_for(lambda: not queued_tasks())
    assert Notification.objects.filter(recipient=agent, detail="reminder").count() == 1
    reminders = [m for m in mail.outbox if m.subject.startswith("Rappel")]
    assert [m.to for m in reminders] == [["agent@exemple.fr"]]
