"""People and services are managed in Wagtail's admin, by administrators only."""

import pytest

from social.people.models import User

pytestmark = pytest.mark.django_db


def test_an_administrator_creates_a_person_with_service_and_role(login, superuser, finances):
    client = login(superuser)
    response = client.get("/admin/users/new/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="service"' in html and 'name="role"' in html
    response = client.post(
        "/admin/users/new/",
        {
            "email": "nouvelle.elue@exemple.fr",
            "first_name": "Nadia",
            "last_name": "Benali",
            "password1": "Un-Secret-Solide-42",
            "password2": "Un-Secret-Solide-42",
            "service": finances.pk,
            "role": "elu",
            "job_title": "Adjointe aux finances",
            "phone": "",
            "office": "",
            "is_superuser": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    person = User.objects.get(email="nouvelle.elue@exemple.fr")
    assert person.role == User.Role.ELU and person.service == finances
    assert person.job_title == "Adjointe aux finances"


def test_an_administrator_changes_a_persons_service(login, superuser, agent, direction):
    client = login(superuser)
    response = client.get(f"/admin/users/edit/{agent.pk}/")
    assert response.status_code == 200
    data = {
        "email": agent.email,
        "first_name": agent.first_name,
        "last_name": agent.last_name,
        "service": direction.pk,
        "role": "agent",
        "job_title": "",
        "phone": "",
        "office": "",
        "is_active": "on",
        "password1": "",
        "password2": "",
    }
    response = client.post(f"/admin/users/edit/{agent.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    agent.refresh_from_db()
    assert agent.service == direction


@pytest.mark.parametrize(
    "url",
    [
        "/admin/users/",
        "/admin/users/new/",
        "/admin/snippets/people/service/",
        "/admin/snippets/people/service/add/",
        "/admin/snippets/knowledge/theme/add/",
    ],
)
def test_agents_and_communication_officers_cannot_manage_people(
    login, agent, communication_officer, url
):
    assert login(agent).get(url).status_code in (302, 403)
    response = login(communication_officer).get(url)
    assert response.status_code in (302, 403)


def test_the_administration_link_shows_to_those_who_may_open_the_admin(
    login, home, agent, communication_officer
):
    assert 'href="/admin/"' not in login(agent).get("/").content.decode()
    assert 'href="/admin/"' in login(communication_officer).get("/").content.decode()
