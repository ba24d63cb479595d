"""Agenda figures for `make bench` (issue 23).

`prepare`: 5,000 events over a year around today (300 of them weekly, each expanded by
recurring-ical-events), spread over the audiences, the services and the demo's groups (some the
agent's); the agent answered 150 of them and holds a calendar subscription. The month view and
that subscription are then measured like the other pages.

`registration_race`: 50 colleagues, each with their own session, answer « Je participe » at the
same moment to an event with 10 seats left, five times over: the latency of those requests and
the outcome (exactly 10 confirmed, 40 waiting, each time).
"""

import json
import threading
import time
import urllib.error
import urllib.request

from discussion import run_code

EVENTS = 5_000
RECURRING = 300
RACERS = 50
SEATS = 10
ROUNDS = 5

CODE = f"""
import json, random, django
django.setup()
from datetime import datetime, time, timedelta
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from social.events import ical
from social.events.models import CalendarToken, Event, Occurrence, Registration
from social.events.occurrences import occurrences_rebuild
from social.groups.models import Group
from social.people.models import Service

User = get_user_model()
agent = User.objects.get(email="agent@val-de-parvis.fr")
rng = random.Random(23)
if not Event.objects.filter(title__startswith="Bench agenda").exists():
    services = list(Service.objects.values_list("pk", flat=True))
    groups = list(Group.objects.all())
    author = User.objects.filter(is_superuser=False).exclude(pk=agent.pk).first()
    today = timezone.localdate()
    events = []
    for n in range({EVENTS}):
        day = today + timedelta(days=rng.randint(-180, 180))
        start = datetime.combine(day, time(rng.randint(8, 18), rng.choice((0, 30))),
                                 tzinfo=ical.PARIS)
        kind = n % 10
        group = groups[n % len(groups)] if kind in (0, 1) and groups else None
        audience = ("all", "agents", "elus", "services")[n % 4] if group is None else "all"
        events.append(Event(
            title=f"Bench agenda {{n}}", description="Réunion de travail " * 5,
            starts_at=start, ends_at=start + timedelta(minutes=rng.choice((30, 60, 90, 120))),
            rrule="FREQ=WEEKLY;COUNT=52" if n < {RECURRING} else "",
            group=group, audience=audience, service_id=rng.choice(services),
            registration="rsvp" if n % 3 == 0 else "none", created_by=author,
        ))
    Event.objects.bulk_create(events, batch_size=1000)
    created = list(Event.objects.filter(title__startswith="Bench agenda").order_by("pk"))
    through = Event.audience_services.through
    through.objects.bulk_create(
        [through(event_id=e.pk, service_id=rng.choice(services))
         for e in created if e.audience == "services"])
    singles = [e for e in created if not e.rrule]
    Occurrence.objects.bulk_create(
        [Occurrence(event=e, starts_at=e.starts_at, ends_at=e.ends_at, original_start=e.starts_at)
         for e in singles], batch_size=2000)
    for e in created:
        if e.rrule:
            occurrences_rebuild(e)
    visible = [e for e in created if e.registration == "rsvp" and e.audience in ("all", "agents")]
    Registration.objects.bulk_create(
        [Registration(event=e, user=agent, response="yes") for e in visible[:150]],
        ignore_conflicts=True)
    for table in ("events_event", "events_occurrence", "events_registration"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + table)
CalendarToken.objects.filter(user=agent, name="Bench").delete()
_token, secret = CalendarToken.objects.create_for(user=agent, name="Bench")
today = timezone.localdate()
import os
from django.test import Client
host = "127.0.0.1:" + os.environ.get("BENCH_PORT", "8899")  # as wrk will ask: the same ETag
feed = Client(HTTP_HOST=host).get(f"/agenda/abonnement/{{secret}}/agenda.ics")
print(json.dumps({{
    "month": f"/agenda/mois/{{today.year}}/{{today.month}}/",
    "subscription": f"/agenda/abonnement/{{secret}}/agenda.ics",
    "etag": feed["ETag"],
    "events": Event.objects.count(),
    "occurrences": Occurrence.objects.count(),
}}))
"""

RACE_CODE = f"""
import json, django
django.setup()
from datetime import timedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from social.events.models import Event, Registration
from social.events.services import EventData, event_create, registration_respond

User = get_user_model()
people = list(User.objects.filter(is_active=True, is_superuser=False, role="agent")
              .order_by("-pk")[:{RACERS} + 5])
organiser = User.objects.get(email="communication@val-de-parvis.fr")
events, cookies = [], []
for person in people[:{RACERS}]:
    client = Client()
    client.force_login(person)
    cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
for round_ in range({ROUNDS}):
    start = timezone.now() + timedelta(days=10 + round_)
    event = event_create(user=organiser, data=EventData(
        title=f"Bench course aux places {{round_}}", starts_at=start,
        ends_at=start + timedelta(hours=1), registration="rsvp", capacity={SEATS} + 5))
    for person in people[{RACERS}:]:  # five seats already taken: the last ten are raced for
        registration_respond(user=person, event=event, response="yes")
    events.append(event.pk)
print(json.dumps({{"events": events, "sessions": cookies,
                  "cookie": settings.SESSION_COOKIE_NAME}}))
"""

COUNT_CODE = """
import json, django
django.setup()
from social.events.models import Registration
ids = {ids!r}
print(json.dumps([
    [Registration.objects.filter(event_id=pk, response="yes", waiting=False).count(),
     Registration.objects.filter(event_id=pk, waiting=True).count()] for pk in ids]))
"""

CSRF = "b" * 32  # a CSRF secret of our own, sent as cookie and header (Django's double submit)


def prepare(env: dict) -> dict:
    return run_code(CODE, env)


def registration_race(base: str, env: dict) -> dict:
    setup = run_code(RACE_CODE, env)
    latencies = []
    errors = 0
    for event_id in setup["events"]:
        barrier = threading.Barrier(len(setup["sessions"]))

        def answer(session: str, event_id: int = event_id, barrier=barrier) -> None:
            nonlocal errors
            request = urllib.request.Request(
                f"{base}/agenda/evenements/{event_id}/repondre/",
                data=b"response=yes",
                headers={
                    "Cookie": f"{setup['cookie']}={session}; csrftoken={CSRF}",
                    "X-CSRFToken": CSRF,
                    "HX-Request": "true",
                    "Referer": base + "/",
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            barrier.wait(timeout=30)
            began = time.perf_counter()
            try:
                urllib.request.urlopen(request, timeout=30).read()
            except urllib.error.URLError:
                errors += 1
            latencies.append((time.perf_counter() - began) * 1000)

        threads = [threading.Thread(target=answer, args=(s,)) for s in setup["sessions"]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    outcomes = run_code(COUNT_CODE.format(ids=setup["events"]), env)
    latencies.sort()
    return {
        "clients": len(setup["sessions"]),
        "rounds": len(setup["events"]),
        "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "max_ms": round(latencies[-1], 1),
        "errors": errors,
        # Each round: [confirmed, waiting]; 5 seats were taken before the race.
        "outcomes": outcomes,
        "exact": all(confirmed == 15 and waiting == 40 for confirmed, waiting in outcomes),
    }


if __name__ == "__main__":
    print(json.dumps({"module": "agenda"}))
