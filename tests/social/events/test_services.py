"""Events made, answered, changed and cancelled: the capacity and its waiting list, the
deadline, what participants are told (in-app and by e-mail, with the calendar invitation)."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied

import icalendar
import pytest

from social.events.models import Event, Registration
from social.events.services import (
    EventError,
    event_cancel,
    event_update,
    registration_respond,
)
from social.notifications.models import Notification
from tests.factories import UserFactory

from .conftest import data, make_event, soon

pytestmark = pytest.mark.django_db


def rsvp(organiser, capacity=None, **fields):
    return make_event(organiser, "Pause café", registration="rsvp", capacity=capacity, **fields)


def test_an_agent_cannot_publish_to_an_audience(agent):
    with pytest.raises(PermissionDenied):
        make_event(agent, "Annonce sauvage")


def test_a_yes_within_the_capacity_takes_a_seat(organiser, agent, committed):
    event = rsvp(organiser, capacity=2)
    with committed():
        registration = registration_respond(user=agent, event=event, response="yes")
    event.refresh_from_db()
    assert registration.is_confirmed
    assert event.seats_taken == 1


def test_a_yes_beyond_the_capacity_waits(organiser, agent, colleague):
    event = rsvp(organiser, capacity=1)
    registration_respond(user=agent, event=event, response="yes")
    late = registration_respond(user=colleague, event=event, response="yes")
    assert late.waiting
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_a_freed_seat_goes_to_the_first_waiting_who_is_told(
    organiser, agent, colleague, finances, committed
):
    event = rsvp(organiser, capacity=1)
    third = UserFactory(email="troisieme@exemple.fr", service=finances)
    registration_respond(user=agent, event=event, response="yes")
    registration_respond(user=colleague, event=event, response="yes")
    registration_respond(user=third, event=event, response="yes")
    with committed():
        registration_respond(user=agent, event=event, response="no")
    promoted = Registration.objects.get(event=event, user=colleague)
    assert promoted.is_confirmed
    assert Registration.objects.get(event=event, user=third).waiting
    told = Notification.objects.get(recipient=colleague, kind="event")
    assert told.detail == "promoted"
    assert "place s" in told.message
    assert not Notification.objects.filter(recipient=third, detail="promoted").exists()
    event.refresh_from_db()
    assert event.seats_taken == 1


def test_a_larger_capacity_promotes_those_waiting(organiser, agent, colleague):
    event = rsvp(organiser, capacity=1)
    registration_respond(user=agent, event=event, response="yes")
    registration_respond(user=colleague, event=event, response="yes")
    event_update(
        user=organiser,
        event=event,
        data=data(
            "Pause café", event.starts_at, ends_at=event.ends_at, registration="rsvp", capacity=2
        ),
    )
    assert Registration.objects.get(event=event, user=colleague).is_confirmed


def test_the_capacity_cannot_go_below_the_seats_taken(organiser, agent, colleague):
    event = rsvp(organiser, capacity=3)
    registration_respond(user=agent, event=event, response="yes")
    registration_respond(user=colleague, event=event, response="yes")
    with pytest.raises(EventError):
        event_update(
            user=organiser,
            event=event,
            data=data(
                "Pause café",
                event.starts_at,
                ends_at=event.ends_at,
                registration="rsvp",
                capacity=1,
            ),
        )


def test_the_database_refuses_more_seats_than_the_capacity(organiser):
    from django.db import IntegrityError, transaction

    event = rsvp(organiser, capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(seats_taken=2)


def test_answers_after_the_deadline_are_refused(organiser, agent):
    event = rsvp(organiser, registration_deadline=soon(-1))
    with pytest.raises(EventError, match="date limite"):
        registration_respond(user=agent, event=event, response="yes")


def test_answers_to_a_cancelled_event_are_refused(organiser, agent):
    event = rsvp(organiser)
    event_cancel(user=organiser, event=event)
    with pytest.raises(EventError, match="annulé"):
        registration_respond(user=agent, event=event, response="yes")


def test_answers_to_the_questions_are_kept_by_question(organiser, agent):
    event = rsvp(organiser, questions=("Régime alimentaire", "Covoiturage"))
    registration = registration_respond(
        user=agent, event=event, response="yes", answers={"0": "végétarien", "7": "ignoré"}
    )
    assert registration.answers == {"Régime alimentaire": "végétarien"}


def test_an_invitation_by_email_carries_a_request_with_a_stable_uid(organiser, agent, committed):
    event = rsvp(organiser)
    with committed():
        registration_respond(user=agent, event=event, response="yes", email_updates=True)
    assert len(mail.outbox) == 1
    attachment = mail.outbox[0].attachments[0]
    assert "method=REQUEST" in attachment[2]
    cal = icalendar.Calendar.from_ical(attachment[1])
    assert cal["METHOD"] == "REQUEST"
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["UID"]) == event.ical_uid
    assert "agent@exemple.fr" in str(vevent["ATTENDEE"])


def test_no_email_for_those_who_did_not_ask(organiser, agent, committed):
    event = rsvp(organiser)
    with committed():
        registration_respond(user=agent, event=event, response="yes")
    assert mail.outbox == []


def test_a_change_of_time_tells_participants_and_raises_the_sequence(organiser, agent, committed):
    event = rsvp(organiser)
    with committed():
        registration_respond(user=agent, event=event, response="yes", email_updates=True)
    mail.outbox.clear()
    later = event.starts_at + timedelta(hours=2)
    with committed():
        changed = event_update(
            user=organiser,
            event=event,
            data=data("Pause café", later, registration="rsvp"),
        )
    assert "starts_at" in changed
    event.refresh_from_db()
    assert event.sequence == 1
    assert Notification.objects.get(recipient=agent, detail="changed")
    cal = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["UID"]) == event.ical_uid
    assert int(vevent["SEQUENCE"]) == 1


def test_a_change_of_title_only_tells_nobody(organiser, agent, committed):
    event = rsvp(organiser)
    registration_respond(user=agent, event=event, response="yes")
    with committed():
        changed = event_update(
            user=organiser,
            event=event,
            data=data("Pause café du vendredi", event.starts_at, registration="rsvp"),
        )
    assert changed == []
    assert not Notification.objects.filter(recipient=agent, detail="changed").exists()


def test_a_cancellation_sends_a_cancel_to_each_participant(organiser, agent, committed):
    event = rsvp(organiser)
    with committed():
        registration_respond(user=agent, event=event, response="yes", email_updates=True)
    mail.outbox.clear()
    with committed():
        event_cancel(user=organiser, event=event, reason="Salle indisponible")
    told = Notification.objects.get(recipient=agent, detail="cancelled")
    assert told.excerpt == "Salle indisponible"
    cal = icalendar.Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert cal["METHOD"] == "CANCEL"
    assert cal.walk("VEVENT")[0]["STATUS"] == "CANCELLED"


def test_the_same_change_notified_twice_makes_one_notification(organiser, agent):
    from social.events.notifications import notifications_for_event_change

    event = rsvp(organiser)
    registration_respond(user=agent, event=event, response="yes")
    told = {"event_id": event.pk, "detail": "changed", "sequence": 3, "actor_id": organiser.pk}
    first = notifications_for_event_change(**told)
    again = notifications_for_event_change(**told)
    assert (first, again) == (1, 0)


def test_only_organisers_change_an_event(organiser, agent):
    event = rsvp(organiser)
    with pytest.raises(PermissionDenied):
        event_cancel(user=agent, event=event)


def test_a_group_event_is_announced_to_its_members(colleague, member, secret_group, committed):
    with committed():
        make_event(colleague, "Réunion de la cellule", group=secret_group)
    told = Notification.objects.get(recipient=member, kind="event")
    assert told.detail == "new"
    assert told.group_id == secret_group.pk


def test_a_co_organisers_change_tells_the_creator_not_themselves(
    organiser, colleague, agent, committed
):
    event = make_event(organiser, "Forum", registration="rsvp", organiser_ids=(colleague.pk,))
    registration_respond(user=agent, event=event, response="yes")
    with committed():
        event_update(
            user=colleague,
            event=event,
            data=data(
                "Forum",
                event.starts_at + timedelta(hours=1),
                registration="rsvp",
                organiser_ids=(colleague.pk,),
            ),
        )
    told = set(Notification.objects.filter(detail="changed").values_list("recipient", flat=True))
    assert told == {organiser.pk, agent.pk}


def test_a_room_holds_one_event_at_a_time(organiser, colleague, secret_group):
    from social.events.models import Room

    from .conftest import paris

    room = Room.objects.create(name="Salle du conseil", capacity=60)
    make_event(organiser, "Conseil municipal", starts=paris(2027, 2, 4, 18), room_id=room.pk)
    with pytest.raises(EventError, match="Conseil municipal"):
        make_event(organiser, "Réunion publique", starts=paris(2027, 2, 4, 18, 30), room_id=room.pk)
    # Every session of a series is checked; the other event is named only to who may see it.
    make_event(
        colleague,
        "Exercice confidentiel",
        group=secret_group,
        starts=paris(2027, 3, 4, 9),
        room_id=room.pk,
    )
    with pytest.raises(EventError) as refused:
        make_event(
            organiser,
            "Permanence",
            starts=paris(2027, 2, 25, 9),
            rrule="FREQ=WEEKLY;COUNT=3",
            room_id=room.pk,
        )
    assert "04/03/2027 09:00" in refused.value.messages[0]
    assert "confidentiel" not in refused.value.messages[0]
    assert not Event.objects.filter(title__in=["Réunion publique", "Permanence"]).exists()
    make_event(organiser, "Après le conseil", starts=paris(2027, 2, 4, 21), room_id=room.pk)


def test_answers_to_a_series_whose_sessions_are_all_over_are_refused(organiser, agent):
    from .conftest import paris

    event = make_event(
        organiser,
        "Ancienne série",
        starts=paris(2025, 1, 6, 10),
        rrule="FREQ=WEEKLY;COUNT=3",
        registration="rsvp",
    )
    with pytest.raises(EventError, match="terminé"):
        registration_respond(user=agent, event=event, response="yes")
