"""Recurrences expanded by recurring-ical-events (DST included), their exceptions, and every
calendar Parvis gives out parsed back: UID, SEQUENCE, VTIMEZONE, RRULE, EXDATE, RECURRENCE-ID."""

from datetime import date, time, timedelta

import icalendar
import pytest
import recurring_ical_events

from social.events.forms import EventForm, build_rrule, nth_weekday, read_rrule
from social.events.models import Occurrence
from social.events.services import event_cancel, occurrence_change, registration_respond

from .conftest import PARIS, make_event, paris

pytestmark = pytest.mark.django_db


def parsed(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_a_weekly_event_keeps_its_local_hour_across_the_change_to_winter_time(organiser):
    # 23 October 2026 is before, 30 October after the last Sunday of October.
    event = make_event(
        organiser, "Pause café", starts=paris(2026, 10, 16, 10), rrule="FREQ=WEEKLY;COUNT=4"
    )
    starts = [o.starts_at.astimezone(PARIS) for o in event.occurrences.order_by("starts_at")]
    assert [moment.hour for moment in starts] == [10, 10, 10, 10]
    assert [moment.utcoffset() for moment in starts] == [timedelta(hours=2)] * 2 + [
        timedelta(hours=1)
    ] * 2


def test_every_other_week_until_a_date(organiser):
    rule = build_rrule(
        "biweekly", date(2027, 1, 4), until=date(2027, 2, 28), count=None, all_day=False
    )
    event = make_event(organiser, "Comité technique", starts=paris(2027, 1, 4, 14), rrule=rule)
    days = [o.starts_at.astimezone(PARIS).date() for o in event.occurrences.all()]
    assert days == [date(2027, 1, 4), date(2027, 1, 18), date(2027, 2, 1), date(2027, 2, 15)]


def test_monthly_on_the_second_tuesday(organiser):
    assert nth_weekday(date(2027, 1, 12)) == "2TU"
    assert nth_weekday(date(2027, 1, 29)) == "-1FR"  # the fifth Friday: the last one
    rule = build_rrule("monthly", date(2027, 1, 12), until=None, count=3, all_day=False)
    event = make_event(organiser, "Commission finances", starts=paris(2027, 1, 12, 18), rrule=rule)
    days = [o.starts_at.astimezone(PARIS).date() for o in event.occurrences.all()]
    assert days == [date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9)]


def test_the_form_reads_back_the_rule_it_wrote():
    rule = build_rrule(
        "biweekly", date(2027, 1, 4), until=date(2027, 6, 30), count=None, all_day=False
    )
    assert read_rrule(rule) == {"repeat": "biweekly", "repeat_until": date(2027, 6, 30)}
    assert read_rrule("FREQ=MONTHLY;BYDAY=2TU;COUNT=5") == {"repeat": "monthly", "repeat_count": 5}


def test_the_form_turns_paris_times_into_an_event():
    form = EventForm(
        {
            "title": "Formation sécurité incendie",
            "start_date": "2027-03-27",
            "start_time": "09:00",
            "end_time": "12:00",
            "audience": "all",
            "registration": "none",
            "reminder_time": "09:00",
            "repeat": "weekly",
            "repeat_count": "2",
        }
    )
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data
    assert cleaned["starts_at"] == paris(2027, 3, 27, 9)
    assert cleaned["ends_at"] == paris(2027, 3, 27, 12)
    assert cleaned["rrule"] == "FREQ=WEEKLY;COUNT=2"


def test_the_form_refuses_an_end_before_the_start():
    form = EventForm(
        {
            "title": "À l'envers",
            "start_date": "2027-03-27",
            "start_time": "10:00",
            "end_time": "09:00",
            "audience": "all",
            "registration": "none",
            "reminder_time": "09:00",
        }
    )
    assert not form.is_valid()
    assert "end_time" in form.errors


def test_a_cancelled_occurrence_is_an_exdate_and_leaves_the_agenda(organiser):
    event = make_event(
        organiser, "Pause café", starts=paris(2027, 1, 8, 10), rrule="FREQ=WEEKLY;COUNT=3"
    )
    occurrence_change(user=organiser, event=event, original_start=paris(2027, 1, 15, 10))
    days = [o.starts_at.astimezone(PARIS).date() for o in event.occurrences.all()]
    assert days == [date(2027, 1, 8), date(2027, 1, 22)]
    event.refresh_from_db()
    assert event.sequence == 1


def test_a_moved_occurrence_keeps_its_recurrence_id(organiser, client):
    event = make_event(
        organiser, "Pause café", starts=paris(2027, 1, 8, 10), rrule="FREQ=WEEKLY;COUNT=3"
    )
    occurrence_change(
        user=organiser,
        event=event,
        original_start=paris(2027, 1, 15, 10),
        starts_at=paris(2027, 1, 15, 15),
        ends_at=paris(2027, 1, 15, 16),
    )
    moved = Occurrence.objects.get(event=event, original_start=paris(2027, 1, 15, 10))
    assert moved.starts_at == paris(2027, 1, 15, 15)
    client.force_login(organiser)
    cal = parsed(client.get(f"/agenda/evenements/{event.pk}/evenement.ics"))
    vevents = cal.walk("VEVENT")
    assert len(vevents) == 2
    assert vevents[1]["RECURRENCE-ID"].dt == paris(2027, 1, 15, 10)
    # A calendar client expanding the file finds the moved session at its new time.
    found = recurring_ical_events.of(cal).between(paris(2027, 1, 1), paris(2027, 2, 1))
    assert sorted(component["DTSTART"].dt.hour for component in found) == [10, 10, 15]


