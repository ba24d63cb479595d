"""Reactions on pages and comments: giving, taking back, who reacted, and every refusal."""

import pytest

from social.comments.services import comment_moderate, comment_post
from social.reactions.models import Reaction
from tests.social.conftest import at_once

pytestmark = pytest.mark.django_db


def react(client, kind, pk, value, **headers):
    return client.post(f"/reactions/{kind}/{pk}/", {"reaction": value}, **headers)


def test_reacting_with_htmx_answers_the_updated_buttons(login, agent, news):
    response = react(login(agent), "page", news.pk, "like:on", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div class="reactions" id="reactions-page-{news.pk}"')
    assert 'value="like:off"' in html and 'aria-pressed="true"' in html
    assert "Réaction « J&#x27;aime » ajoutée." in html
    assert Reaction.objects.filter(user=agent, kind="like", target_id=news.pk).count() == 1


def test_reacting_without_javascript_comes_back_to_the_page(login, agent, news):
    response = react(login(agent), "page", news.pk, "thanks:on")
    assert response.status_code == 302
    assert response["Location"] == news.url
    html = login(agent).get(news.url).content.decode()
    assert 'value="thanks:off"' in html


def test_taking_a_reaction_back(login, agent, news):
    react(login(agent), "page", news.pk, "bravo:on")
    react(login(agent), "page", news.pk, "bravo:off")
    assert not Reaction.objects.exists()


def test_a_double_click_gives_one_reaction(login, agent, news):
    client = login(agent)
    react(client, "page", news.pk, "like:on")
    react(client, "page", news.pk, "like:on")
    assert Reaction.objects.count() == 1


def test_several_kinds_by_several_people_are_counted(login, agent, colleague, news):
    react(login(agent), "page", news.pk, "like:on")
    react(login(agent), "page", news.pk, "interesting:on")
    html = react(
        login(colleague), "page", news.pk, "like:on", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert '<span class="reaction__count">2<' in html
    assert '<span class="reaction__count">1<' in html


def test_who_reacted_lists_names_by_kind(login, agent, colleague, news):
    react(login(colleague), "page", news.pk, "thanks:on")
    page = login(agent).get(f"/reactions/page/{news.pk}/qui/")
    assert "Merci (1)" in page.content.decode()
    assert "Marie Dupont" in page.content.decode()
    fragment = login(agent).get(f"/reactions/page/{news.pk}/qui/", HTTP_HX_REQUEST="true")
    assert "<html" not in fragment.content.decode()
    assert "Marie Dupont" in fragment.content.decode()


def test_reacting_to_a_comment(login, agent, colleague, news):
    comment = comment_post(author=agent, target=news, body="Merci pour l'info")
    html = react(login(colleague), "commentaire", comment.pk, "like:on", HTTP_HX_REQUEST="true")
    assert f'id="reactions-commentaire-{comment.pk}"' in html.content.decode()
    page = login(agent).get(news.url).content.decode()
    assert f'id="reactions-commentaire-{comment.pk}"' in page


def test_an_unknown_reaction_is_refused(login, agent, news):
    assert react(login(agent), "page", news.pk, "hate:on").status_code == 400
    assert react(login(agent), "page", news.pk, "like").status_code == 400
    assert not Reaction.objects.exists()


def test_the_database_refuses_a_second_reaction_of_a_kind(agent, news):
    from django.contrib.contenttypes.models import ContentType
    from django.db import IntegrityError, transaction

    fields = {
        "user": agent,
        "target_type": ContentType.objects.get_for_model(news),
        "target_id": news.pk,
        "kind": "like",
    }
    Reaction.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(**fields)


# --- Refused side -----------------------------------------------------------------------


def test_reacting_to_news_outside_your_audience_is_a_404(login, agent, elus_news):
    assert react(login(agent), "page", elus_news.pk, "like:on").status_code == 404
    assert login(agent).get(f"/reactions/page/{elus_news.pk}/qui/").status_code == 404
    assert not Reaction.objects.exists()


def test_reacting_to_a_restricted_article_is_a_404(login, agent, kb):
    assert react(login(agent), "page", kb["secret"].pk, "like:on").status_code == 404


def test_reacting_to_a_hidden_comment_is_a_404(
    login, agent, colleague, communication_officer, news
):
    comment = comment_post(author=agent, target=news, body="Masqué bientôt")
    comment_moderate(comment=comment, moderator=communication_officer, action="hide")
    assert react(login(colleague), "commentaire", comment.pk, "like:on").status_code == 404
    assert login(colleague).get(f"/reactions/commentaire/{comment.pk}/qui/").status_code == 404
    assert not Reaction.objects.exists()


def test_reacting_to_a_comment_on_a_hidden_page_is_a_404(login, agent, elu, elus_news):
    comment = comment_post(author=elu, target=elus_news, body="Entre élus")
    assert react(login(agent), "commentaire", comment.pk, "like:on").status_code == 404


def test_who_reacted_on_a_hidden_page_leaks_no_name(login, agent, elu, elus_news):
    react(login(elu), "page", elus_news.pk, "like:on")
    response = login(agent).get(f"/reactions/page/{elus_news.pk}/qui/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert elu.get_full_name() not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_make_one_reaction(home, news_index, finances):
    from django.test import Client

    from tests.factories import UserFactory, make_news

    news = make_news(news_index, title="Concurrence")
    person = UserFactory(service=finances)

    def click():
        client = Client()
        client.force_login(person)
        return react(client, "page", news.pk, "like:on").status_code

    assert at_once(click, click, click) == [302, 302, 302]
    assert Reaction.objects.filter(user=person).count() == 1
