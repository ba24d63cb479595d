"""A form that creates something is sent once: sending it again (a retry after a server error
although the first send was saved, a double click, the browser's "resend") finds what the first
send made instead of making a second one (cms/core/submissions.py)."""

from django.test import Client

import pytest

from cms.core.submissions import new_key
from cms.models import Submission
from social.comments.models import Comment
from social.groups.models import Post, Visibility
from tests.factories import UserFactory
from tests.sent_once import keys_in
from tests.social.conftest import at_once, post_comment
from tests.social.groups.conftest import make_group

pytestmark = pytest.mark.django_db


def test_the_comment_form_carries_a_key(login, agent, news):
    page = login(agent).get(news.url).content.decode()
    assert len(keys_in(page)) >= 1


def test_a_comment_sent_twice_with_the_same_key_is_published_once(login, agent, news):
    client = login(agent)
    key = new_key()
    first = post_comment(client, news, "Merci pour l'organisation !", submission=key)
    again = post_comment(client, news, "Merci pour l'organisation !", submission=key)
    comment = Comment.objects.get(target_id=news.pk)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert again["Location"].endswith(f"#commentaire-{comment.pk}")


def test_after_a_server_error_the_retry_finds_the_saved_comment(login, agent, news, monkeypatch):
    """The comment is saved, then the answer fails (as « database is locked » did after the
    commit): the person sends the same form again and gets one comment."""
    from social.comments import views

    client = login(agent)
    client.raise_request_exception = False
    key = new_key()
    with monkeypatch.context() as patched:
        patched.setattr(views, "_comment_url", lambda comment: 1 / 0)
        failed = post_comment(client, news, "Je serai présent.", submission=key)
    assert failed.status_code == 500
    assert Comment.objects.filter(target_id=news.pk).count() == 1
    retried = post_comment(client, news, "Je serai présent.", submission=key)
    assert retried.status_code == 302
    assert Comment.objects.filter(target_id=news.pk).count() == 1


def test_with_htmx_each_success_hands_a_fresh_key_for_the_next_comment(login, agent, news):
    client = login(agent)
    key = new_key()
    answer = post_comment(client, news, "Premier message", submission=key, HTTP_HX_REQUEST="true")
    fresh = keys_in(answer.content.decode())
    assert fresh and key not in fresh
    post_comment(client, news, "Second message", submission=fresh[0], HTTP_HX_REQUEST="true")
    bodies = list(Comment.objects.filter(target_id=news.pk).values_list("body", flat=True))
    assert sorted(bodies) == ["Premier message", "Second message"]


def test_a_refused_comment_keeps_its_key_and_the_corrected_one_is_published(login, agent, news):
    client = login(agent)
    key = new_key()
    refused = post_comment(client, news, "   ", submission=key, HTTP_HX_REQUEST="true")
    assert refused.status_code in (200, 400)
    assert keys_in(refused.content.decode()) == [key]
    assert not Comment.objects.filter(target_id=news.pk).exists()
    post_comment(client, news, "Texte corrigé", submission=key)
    assert Comment.objects.filter(target_id=news.pk).get().body == "Texte corrigé"


def test_the_same_key_sent_by_two_people_makes_two_comments(login, agent, colleague, news):
    key = new_key()
    post_comment(login(agent), news, "Pour moi aussi", submission=key)
    post_comment(login(colleague), news, "Pour moi aussi", submission=key)
    assert Comment.objects.filter(target_id=news.pk).count() == 2


def test_a_malformed_key_is_no_key(login, agent, news):
    client = login(agent)
    post_comment(client, news, "Un", submission="pas-une-clé")
    post_comment(client, news, "Deux", submission="pas-une-clé")
    assert Comment.objects.filter(target_id=news.pk).count() == 2
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_the_same_moment_make_one_comment(agent, news):
    """A double click: both requests reach the server together, each on its own connection."""
    key = new_key()

    def send():
        client = Client()
        client.force_login(agent)
        return post_comment(client, news, "Double clic", submission=key).status_code

    assert at_once(send, send) == [302, 302]
    assert Comment.objects.filter(target_id=news.pk).count() == 1


def test_a_group_post_sent_again_is_published_once(home, login, finances):
    owner = UserFactory(email="porteur@exemple.fr", service=finances)
    group = make_group(owner, Visibility.OPEN, "Jardins partagés")
    client = login(owner)
    form_page = client.get(group.get_absolute_url()).content.decode()
    key = keys_in(form_page)[0]
    data = {"body": "Rendez-vous samedi au potager", "submission": key}
    first = client.post(f"/groupes/{group.slug}/publier/", data)
    again = client.post(f"/groupes/{group.slug}/publier/", data)
    post = Post.objects.get(group=group)
    assert (
        first["Location"]
        == again["Location"]
        == f"{group.get_absolute_url()}#publication-{post.pk}"
    )


def test_a_refused_group_post_page_keeps_the_key(home, login, finances):
    owner = UserFactory(email="porteur@exemple.fr", service=finances)
    group = make_group(owner, Visibility.OPEN, "Jardins partagés")
    key = new_key()
    refused = login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "", "submission": key})
    assert refused.status_code == 400
    assert keys_in(refused.content.decode()) == [key]
