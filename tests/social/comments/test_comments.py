"""Comments: posting, replying, editing and deleting, with and without htmx, and every refusal."""

import pytest

from social.comments.models import Comment
from social.comments.services import comment_post
from social.targets import CommentsMode
from tests.factories import UserFactory
from tests.social.conftest import post_comment

pytestmark = pytest.mark.django_db


def comments_on(page):
    return Comment.objects.filter(target_id=page.pk).order_by("pk")


# --- Posting ----------------------------------------------------------------------------


def test_an_agent_comments_without_javascript_and_lands_on_the_comment(login, agent, news):
    response = post_comment(login(agent), news, "Bravo à **toute l'équipe** !")
    comment = comments_on(news).get()
    assert response.status_code == 302
    assert response["Location"] == f"{news.url}#commentaire-{comment.pk}"
    assert comment.author == agent
    assert comment.body_html == "<p>Bravo à <strong>toute l'équipe</strong> !</p>"
    page = login(agent).get(news.url).content.decode()
    assert (
        "<strong>toute l&#x27;équipe</strong>" in page or "<strong>toute l'équipe</strong>" in page
    )
    assert 'id="commentaires"' in page


def test_with_htmx_the_answer_is_a_fresh_form_and_the_new_thread_out_of_band(login, agent, news):
    response = post_comment(login(agent), news, "Premier !", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<form id="comment-form"')
    assert 'hx-swap-oob="beforeend:#comment-list"' in html
    assert "Premier !" in html
    assert "Votre commentaire est publié." in html
    assert 'hx-swap-oob="outerHTML:#comments-count"' in html
    assert "(1)" in html
    assert "<html" not in html


def test_a_reply_joins_the_thread_one_level_deep(login, agent, colleague, news):
    post_comment(login(agent), news, "Question ?")
    question = comments_on(news).get()
    post_comment(login(colleague), news, "Réponse.", parent=question.pk)
    answer = comments_on(news).last()
    post_comment(login(agent), news, "Merci.", parent=answer.pk)
    thanks = comments_on(news).last()
    assert answer.parent == question
    assert thanks.parent == question  # a reply to a reply stays in the thread


def test_a_reply_with_htmx_is_appended_to_its_thread(login, agent, colleague, news):
    post_comment(login(agent), news, "Question ?")
    question = comments_on(news).get()
    html = post_comment(
        login(colleague), news, "Réponse.", parent=question.pk, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'hx-swap-oob="beforeend:#reponses-{question.pk}"' in html
    assert "Votre réponse est publiée." in html


def test_an_empty_comment_is_refused_with_a_message(login, agent, news):
    response = post_comment(login(agent), news, "   ")
    assert response.status_code == 400
    assert "Écrivez un commentaire avant de publier." in response.content.decode()
    assert not comments_on(news).exists()


def test_a_too_long_comment_is_refused_and_the_text_kept(login, agent, news):
    text = "a" * 5001
    response = post_comment(login(agent), news, text, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "au plus 5000 caractères" in html
    assert text in html
    assert not comments_on(news).exists()


def test_the_rate_limit_refuses_with_a_clear_message_and_keeps_the_text(
    login, agent, news, settings
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "3/60"}
    client = login(agent)
    for number in range(3):
        assert post_comment(client, news, f"Message {number}").status_code == 302
    response = post_comment(client, news, "Un de trop")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Patientez un instant" in html
    assert "Un de trop" in html
    assert comments_on(news).count() == 3


def test_the_rate_limit_is_per_person(login, agent, colleague, news, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "1/60"}
    assert post_comment(login(agent), news, "Un").status_code == 302
    assert post_comment(login(colleague), news, "Deux").status_code == 302


def test_comments_on_articles(login, agent, kb):
    assert post_comment(login(agent), kb["budget"], "Où trouver le modèle ?").status_code == 302
    assert "Où trouver le modèle ?" in login(agent).get(kb["budget"].url).content.decode()


# --- Closed and disabled ----------------------------------------------------------------


def test_closed_comments_stay_readable_but_refuse_new_ones(login, agent, news):
    post_comment(login(agent), news, "Avant la fermeture")
    news.comments_mode = CommentsMode.CLOSED
    news.save_revision().publish()
    html = login(agent).get(news.url).content.decode()
    assert "Avant la fermeture" in html
    assert "Les commentaires sont fermés" in html
    assert 'id="comment-form"' not in html
    response = post_comment(login(agent), news, "Après")
    assert response.status_code == 400
    assert comments_on(news).count() == 1


def test_disabled_comments_are_not_shown_nor_accepted(login, agent, news):
    post_comment(login(agent), news, "Avant la désactivation")
    news.comments_mode = CommentsMode.DISABLED
    news.save_revision().publish()
    html = login(agent).get(news.url).content.decode()
    assert "Avant la désactivation" not in html
    assert 'id="commentaires"' not in html
    assert post_comment(login(agent), news, "Après").status_code == 404


# --- Editing and deleting ---------------------------------------------------------------


def test_the_author_edits_and_the_comment_is_marked_edited(login, agent, news):
    post_comment(login(agent), news, "Texte avec une fote")
    comment = comments_on(news).get()
    response = login(agent).post(
        f"/commentaires/{comment.pk}/modifier/", {"body": "Texte corrigé"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Texte corrigé"
    assert comment.edited_at is not None
    assert html.lstrip().startswith(f'<article class="comment" id="commentaire-{comment.pk}"')
    assert "(modifié)" in html


def test_the_edit_form_works_without_javascript(login, agent, news):
    post_comment(login(agent), news, "Premier jet")
    comment = comments_on(news).get()
    page = login(agent).get(f"/commentaires/{comment.pk}/modifier/")
    assert page.status_code == 200
    assert "Premier jet" in page.content.decode()
    response = login(agent).post(f"/commentaires/{comment.pk}/modifier/", {"body": "Second jet"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#commentaire-{comment.pk}")


def test_nobody_else_edits_a_comment(login, agent, colleague, communication_officer, news):
    post_comment(login(agent), news, "À moi")
    comment = comments_on(news).get()
    for other in (colleague, communication_officer):
        response = login(other).post(f"/commentaires/{comment.pk}/modifier/", {"body": "Pris"})
        assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "À moi"


def test_deleting_keeps_a_placeholder_for_the_replies(login, agent, colleague, news):
    post_comment(login(agent), news, "Texte à retirer")
    comment = comments_on(news).get()
    post_comment(login(colleague), news, "Une réponse", parent=comment.pk)
    response = login(agent).post(f"/commentaires/{comment.pk}/supprimer/", HTTP_HX_REQUEST="true")
    assert "Commentaire supprimé." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.DELETED
    assert comment.body == ""  # the text is erased, not only hidden
    html = login(colleague).get(news.url).content.decode()
    assert "Texte à retirer" not in html
    assert "Commentaire supprimé." in html
    assert "Une réponse" in html


def test_a_deleted_comment_without_replies_disappears(login, agent, news):
    post_comment(login(agent), news, "Éphémère")
    comment = comments_on(news).get()
    login(agent).post(f"/commentaires/{comment.pk}/supprimer/")
    html = login(agent).get(news.url).content.decode()
    assert f"commentaire-{comment.pk}" not in html


def test_a_colleague_cannot_delete_someone_elses_comment(login, agent, colleague, news):
    post_comment(login(agent), news, "Reste là")
    comment = comments_on(news).get()
    assert login(colleague).post(f"/commentaires/{comment.pk}/supprimer/").status_code == 403
    comment.refresh_from_db()
    assert comment.is_published


# --- Refused side: what you cannot see, you cannot discuss --------------------------------


def test_commenting_on_news_outside_your_audience_is_a_404(login, agent, elus_news):
    assert post_comment(login(agent), elus_news, "Je m'invite").status_code == 404
    assert not comments_on(elus_news).exists()


def test_commenting_on_a_restricted_article_is_a_404(login, agent, kb):
    assert post_comment(login(agent), kb["secret"], "Je m'invite").status_code == 404


def test_comments_of_a_hidden_page_are_in_no_fragment(login, agent, elu, elus_news):
    post_comment(login(elu), elus_news, "Entre élus")
    comment = comments_on(elus_news).get()
    client = login(agent)
    for url in (
        f"/commentaires/page/{elus_news.pk}/?commentaires=1",
        f"/commentaires/{comment.pk}/modifier/",
        f"/commentaires/{comment.pk}/repondre/",
        f"/commentaires/{comment.pk}/signaler/",
        f"/commentaires/mentions/?cible=page-{elus_news.pk}&q=a",
        f"/reactions/commentaire/{comment.pk}/qui/",
    ):
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert response.status_code == 404, url
        assert "Entre élus" not in response.content.decode()
    assert client.post(f"/commentaires/{comment.pk}/supprimer/").status_code == 404
    assert (
        client.post(f"/commentaires/{comment.pk}/signaler/", {"reason": "spam"}).status_code == 404
    )


def test_replying_to_a_comment_of_another_page_is_refused(login, agent, news, news_index):
    from tests.factories import make_news

    other = make_news(news_index, title="Autre")
    post_comment(login(agent), other, "Ailleurs")
    elsewhere = comments_on(other).get()
    response = post_comment(login(agent), news, "Greffe", parent=elsewhere.pk)
    assert response.status_code == 403
    assert not comments_on(news).exists()


def test_an_unpublished_page_takes_no_comment(login, agent, news):
    news.unpublish()
    assert post_comment(login(agent), news, "Trop tard").status_code == 404


def test_unknown_targets_are_404(login, agent, news):
    client = login(agent)
    assert client.post("/commentaires/inconnu/1/publier/", {"body": "x"}).status_code == 404
    assert client.post("/commentaires/page/999999/publier/", {"body": "x"}).status_code == 404
    home_page = news.get_parent().get_parent()
    assert (
        client.post(f"/commentaires/page/{home_page.pk}/publier/", {"body": "x"}).status_code == 404
    )


def test_anonymous_visitors_are_sent_to_the_login_page(client, news):
    response = post_comment(client, news, "Anonyme")
    assert response.status_code == 302
    assert "/connexion/" in response["Location"]
    assert not comments_on(news).exists()


def test_a_get_cannot_post(login, agent, news):
    assert login(agent).get(f"/commentaires/page/{news.pk}/publier/").status_code == 405


# --- Reading ----------------------------------------------------------------------------


def test_more_threads_load_with_htmx_and_by_link(login, agent, news, settings):
    settings.COMMENTS_PAGE_SIZE = 2
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "0/60"}
    for number in range(5):
        comment_post(author=agent, target=news, body=f"Fil numéro {number}")
    client = login(agent)
    first = client.get(news.url).content.decode()
    assert "Fil numéro 1" in first and "Fil numéro 2" not in first
    assert "Afficher les commentaires suivants" in first
    more = client.get(f"/commentaires/page/{news.pk}/?commentaires=2", HTTP_HX_REQUEST="true")
    html = more.content.decode()
    assert "Fil numéro 2" in html and "Fil numéro 3" in html and "Fil numéro 1" not in html
    assert 'hx-swap-oob="beforeend:#comment-list"' in html
    no_js = client.get(f"/commentaires/page/{news.pk}/?commentaires=3")
    assert no_js.status_code == 302
    assert "Fil numéro 4" in client.get(no_js["Location"]).content.decode()


def test_no_comment_text_is_ever_rendered_unescaped(login, agent, colleague, news):
    post_comment(login(agent), news, '<script>alert("x")</script> <img src=x onerror=alert(1)>')
    html = login(colleague).get(news.url).content.decode()
    assert '<script>alert("x")' not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


def test_an_author_who_left_is_shown_as_former_staff_and_their_comment_kept(login, agent, news):
    author = UserFactory(first_name="Paul", last_name="Martin")
    post_comment(login(author), news, "Mon dernier mot")
    author.is_active = False
    author.save()
    html = login(agent).get(news.url).content.decode()
    assert "Mon dernier mot" in html and "ancien agent" in html and "Paul Martin" not in html
    author.delete()
    html = login(agent).get(news.url).content.decode()
    assert "Mon dernier mot" in html and "ancien agent" in html


def test_a_page_without_comments_offers_the_form(login, agent, news):
    html = login(agent).get(news.url).content.decode()
    assert 'id="comment-form"' in html
    assert (
        "Aucun commentaire pour l&#x27;instant" in html
        or "Aucun commentaire pour l'instant" in html
    )


def test_deleting_a_page_deletes_its_discussion(agent, colleague, news):
    from social.comments.services import comment_report
    from social.reactions.models import Reaction
    from social.reactions.services import reaction_set

    comment = comment_post(author=agent, target=news, body="Avis")
    comment_post(author=colleague, target=news, body="Réponse", parent=comment)
    reaction_set(user=colleague, target=comment, kind="like", on=True)
    reaction_set(user=colleague, target=news, kind="like", on=True)
    comment_report(comment=comment, user=colleague, reason="spam")
    news.delete()
    assert not Comment.objects.exists()
    assert not Reaction.objects.exists()


def test_the_reply_form_loads_under_the_thread_or_on_its_own_page(login, agent, colleague, news):
    thread = comment_post(author=agent, target=news, body="Question")
    client = login(colleague)
    fragment = client.get(f"/commentaires/{thread.pk}/repondre/", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert html.lstrip().startswith('<form class="comment-form comment-form--reply"')
    assert f'name="parent" value="{thread.pk}"' in html and "data-focus" in html
    page = client.get(f"/commentaires/{thread.pk}/repondre/").content.decode()
    assert "<html" in page and f'name="parent" value="{thread.pk}"' in page


def test_the_report_form_loads_inline_with_htmx(login, agent, colleague, news):
    comment = comment_post(author=agent, target=news, body="Texte")
    html = (
        login(colleague)
        .get(f"/commentaires/{comment.pk}/signaler/", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "<html" not in html
    assert "Pourquoi signalez-vous ce commentaire\u202f?" in html


def test_no_reply_form_once_comments_are_closed(login, agent, colleague, news):
    thread = comment_post(author=agent, target=news, body="Question")
    news.comments_mode = CommentsMode.CLOSED
    news.save_revision().publish()
    assert login(colleague).get(f"/commentaires/{thread.pk}/repondre/").status_code == 404
