"""A restricted section is invisible everywhere to those outside its groups."""

import pytest

pytestmark = pytest.mark.django_db

SECRET = "Plan social confidentiel"
SECTION = "Direction générale"


def test_a_restricted_article_is_not_found_by_outsiders(login, kb, agent):
    assert login(agent).get(kb["secret"].url).status_code == 404
    assert login(agent).get(kb["secret_section"].url).status_code == 404


def test_a_restricted_article_is_absent_from_every_list(login, kb, agent):
    client = login(agent)
    for page in ("hr_page", "housing_page", "index"):
        html = client.get(kb[page].url).content.decode()
        assert SECRET not in html, page
        assert f">{SECTION}<" not in html, page


def test_a_restricted_article_is_not_offered_as_related(login, kb, agent):
    leave = kb["leave"]
    leave.related_articles.add(kb["secret"])
    leave.save_revision().publish()
    assert SECRET not in login(agent).get(leave.url).content.decode()


def test_feedback_on_a_restricted_article_is_refused(login, kb, agent):
    response = login(agent).post(f"/base/articles/{kb['secret'].pk}/avis/", {"useful": "oui"})
    assert response.status_code == 404


def test_members_of_the_group_see_the_restricted_section(login, kb, agent):
    agent.groups.add(kb["management"])
    client = login(agent)
    assert client.get(kb["secret"].url).status_code == 200
    assert SECRET in client.get(kb["housing_page"].url).content.decode()
    assert SECTION in client.get(kb["hr_page"].url).content.decode()


def test_leaving_the_group_hides_the_section_at_once(login, kb, agent):
    agent.groups.add(kb["management"])
    client = login(agent)
    assert client.get(kb["secret"].url).status_code == 200
    agent.groups.remove(kb["management"])
    assert client.get(kb["secret"].url).status_code == 404


def test_restricting_a_section_hides_it_at_once(login, kb, agent):
    from wagtail.models import PageViewRestriction

    client = login(agent)
    assert "Poser des congés" in client.get(kb["housing_page"].url).content.decode()
    restriction = PageViewRestriction.objects.create(
        page=kb["careers"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(kb["management"])
    assert "Poser des congés" not in client.get(kb["housing_page"].url).content.decode()
    assert client.get(kb["leave"].url).status_code == 404
