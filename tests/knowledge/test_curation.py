"""Department heads own their service's pages and nothing else; curators their theme page."""

from datetime import date

from django.contrib.auth.models import Group
from django.core import mail

from wagtail.models import Page, Workflow

import pytest

from knowledge.curation import curation_ensure_all
from knowledge.models import ArticlePage
from knowledge.services import articles_review_due_mark
from knowledge.tasks import mark_articles_due_for_review
from tests.factories import UserFactory
from tests.knowledge.conftest import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def curated(kb, finances, direction):
    finances.head = UserFactory(email="chef.finances@exemple.fr")
    finances.save()
    direction.head = UserFactory(email="drh@exemple.fr")
    direction.save()
    curation_ensure_all()
    return kb


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def test_setup_is_idempotent(curated):
    groups = Group.objects.count()
    workflows = Workflow.objects.count()
    curation_ensure_all()
    assert Group.objects.count() == groups and Workflow.objects.count() == workflows


def test_a_head_of_service_edits_their_own_service_pages(login, curated, finances):
    client = login(finances.head)
    assert client.get(edit_url(curated["budget"])).status_code == 200
    assert client.get(edit_url(curated["finances_page"])).status_code == 200


def test_a_head_of_service_cannot_edit_another_services_pages(login, curated, finances):
    client = login(finances.head)
    for page in ("leave", "hr_page", "careers", "housing_page", "index"):
        response = client.get(edit_url(curated[page]))
        assert response.status_code in (302, 403), page
    add_url = f"/admin/pages/add/knowledge/articlepage/{curated['hr_page'].pk}/"
    assert client.get(add_url).status_code in (302, 403)
    response = client.post(
        edit_url(curated["leave"]), {"title": "Piraté", "slug": "pirate", "action-publish": "1"}
    )
    assert response.status_code in (302, 403)
    assert ArticlePage.objects.get(pk=curated["leave"].pk).title == "Poser des congés"


def test_the_admin_explorer_does_not_list_other_services_to_a_head(login, curated, finances):
    html = login(finances.head).get(f"/admin/pages/{curated['index'].pk}/").content.decode()
    assert "Ressources humaines" not in html


def test_a_theme_curator_edits_the_theme_page_and_nothing_else(login, curated):
    curator = UserFactory(email="curatrice@exemple.fr")
    curator.groups.add(Group.objects.get(name="Curateurs — Logement"))
    client = login(curator)
    assert client.get(edit_url(curated["housing_page"])).status_code == 200
    for page in ("budget", "leave", "finances_page", "index"):
        assert client.get(edit_url(curated[page])).status_code in (302, 403), page


def test_a_contributor_cannot_publish_and_must_submit_to_the_head(login, curated, finances):
    contributor = UserFactory(email="contrib@exemple.fr")
    contributor.groups.add(Group.objects.get(name="Contributeurs — Finances"))
    client = login(contributor)
    add_url = f"/admin/pages/add/knowledge/articlepage/{curated['finances_page'].pk}/"
    data = {
        "title": "Rembourser des frais",
        "slug": "rembourser-des-frais",
        "lead": "",
        "body-count": "0",
        "tags": "",
        "last_reviewed_on": date.today().isoformat(),
        "review_interval_months": "12",
        "comments_mode": "open",
    }
    response = client.post(add_url, {**data, "action-publish": "1"})
    article = ArticlePage.objects.get(slug="rembourser-des-frais")
    assert not article.live  # publishing is not theirs to do
    response = client.post(edit_url(article), {**data, "action-submit": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    state = article.current_workflow_state
    assert state is not None and state.status == "in_progress"
    approvers = state.current_task_state.task.specific.groups.all()
    assert finances.head.groups.filter(pk__in=approvers).exists()
    # The head of service is told by email (in-app notifications come with the social layer).
    assert any(finances.head.email in message.to for message in mail.outbox)


def test_the_workflow_covers_the_whole_service_subtree(curated):
    page = Page.objects.get(pk=curated["leave"].pk)
    assert page.get_workflow().name == "Validation — Direction des ressources humaines"


def test_stale_articles_are_flagged_by_the_nightly_task(curated):
    old = make_article(
        curated["finances_page"], "Ancienne procédure", last_reviewed_on=date(2020, 1, 1)
    )
    ArticlePage.objects.filter(pk=old.pk).update(review_due=False)
    assert mark_articles_due_for_review.delay().get() >= 1
    assert ArticlePage.objects.get(pk=old.pk).review_due
    ArticlePage.objects.filter(pk=old.pk).update(last_reviewed_on=date.today())
    articles_review_due_mark()
    assert not ArticlePage.objects.get(pk=old.pk).review_due


def test_the_admin_home_shows_each_editor_their_own_articles_to_review(login, curated, finances):
    make_article(
        curated["finances_page"], "Vieille note de frais", last_reviewed_on=date(2020, 1, 1)
    )
    make_article(curated["careers"], "Vieux règlement RH", last_reviewed_on=date(2020, 1, 1))
    html = login(finances.head).get("/admin/").content.decode()
    assert "Articles à relire" in html
    assert "Vieille note de frais" in html and "Vieux règlement RH" not in html