def test_the_ics_of_an_event_has_its_uid_time_zone_and_rule(organiser, client):
    event = make_event(
        organiser, "Pause café", starts=paris(2027, 1, 8, 10), rrule="FREQ=WEEKLY;COUNT=3"
    )
    occurrence_change(user=organiser, event=event, original_start=paris(2027, 1, 15, 10))
    client.force_login(organiser)
    first = client.get(f"/agenda/evenements/{event.pk}/evenement.ics")
    again = client.get(f"/agenda/evenements/{event.pk}/evenement.ics")
    cal = parsed(first)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    vevent = cal.walk("VEVENT")[0]
    assert str(vevent["UID"]) == event.ical_uid
    assert str(parsed(again).walk("VEVENT")[0]["UID"]) == event.ical_uid
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]
    exdates = [moment.dt for exdate in [vevent["EXDATE"]] for moment in exdate.dts]
    assert exdates == [paris(2027, 1, 15, 10)]
    assert "attachment" in first["Content-Disposition"]


def test_an_all_day_event_is_exported_as_dates(organiser, client):
    event = make_event(
        organiser,
        "Journée portes ouvertes",
        starts=paris(2027, 5, 22, 0),
        ends_at=paris(2027, 5, 24, 0),
        all_day=True,
    )
    client.force_login(organiser)
    vevent = parsed(client.get(f"/agenda/evenements/{event.pk}/evenement.ics")).walk("VEVENT")[0]
    assert vevent["DTSTART"].dt == date(2027, 5, 22)
    assert vevent["DTEND"].dt == date(2027, 5, 24)


def test_the_subscription_carries_my_events_and_not_the_others(organiser, agent, colleague, client):
    mine = make_event(organiser, "Atelier budget", registration="rsvp")
    not_mine = make_event(organiser, "Atelier que je n'ai pas choisi", registration="rsvp")
    registration_respond(user=agent, event=mine, response="yes")
    registration_respond(user=colleague, event=not_mine, response="yes")
    client.force_login(agent)
    created = client.post("/agenda/abonnement/nouveau/", {"name": "Téléphone"})
    url = created.context["url"]
    client.logout()
    cal = parsed(client.get(url.replace("http://testserver", "")))
    assert [str(vevent["SUMMARY"]) for vevent in cal.walk("VEVENT")] == ["Atelier budget"]
    assert cal.walk("VTIMEZONE")
    # A cancellation reaches the subscribed calendar as a cancelled entry, same UID.
    event_cancel(user=organiser, event=mine)
    vevent = parsed(client.get(url.replace("http://testserver", ""))).walk("VEVENT")[0]
    assert vevent["STATUS"] == "CANCELLED"
    assert str(vevent["UID"]) == mine.ical_uid


def test_a_revoked_subscription_reads_nothing(agent, client):
    client.force_login(agent)
    url = client.post("/agenda/abonnement/nouveau/", {"name": ""}).context["url"]
    token = agent.calendar_tokens.get()
    client.post(f"/agenda/abonnement/{token.pk}/revoquer/")
    client.logout()
    assert client.get(url.replace("http://testserver", "")).status_code == 404


def test_a_deactivated_persons_subscription_reads_nothing(agent, client):
    client.force_login(agent)
    url = client.post("/agenda/abonnement/nouveau/", {"name": ""}).context["url"]
    agent.is_active = False
    agent.save()
    client.logout()
    assert client.get(url.replace("http://testserver", "")).status_code == 404


def test_reminder_time_defaults_to_nine_the_day_before(organiser):
    from social.events.notifications import reminder_due_at

    event = make_event(organiser, "Conseil", starts=paris(2027, 3, 29, 18))
    assert event.reminder_time == time(9, 0)
    assert reminder_due_at(event, event.starts_at) == paris(2027, 3, 28, 9)


def test_moving_the_whole_series_drops_the_old_exceptions(organiser):
    from social.events.services import event_update

    from .conftest import data

    event = make_event(
        organiser, "Pause café", starts=paris(2027, 1, 8, 10), rrule="FREQ=WEEKLY;COUNT=3"
    )
    occurrence_change(user=organiser, event=event, original_start=paris(2027, 1, 15, 10))
    event_update(
        user=organiser,
        event=event,
        data=data("Pause café", paris(2027, 1, 8, 11), rrule="FREQ=WEEKLY;COUNT=3"),
    )
    hours = [o.starts_at.astimezone(PARIS).hour for o in event.occurrences.all()]
    assert hours == [11, 11, 11]
    assert not event.changes.exists()


def test_the_subscription_follows_each_change_of_its_events(organiser, agent, client):
    from social.events.services import event_update

    from .conftest import data, ical_titles

    event = make_event(organiser, "Atelier budget", registration="rsvp")
    registration_respond(user=agent, event=event, response="yes")
    client.force_login(agent)
    url = client.post("/agenda/abonnement/nouveau/", {"name": ""}).context["url"]
    path = url.replace("http://testserver", "")
    assert ical_titles(client.get(path)) == ["Atelier budget"]
    assert ical_titles(client.get(path)) == ["Atelier budget"]  # from the cache
    event_update(
        user=organiser,
        event=event,
        data=data("Atelier budget participatif", event.starts_at, registration="rsvp"),
    )
    assert ical_titles(client.get(path)) == ["Atelier budget participatif"]


def test_an_unchanged_subscription_answers_304_to_its_etag(organiser, agent, client):
    event = make_event(organiser, "Atelier budget", registration="rsvp")
    registration_respond(user=agent, event=event, response="yes")
    client.force_login(agent)
    path = client.post("/agenda/abonnement/nouveau/", {"name": ""}).context["url"]
    path = path.replace("http://testserver", "")
    first = client.get(path)
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    event_cancel(user=organiser, event=event)
    changed = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
