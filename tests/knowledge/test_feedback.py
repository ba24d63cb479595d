from django.urls import reverse

import pytest

from knowledge.models import ArticleFeedback

pytestmark = pytest.mark.django_db


def url(article):
    return reverse("knowledge:article_feedback", args=[article.pk])


def test_feedback_without_javascript_redirects_back_to_the_article(login, kb, agent):
    response = login(agent).post(url(kb["leave"]), {"useful": "non", "comment": "Trop vague"})
    assert response.status_code == 302
    assert response["Location"].endswith(kb["leave"].url + "#avis")
    feedback = ArticleFeedback.objects.get(article=kb["leave"], user=agent)
    assert feedback.useful is False and feedback.comment == "Trop vague"


def test_feedback_with_htmx_returns_the_thank_you_fragment(login, kb, agent):
    response = login(agent).post(url(kb["leave"]), {"useful": "oui"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="avis"') and "<html" not in html
    assert "Merci, votre avis a été transmis" in html


def test_a_second_answer_replaces_the_first(login, kb, agent):
    client = login(agent)
    client.post(url(kb["leave"]), {"useful": "oui"})
    client.post(url(kb["leave"]), {"useful": "non", "comment": "Finalement non"})
    feedback = ArticleFeedback.objects.get(article=kb["leave"], user=agent)
    assert ArticleFeedback.objects.filter(article=kb["leave"], user=agent).count() == 1
    assert feedback.useful is False and feedback.comment == "Finalement non"


def test_a_missing_answer_is_explained(login, kb, agent):
    response = login(agent).post(url(kb["leave"]), {"comment": "?"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Répondez par oui ou par non." in response.content.decode()
    assert not ArticleFeedback.objects.exists()


def test_feedback_needs_login_and_post(client, login, kb, agent):
    assert client.post(url(kb["leave"]), {"useful": "oui"}).status_code == 302
    assert not ArticleFeedback.objects.exists()
    assert login(agent).get(url(kb["leave"])).status_code == 405


def test_the_article_remembers_my_answer(login, kb, agent):
    client = login(agent)
    client.post(url(kb["leave"]), {"useful": "oui"})
    html = client.get(kb["leave"].url).content.decode()
    assert "Vous avez trouvé cette page utile." in html


def test_feedback_is_shown_to_the_articles_editors_only(login, kb, agent, superuser):
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    login(agent).post(url(kb["leave"]), {"useful": "non", "comment": "Lien cassé"})
    login(agent).post(url(kb["budget"]), {"useful": "non", "comment": "Chiffres anciens"})
    hr_editors = Group.objects.create(name="Éditeurs RH")
    hr_editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_articlefeedback"),
    )
    GroupPagePermission.objects.create(
        group=hr_editors,
        page=kb["hr_page"],
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    from tests.factories import UserFactory

    editor = UserFactory(email="editeur.rh@exemple.fr")
    editor.groups.add(hr_editors)
    html = login(editor).get("/admin/article_feedback/").content.decode()
    assert "Lien cassé" in html or "Poser des congés" in html
    assert "Préparer le budget" not in html
    other = ArticleFeedback.objects.get(article=kb["budget"])
    assert login(editor).get(f"/admin/article_feedback/inspect/{other.pk}/").status_code == 404
    assert login(agent).get("/admin/article_feedback/").status_code in (302, 403)


def test_editors_read_feedback_but_cannot_change_or_delete_it(login, kb, agent):
    from django.contrib.auth.models import Group, Permission

    from wagtail.models import GroupPagePermission

    from tests.factories import UserFactory

    login(agent).post(url(kb["leave"]), {"useful": "non", "comment": "Lien cassé"})
    feedback = ArticleFeedback.objects.get()
    editors = Group.objects.create(name="Éditeurs RH")
    editors.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_articlefeedback"),
    )
    GroupPagePermission.objects.create(
        group=editors,
        page=kb["hr_page"],
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    editor = UserFactory(email="editrice.rh@exemple.fr")
    editor.groups.add(editors)
    client = login(editor)
    assert client.get(f"/admin/article_feedback/inspect/{feedback.pk}/").status_code == 200
    for path in (f"edit/{feedback.pk}/", f"delete/{feedback.pk}/"):
        assert client.get(f"/admin/article_feedback/{path}").status_code in (302, 403)
    assert client.post(f"/admin/article_feedback/delete/{feedback.pk}/").status_code in (302, 403)
    assert ArticleFeedback.objects.filter(pk=feedback.pk, comment="Lien cassé").exists()
