"""The agenda's pages as people use them: the month, the week and the list (whole, or the view
alone for htmx), an event made from the form, answered, exported, and the homepage and group
blocks; SQL queries bounded whatever the number of events."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from social.events.models import Event, Registration
from social.events.services import registration_respond

from .conftest import make_event, soon

pytestmark = pytest.mark.django_db


def test_the_month_lists_each_event_as_a_link_in_its_day(client, agent, public_event):
    client.force_login(agent)
    day = public_event.starts_at.astimezone(soon().tzinfo)
    html = client.get(f"/agenda/mois/{day.year}/{day.month}/").content.decode()
    assert '<table class="agenda-month"' in html
    assert f'href="/agenda/evenements/{public_event.pk}/"' in html
    assert "Forum des associations" in html


def test_htmx_gets_the_view_alone(client, agent, public_event):
    client.force_login(agent)
    day = public_event.starts_at.astimezone(soon().tzinfo)
    response = client.get(f"/agenda/mois/{day.year}/{day.month}/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="agenda-view"')
    assert "<header" not in html
    assert "HX-Request" in response["Vary"]


def test_a_month_out_of_range_is_404(client, agent):
    client.force_login(agent)
    assert client.get("/agenda/mois/2026/13/").status_code == 404
    assert client.get("/agenda/mois/1200/1/").status_code == 404
    assert client.get("/agenda/semaine/2026/2/30/").status_code == 404


def test_the_category_filter_keeps_its_events(client, agent, organiser):
    from social.events.models import EventCategory

    training = EventCategory.objects.get(slug="formation")
    make_event(organiser, "Formation gestes qui sauvent", category_id=training.pk)
    make_event(organiser, "Apéro de fin d'année")
    client.force_login(agent)
    html = client.get("/agenda/a-venir/?categorie=formation").content.decode()
    assert "Formation gestes qui sauvent" in html
    assert "Apéro de fin" not in html


def test_my_events_lists_what_i_answered_and_organise(client, agent, organiser):
    event = make_event(organiser, "Atelier tri des déchets", registration="rsvp")
    registration_respond(user=agent, event=event, response="maybe")
    client.force_login(agent)
    html = client.get("/agenda/mes-evenements/").content.decode()
    assert "Atelier tri des déchets" in html
    assert "Peut-être" in html
    client.force_login(organiser)
    assert "Atelier tri des déchets" in client.get("/agenda/mes-evenements/").content.decode()


def test_an_organiser_publishes_from_the_form(client, organiser):
    client.force_login(organiser)
    day = soon(10).date()
    response = client.post(
        "/agenda/nouveau/",
        {
            "title": "Formation premiers secours",
            "description": "Avec les **pompiers** de la caserne.",
            "start_date": day.isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
            "place": "Salle du conseil",
            "audience": "agents",
            "registration": "rsvp",
            "capacity": "12",
            "questions": "Régime alimentaire\nTaille de t-shirt",
            "reminder_days_before": "1",
            "reminder_time": "09:00",
        },
    )
    event = Event.objects.get(title="Formation premiers secours")
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url()
    assert event.audience == "agents"
    assert event.capacity == 12
    assert event.questions == ["Régime alimentaire", "Taille de t-shirt"]
    assert "<strong>pompiers</strong>" in event.description_html
    assert event.occurrences.count() == 1
    assert organiser in event.organisers.all()


def test_a_group_member_proposes_an_event_in_the_group(client, member, secret_group):
    client.force_login(member)
    day = soon(5).date()
    page = client.get(f"/agenda/nouveau/?groupe={secret_group.pk}")
    assert page.status_code == 200
    assert 'name="audience"' not in page.content.decode()
    client.post(
        "/agenda/nouveau/",
        {
            "groupe": secret_group.pk,
            "title": "Pause café de la cellule",
            "start_date": day.isoformat(),
            "start_time": "10:00",
            "registration": "none",
            "reminder_time": "09:00",
            "repeat": "weekly",
            "repeat_count": "4",
        },
    )
    event = Event.objects.get(title="Pause café de la cellule")
    assert event.group == secret_group
    assert event.occurrences.count() == 4


def test_a_refused_form_says_why_and_keeps_what_was_typed(client, organiser):
    client.force_login(organiser)
    response = client.post(
        "/agenda/nouveau/",
        {
            "title": "Sans heure",
            "start_date": soon().date().isoformat(),
            "audience": "all",
            "registration": "none",
            "reminder_time": "09:00",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indiquez l" in html
    assert 'value="Sans heure"' in html
    assert not Event.objects.filter(title="Sans heure").exists()


def test_a_file_that_is_not_a_picture_is_refused(client, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(organiser)
    response = client.post(
        "/agenda/nouveau/",
        {
            "title": "Avec une fausse image",
            "start_date": soon().date().isoformat(),
            "start_time": "10:00",
            "audience": "all",
            "registration": "none",
            "reminder_time": "09:00",
            "image": SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", "image/png"),
        },
    )
    assert response.status_code == 200
    assert "PNG, JPEG ou WebP" in response.content.decode()
    assert not Event.objects.filter(title="Avec une fausse image").exists()


def test_answering_with_htmx_redraws_the_answer(client, agent, organiser):
    event = make_event(organiser, "Visite de la médiathèque", registration="rsvp", capacity=1)
    client.force_login(agent)
    response = client.post(
        f"/agenda/evenements/{event.pk}/repondre/", {"response": "yes"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="event-answer"')
    assert "Je participe" in html
    assert Registration.objects.get(event=event, user=agent).is_confirmed


def test_the_participants_export_is_a_csv_without_formulas(client, organiser, agent):
    event = make_event(organiser, "Repas", registration="rsvp", questions=("Régime",))
    registration_respond(user=agent, event=event, response="yes", answers={"0": "=HYPERLINK()"})
    client.force_login(organiser)
    response = client.get(f"/agenda/evenements/{event.pk}/participants.csv")
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Régime" in text.splitlines()[0]
    assert "'=HYPERLINK()" in text


def test_the_organiser_writes_to_the_participants(client, organiser, agent, committed):
    from social.notifications.models import Notification

    event = make_event(organiser, "Repas", registration="rsvp")
    registration_respond(user=agent, event=event, response="yes")
    client.force_login(organiser)
    with committed():
        client.post(
            f"/agenda/evenements/{event.pk}/participants/message/",
            {"body": "N'oubliez pas vos couverts"},
        )
    told = Notification.objects.get(recipient=agent, detail="message")
    assert told.excerpt == "N'oubliez pas vos couverts"


def test_the_homepage_shows_the_next_events(client, agent, public_event):
    client.force_login(agent)
    html = client.get("/").content.decode()
    assert "Prochains événements" in html
    assert "Forum des associations" in html


def test_the_month_costs_the_same_queries_for_many_events(
    client, agent, organiser, django_assert_max_num_queries
):
    client.force_login(agent)
    day = soon(1)
    make_event(organiser, "Un", starts=day)
    client.get(f"/agenda/mois/{day.year}/{day.month}/")  # warm the per-user caches

    def count() -> int:
        from django.core.cache import caches
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        caches["fragments"].clear()  # the month computed, not read from its cache
        client.get("/")  # the per-user values read again
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/agenda/mois/{day.year}/{day.month}/").status_code == 200
        return len(queries)

    few = count()
    for index in range(30):
        make_event(organiser, f"Événement {index}", starts=day + timedelta(hours=index % 8))
    make_event(organiser, "Pause", starts=day, rrule="FREQ=DAILY;COUNT=40")
    assert count() <= few


def test_co_organisers_named_by_handle_manage_the_event(client, organiser, colleague):
    client.force_login(organiser)
    client.post(
        "/agenda/nouveau/",
        {
            "title": "Forum de l'emploi",
            "start_date": soon(6).date().isoformat(),
            "start_time": "14:00",
            "audience": "all",
            "registration": "rsvp",
            "reminder_time": "09:00",
            "co_organisers": "@marie.dupont",
        },
    )
    event = Event.objects.get(title="Forum de l'emploi")
    assert set(event.organisers.all()) == {organiser, colleague}
    client.force_login(colleague)
    assert client.get(f"/agenda/evenements/{event.pk}/participants/").status_code == 200
    edit = client.get(f"/agenda/evenements/{event.pk}/modifier/").content.decode()
    assert 'value="@marie.dupont"' in edit


def test_an_unknown_co_organiser_is_said(client, organiser):
    client.force_login(organiser)
    response = client.post(
        "/agenda/nouveau/",
        {
            "title": "Forum",
            "start_date": soon(6).date().isoformat(),
            "start_time": "14:00",
            "audience": "all",
            "registration": "none",
            "reminder_time": "09:00",
            "co_organisers": "@personne.inconnue",
        },
    )
    assert "@personne.inconnue" in response.content.decode()
    assert not Event.objects.filter(title="Forum").exists()


def test_the_service_page_shows_its_next_events(client, agent, organiser, kb, finances):
    make_event(organiser, "Clôture budgétaire", service_id=finances.pk)
    make_event(organiser, "Conseil des élus des finances", service_id=finances.pk, audience="elus")
    client.force_login(agent)
    html = client.get(kb["finances_page"].url).content.decode()
    assert "Clôture budgétaire" in html
    assert "Conseil des élus" not in html


def test_the_events_visio_room_lets_its_readers_in_under_their_name(
    client, settings, agent, organiser, outsider, secret_event
):
    import jwt

    settings.VISIO_PROVIDER = "jitsi"
    settings.VISIO_URL = "https://visio.val-de-parvis.fr"
    settings.VISIO_APP_ID = "parvis"
    settings.VISIO_SECRET = "s" * 48
    from social.events.services import event_create

    from .conftest import data

    event = event_create(user=organiser, data=data("Réunion en visio"), with_visio=True)
    assert event.visio["provider"] == "jitsi"
    client.force_login(agent)
    response = client.get(f"/agenda/evenements/{event.pk}/visio/")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://visio.val-de-parvis.fr/" + event.visio["room"])
    token = dict(parse_qsl(urlsplit(location).query))["jwt"]
    claims = jwt.decode(token, "s" * 48, algorithms=["HS256"], audience="jitsi")
    assert claims["context"]["user"]["name"] == agent.get_full_name()
    assert claims["moderator"] is False
    client.force_login(outsider)
    assert client.get(f"/agenda/evenements/{secret_event.pk}/visio/").status_code == 404


def test_a_refused_answer_is_said_in_the_htmx_fragment(client, agent, organiser):
    event = make_event(organiser, "Visite", registration="rsvp", registration_deadline=soon(-2))
    client.force_login(agent)
    response = client.post(
        f"/agenda/evenements/{event.pk}/repondre/", {"response": "yes"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps only successful answers
    assert 'role="alert"' in html
    assert "date limite" in html
    assert not Registration.objects.filter(event=event, user=agent).exists()


def test_the_waiting_list_is_said_in_the_htmx_fragment(client, agent, colleague, organiser):
    event = make_event(organiser, "Visite", registration="rsvp", capacity=1)
    registration_respond(user=colleague, event=event, response="yes")
    client.force_login(agent)
    html = client.post(
        f"/agenda/evenements/{event.pk}/repondre/", {"response": "yes"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "vous êtes sur la liste" in html


def test_the_cached_month_follows_a_new_event_and_never_crosses_audiences(
    client, agent, elu, organiser
):
    day = soon(2)
    client.force_login(agent)
    url = f"/agenda/mois/{day.year}/{day.month}/"
    assert "Réunion tardive" not in client.get(url).content.decode()
    make_event(organiser, "Réunion tardive", starts=day)
    make_event(organiser, "Séance des élus seulement", starts=day, audience="elus")
    html = client.get(url).content.decode()
    assert "Réunion tardive" in html  # the new event, at once
    assert "Séance des élus seulement" not in html
    client.force_login(elu)
    assert "Séance des élus seulement" in client.get(url).content.decode()
    client.force_login(agent)
    assert "Séance des élus seulement" not in client.get(url).content.decode()


def test_my_events_filter_follows_my_answers(client, agent, organiser):
    day = soon(2)
    event = make_event(organiser, "Atelier compost", starts=day, registration="rsvp")
    client.force_login(agent)
    url = f"/agenda/mois/{day.year}/{day.month}/?mes=1"
    assert "Atelier compost" not in client.get(url).content.decode()
    registration_respond(user=agent, event=event, response="yes")
    assert "Atelier compost" in client.get(url).content.decode()


def test_a_capacity_above_the_rooms_is_refused(client, organiser):
    from social.events.models import Room

    room = Room.objects.create(name="Salle des mariages", capacity=40)
    client.force_login(organiser)
    response = client.post(
        "/agenda/nouveau/",
        {
            "title": "Vœux du maire",
            "start_date": soon(9).date().isoformat(),
            "start_time": "18:00",
            "audience": "all",
            "registration": "rsvp",
            "capacity": "120",
            "room": room.pk,
            "reminder_time": "09:00",
        },
    )
    assert "compte 40 places" in response.content.decode()
    assert not Event.objects.filter(title="Vœux du maire").exists()
