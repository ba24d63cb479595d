"""The org chart and the phone list: one tree from the Service model, heads and counts, cost
flat as services grow; a service page shows its people, its head first."""

import pytest

from social.people.models import Service
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_chart_nests_services_with_their_head_deputy_and_people(
    login, agent, direction, hr, camille
):
    payroll = ServiceFactory(name="Paie des agents", slug="paie-agents", parent=hr)
    UserFactory(first_name="Paul", last_name="Paie", service=payroll)
    hr.head = camille
    hr.deputy = UserFactory(first_name="Dina", last_name="Adjointe", service=hr)
    hr.save()
    page = login(agent).get("/organigramme/").content.decode()
    # Nested lists: the direction holds HR, which holds payroll
    direction_at = page.index('id="service-drh"')
    hr_at = page.index('id="service-rh"')
    payroll_at = page.index('id="service-paie-agents"')
    assert direction_at < hr_at < payroll_at
    assert page.count('<ul class="org-tree"') >= 3
    assert "/annuaire/camille-duval/" in page and "/annuaire/dina-adjointe/" in page
    assert "3 personnes" in page  # HR: Camille, Dina, and Paul in payroll below


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # what the data changed is cached again (sites and settings: twice)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_chart_costs_the_same_at_any_size(login, agent):
    client = login(agent)

    def services(count, start):
        parent = None
        for number in range(start, start + count):
            parent = Service.objects.create(
                name=f"S{number}", slug=f"s{number}", parent=parent if number % 3 else None
            )
            parent.head = UserFactory(service=parent)
            parent.save()

    services(3, 0)
    small = _queries(client, "/organigramme/")
    services(30, 3)
    assert 0 < _queries(client, "/organigramme/") == small <= 10


def test_the_phone_list_groups_people_by_service_and_prints(login, agent, camille):
    page = login(agent).get("/annuaire/telephones/").content.decode()
    assert "Ressources humaines" in page and "DUVAL Camille" in page and "01 23 45 67 89" in page
    assert "data-print" in page


def test_a_service_page_shows_its_people_head_first(login, agent, kb, finances):
    head = UserFactory(first_name="Zoé", last_name="Zola", service=finances, job_title="Cheffe")
    UserFactory(first_name="Alain", last_name="Abel", service=finances)
    finances.head = head
    finances.save()
    page = login(agent).get(kb["finances_page"].url).content.decode()
    team = page[page.index('id="service-people"') :]
    assert team.index("Zoé Zola") < team.index("Alain Abel")
    assert "/annuaire/?service=finances" in team


def test_the_phone_list_costs_the_same_at_any_size(login, agent, hr, town_hall):
    """Each person's site and manager come with them (they are shown when visible)."""
    client = login(agent)
    boss = UserFactory(service=hr, site=town_hall)
    for _ in range(3):
        UserFactory(service=hr, site=town_hall, manager=boss)
    small = _queries(client, "/annuaire/telephones/")
    for _ in range(30):
        UserFactory(service=hr, site=town_hall, manager=boss)
    assert _queries(client, "/annuaire/telephones/") == small
