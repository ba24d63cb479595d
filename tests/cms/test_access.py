"""The intranet is closed: only login, password reset, feeds with a token, the language switch,
health and static assets are reachable without an account."""

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse

import pytest

from social.people.models import User
from tests.factories import PASSWORD, UserFactory, make_news

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_news(news_index):
    return make_news(news_index, title="Une actualité")


def test_every_page_requires_login(client, home, news_index, some_news):
    for url in [
        "/",
        news_index.url,
        some_news.url,
        news_index.url + "?page=1",
        "/recherche/?q=test",
        reverse("people:profile"),
        reverse("people:password_change"),
        reverse("home:feed_tokens"),
        "/admin/",
        "/admin/moderation/",
        "/notifications/",
        "/mon-compte/notifications/",
        "/sondages/",
        "/sondages/1/",
        "/sondages/1/resultats.csv",
        f"/commentaires/page/{some_news.pk}/",
        f"/commentaires/mentions/?cible=page-{some_news.pk}&q=a",
        f"/reactions/page/{some_news.pk}/qui/",
        "/documents/1/x.pdf",
        "/media/images/x.jpg",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("people:login")), url


def test_the_bell_of_an_expired_session_changes_nothing(client, home):
    response = client.get("/notifications/cloche/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response.content == b""


def test_htmx_fragments_require_login_too(client, news_index, some_news):
    response = client.get(news_index.url, {"page": 1, "more": 1}, HTTP_HX_REQUEST="true")
    assert response.status_code == 302
    assert b"Une actualit" not in response.content


def test_login_password_reset_health_and_static_are_public(client, home):
    assert client.get(reverse("people:login")).status_code == 200
    assert client.get(reverse("people:password_reset")).status_code == 200
    assert client.get("/sante/").json()["status"] == "ok"
    response = client.get("/static/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
    assert client.get("/static/css/parvis.css").status_code == 200


def test_login_with_email_in_any_case(client, home, agent):
    response = client.post(
        reverse("people:login"), {"username": "AGENT@exemple.fr", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_password_gets_a_clear_french_message(client, home, agent):
    response = client.post(reverse("people:login"), {"username": agent.email, "password": "non"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_repeated_failures_block_the_account_for_a_while(client, home, agent):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("people:login"), {"username": agent.email, "password": "mauvais"})
    response = client.post(reverse("people:login"), {"username": agent.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_blocked_account_does_not_block_colleagues(client, home, agent, elu):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        client.post(reverse("people:login"), {"username": agent.email, "password": "mauvais"})
    response = client.post(reverse("people:login"), {"username": elu.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_deactivated_account_cannot_log_in(client, home, agent):
    agent.is_active = False
    agent.save()
    response = client.post(reverse("people:login"), {"username": agent.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_deactivating_an_account_ends_its_open_sessions(login, home, agent):
    client = login(agent)
    assert client.get("/").status_code == 200
    User.objects.filter(pk=agent.pk).update(is_active=False)
    assert client.get("/").status_code == 302


def test_logout_is_a_post(login, home, agent):
    client = login(agent)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_sessions_expire(client, home, agent):
    client.post(reverse("people:login"), {"username": agent.email, "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert 0 < int(cookie["max-age"]) <= 12 * 3600
    assert cookie["httponly"]


def test_password_reset_by_email(client, home, agent):
    response = client.post(reverse("people:password_reset"), {"email": agent.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/mot-de-passe/nouveau/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "motdepasse", "new_password2": "motdepasse"})
    assert "12 caractères" in weak.content.decode() or "trop court" in weak.content.decode()
    new = "Nouveau-Mot-2026!"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password(new)


def test_password_reset_does_not_reveal_whether_an_account_exists(client, home):
    response = client.post(reverse("people:password_reset"), {"email": "inconnu@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


def test_passwords_need_four_classes_of_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        validate_password("toutenminuscules")
    assert any("majuscule" in message for message in error.value.messages)
    validate_password("Un-Vrai-Secret-42")


def test_security_headers_on_pages(login, home, agent):
    response = login(agent).get("/")
    csp = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "http" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_pages_have_no_inline_script(login, home, news_index, some_news, agent):
    client = login(agent)
    for url in ("/", news_index.url, some_news.url, reverse("people:profile")):
        html = client.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert not re.search(r"\son[a-z]+=", html), url


def test_csrf_is_enforced_on_posts(home, agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    response = client.post(reverse("home:feed_token_new"))
    assert response.status_code == 403


def test_csrf_token_is_given_to_htmx(login, home, agent):
    html = login(agent).get("/").content.decode()
    assert re.search(r"hx-headers='\{\"X-CSRFToken\": \"[A-Za-z0-9]+\"\}'", html)


def test_user_created_with_email_as_login():
    user = UserFactory(email="Marie.Curie@Exemple.FR")
    user.full_clean()
    assert user.email == "marie.curie@exemple.fr"
    assert User.USERNAME_FIELD == "email"


@pytest.mark.parametrize("person", ["agent", "elu"])
def test_the_admin_tells_a_signed_in_person_without_access_instead_of_looping(
    login, home, person, request
):
    client = login(request.getfixturevalue(person))

    response = client.get("/admin/", follow=True)  # a redirect loop raises RedirectCycleError

    assert response.status_code == 403
    page = response.content.decode()
    assert "L&#x27;administration est réservée" in page or "L'administration est réservée" in page
    assert 'href="/"' in page
    assert "You do not have permission" not in page


def test_a_page_not_for_the_reader_looks_exactly_like_a_page_that_does_not_exist(
    login, news_index, agent
):
    from social.people.audience import Audience

    news = make_news(news_index, title="Réservée aux élus", audience=Audience.ELUS)
    client = login(agent)

    hidden = client.get(news.url)
    missing = client.get(news_index.url + "nexiste-pas/")

    def without_tokens(response):
        """The page, without its CSRF token nor its own address (the language switch's)."""
        html = response.content.decode().replace(response.wsgi_request.path, "/ADDRESS/")
        return re.sub(r"[0-9A-Za-z]{64}", "TOKEN", html)

    assert hidden.status_code == missing.status_code == 404
    assert without_tokens(hidden) == without_tokens(missing)
    assert "Page introuvable" in without_tokens(hidden)
