"""The capacity holds when people answer at the same moment: fifty colleagues taking the last
ten seats at once give exactly ten confirmations and forty places on the waiting list."""

import pytest

from social.events.models import Event, Registration
from social.events.services import registration_respond
from tests.factories import UserFactory
from tests.social.conftest import at_once

from .conftest import make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_fifty_people_taking_the_last_ten_seats_at_once(organiser, finances):
    event = make_event(organiser, "Visite du chantier", registration="rsvp", capacity=12)
    early = [UserFactory(email=f"tot{i}@exemple.fr", service=finances) for i in range(2)]
    for person in early:
        registration_respond(user=person, event=event, response="yes")
    people = [UserFactory(email=f"agent{i}@exemple.fr", service=finances) for i in range(50)]

    def answer(person):
        return lambda: registration_respond(
            user=person, event=Event.objects.get(pk=event.pk), response="yes"
        )

    results = at_once(*(answer(person) for person in people))
    assert sum(1 for registration in results if registration.is_confirmed) == 10
    assert sum(1 for registration in results if registration.waiting) == 40
    event.refresh_from_db()
    assert event.seats_taken == 12
    assert Registration.objects.filter(event=event, waiting=False, response="yes").count() == 12
    # The waiting list is in the order the database took the answers, without ties.
    waiting = Registration.objects.filter(event=event, waiting=True).order_by("waiting_since")
    assert waiting.count() == 40


def test_seats_freed_at_the_same_time_go_each_to_one_person(organiser, finances):
    event = make_event(organiser, "Visite du chantier", registration="rsvp", capacity=5)
    seated = [UserFactory(email=f"assis{i}@exemple.fr", service=finances) for i in range(5)]
    waiting = [UserFactory(email=f"attente{i}@exemple.fr", service=finances) for i in range(8)]
    for person in seated + waiting:
        registration_respond(user=person, event=event, response="yes")

    def leave(person):
        return lambda: registration_respond(
            user=person, event=Event.objects.get(pk=event.pk), response="no"
        )

    at_once(*(leave(person) for person in seated[:3]))
    event.refresh_from_db()
    assert event.seats_taken == 5
    promoted = Registration.objects.filter(event=event, user__in=waiting, waiting=False)
    assert sorted(promoted.values_list("user__email", flat=True)) == [
        "attente0@exemple.fr",
        "attente1@exemple.fr",
        "attente2@exemple.fr",
    ]
