"""Who must not see an event does not, anywhere: the month, the week, the list, « Mes
événements », the homepage and group blocks, search, the `.ics`, the image, the personal
subscription, the answer form and its htmx fragment, the organisers' pages. Written from the
refused side: a secret group's event, the élus' event and a service's event against an agent
outside them."""

import pytest

from knowledge.search.query import search_everything
from social.events.models import Registration
from social.events.services import registration_respond

from .conftest import ical_titles, make_event, soon

pytestmark = pytest.mark.django_db

HIDDEN = (
    "Exercice de crise confidentiel",
    "Préparation du conseil municipal",
    "Point paie de la DRH",
)


@pytest.fixture
def hidden(secret_event, elus_event, service_event, committed):
    return [secret_event, elus_event, service_event]


def views_of(client, event):
    day = event.starts_at.astimezone(soon().tzinfo)
    return [
        f"/agenda/mois/{day.year}/{day.month}/",
        f"/agenda/semaine/{day.year}/{day.month}/{day.day}/",
        "/agenda/a-venir/",
        "/agenda/mes-evenements/",
        "/",
    ]


def test_hidden_events_appear_in_no_view_of_an_outsider(client, outsider, hidden, public_event):
    client.force_login(outsider)
    for url in views_of(client, public_event):
        html = client.get(url).content.decode()
        for title in HIDDEN:
            assert title not in html, (url, title)
    month = client.get(views_of(client, public_event)[0]).content.decode()
    assert "Forum des associations" in month


def test_hidden_events_are_404_in_every_route_of_an_outsider(client, outsider, hidden):
    client.force_login(outsider)
    for event in hidden:
        for suffix in (
            "",
            "evenement.ics",
            "image/",
            "participants/",
            "participants.csv",
            "modifier/",
            "annuler/",
            "visio/",
        ):
            response = client.get(f"/agenda/evenements/{event.pk}/{suffix}")
            assert response.status_code == 404, (event.title, suffix)
        answer = client.post(f"/agenda/evenements/{event.pk}/repondre/", {"response": "yes"})
        assert answer.status_code == 404
        fragment = client.post(
            f"/agenda/evenements/{event.pk}/repondre/", {"response": "yes"}, HTTP_HX_REQUEST="true"
        )
        assert fragment.status_code == 404
        assert not Registration.objects.filter(event=event, user=outsider).exists()


def test_registering_to_an_unseen_event_is_refused_by_the_service(outsider, secret_event):
    from django.core.exceptions import PermissionDenied

    secret_event.registration = "rsvp"
    secret_event.save()
    with pytest.raises(PermissionDenied):
        registration_respond(user=outsider, event=secret_event, response="yes")


def test_those_inside_see_them(client, member, elu, payroll_agent, hidden):
    secret_event, elus_event, service_event = hidden
    for person, event in (
        (member, secret_event),
        (elu, elus_event),
        (payroll_agent, service_event),
    ):
        client.force_login(person)
        assert client.get(f"/agenda/evenements/{event.pk}/").status_code == 200
        assert event.title in client.get("/agenda/a-venir/").content.decode()


def test_hidden_events_are_not_found_by_search(
    django_capture_on_commit_callbacks, outsider, member, organiser, secret_group, colleague
):
    with django_capture_on_commit_callbacks(execute=True):
        make_event(colleague, "Exercice Zorglubien", group=secret_group)
        make_event(organiser, "Séminaire Zorglubien des élus", audience="elus")
    assert search_everything(outsider, "Zorglubien").hits == []
    found = [hit.title for hit in search_everything(member, "Zorglubien").hits]
    assert found == ["Exercice Zorglubien"]


def test_leaving_the_group_hides_its_events_from_the_subscription(
    client, member, secret_group, secret_event
):
    from social.groups.services import group_leave

    client.force_login(member)
    url = client.post("/agenda/abonnement/nouveau/", {"name": ""}).context["url"]
    path = url.replace("http://testserver", "")
    assert ical_titles(client.get(path)) == ["Exercice de crise confidentiel"]
    group_leave(group=secret_group, user=member)
    assert ical_titles(client.get(path)) == []


def test_the_filters_do_not_reveal_a_group_one_does_not_read(
    client, outsider, secret_group, secret_event
):
    client.force_login(outsider)
    html = client.get(f"/agenda/a-venir/?groupe={secret_group.pk}").content.decode()
    assert "Cellule de crise" not in html
    assert "Exercice de crise" not in html


def test_an_agent_may_not_see_the_participants_of_an_event_he_attends(client, organiser, agent):
    event = make_event(organiser, "Formation", registration="rsvp")
    registration_respond(user=agent, event=event, response="yes")
    client.force_login(agent)
    assert client.get(f"/agenda/evenements/{event.pk}/participants/").status_code == 404
    assert client.get(f"/agenda/evenements/{event.pk}/participants.csv").status_code == 404
    assert (
        client.post(
            f"/agenda/evenements/{event.pk}/participants/message/", {"body": "x"}
        ).status_code
        == 404
    )


def test_creating_in_a_group_one_may_not_post_in_is_refused(client, outsider, secret_group):
    client.force_login(outsider)
    assert client.get(f"/agenda/nouveau/?groupe={secret_group.pk}").status_code == 404


def test_an_agent_without_groups_may_not_publish_to_an_audience(client, outsider):
    client.force_login(outsider)
    assert client.get("/agenda/nouveau/").status_code == 403


def test_the_secret_groups_block_is_not_on_its_page_for_outsiders(
    client, outsider, secret_group, secret_event
):
    client.force_login(outsider)
    assert client.get(secret_group.get_absolute_url()).status_code == 404
