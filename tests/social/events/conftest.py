"""Events of every kind (an audience's, a service's, a secret group's, a recurring one) and
people on both sides of each."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from social.events.models import Event
from social.events.services import EventData, event_create
from social.groups.models import Visibility

# The colleague (tests/social/conftest.py), the member and the outsider of the groups' tests.
from tests.social.groups.conftest import make_group, member, outsider  # noqa: F401

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def soon(days: int = 3, hour: int = 10) -> datetime:
    """A day a few days ahead, at `hour` Paris time."""
    day = (datetime.now(PARIS) + timedelta(days=days)).date()
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def data(title: str, starts: datetime | None = None, **fields) -> EventData:
    starts = starts or soon()
    fields.setdefault("ends_at", starts + timedelta(hours=1))
    return EventData(title=title, starts_at=starts, **fields)


def make_event(user, title: str = "Réunion de service", *, group=None, **fields) -> Event:
    return event_create(user=user, data=data(title, **fields), group=group)


@pytest.fixture
def organiser(communication_officer):
    """Publishes events to an audience (the communication officers' right)."""
    return communication_officer


@pytest.fixture
def secret_group(colleague, member):  # noqa: F811 (the imported fixture)
    return make_group(colleague, Visibility.SECRET, "Cellule de crise", members=[member])


@pytest.fixture
def secret_event(secret_group, colleague):
    return make_event(colleague, "Exercice de crise confidentiel", group=secret_group)


@pytest.fixture
def elus_event(organiser):
    return make_event(organiser, "Préparation du conseil municipal", audience="elus")


@pytest.fixture
def service_event(organiser, direction):
    return make_event(
        organiser,
        "Point paie de la DRH",
        audience="services",
        audience_service_ids=(direction.pk,),
    )


@pytest.fixture
def public_event(organiser):
    return make_event(organiser, "Forum des associations", capacity=None)


def ical_titles(response) -> list[str]:
    import icalendar

    assert response.status_code == 200
    cal = icalendar.Calendar.from_ical(response.content)
    return [str(vevent["SUMMARY"]) for vevent in cal.walk("VEVENT")]
