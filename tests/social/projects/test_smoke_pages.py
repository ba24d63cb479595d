import pytest

from .conftest import add_task

pytestmark = pytest.mark.django_db


def test_every_page_renders_for_a_member(project, member, login):
    task = add_task(project, member, "Commander les cartons", assignees=[member])
    http = login(member)
    for url in (
        f"/groupes/{project.group.slug}/projets/",
        f"/groupes/{project.group.slug}/projets/nouveau/",
        project.get_absolute_url(),
        f"/projets/{project.pk}/liste/",
        f"/projets/{project.pk}/calendrier/",
        f"/projets/{project.pk}/taches/nouvelle/",
        task.get_absolute_url(),
        f"/taches/{task.pk}/modifier/",
        "/mes-taches/",
        "/",
    ):
        response = http.get(url)
        assert response.status_code == 200, (url, response.status_code)
