import re

from django.conf import settings

import pytest

pytestmark = pytest.mark.django_db


def test_french_is_the_default_whatever_the_browser_says(login, home, agent):
    response = login(agent).get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Se déconnecter" in html
    assert response["Content-Language"] == "fr"


def test_the_language_switch_turns_the_interface_to_english(login, home, agent):
    client = login(agent)
    response = client.post("/langue/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Log out" in html and "Latest news" in html
    client.post("/langue/", {"language": "fr", "next": "/"})
    assert "Se déconnecter" in client.get("/").content.decode()


def test_the_login_page_can_be_switched_to_english_before_logging_in(client, home):
    client.post("/langue/", {"language": "en", "next": "/connexion/"})
    html = client.get("/connexion/").content.decode()
    assert "Log in" in html and "E-mail address or identifier" in html


def test_an_unknown_language_falls_back_to_french(client, home):
    client.cookies["django_language"] = "xx"
    assert '<html lang="fr">' in client.get("/connexion/").content.decode()


# French typography: a no-break space before « : », a narrow one before « ; ! ? », so that a
# sign never starts a line on its own (the Imprimerie nationale's rule).
BREAKABLE_BEFORE_SIGN = re.compile(r"\S [:;!?](?=\s|$|[\"'<»){])")


def _catalogue_ids() -> list[str]:
    """Every French string of the interface: the ids of the English catalogue."""
    text = (settings.BASE_DIR / "locale/en/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)', text, flags=re.MULTILINE)
    return ["".join(re.findall(r'"((?:[^"\\]|\\.)*)"', entry)) for entry in entries]


def test_interface_strings_never_break_before_a_colon_or_a_question_mark():
    ids = _catalogue_ids()
    assert len(ids) > 500
    assert "Qui a réagi\u202f?" in ids and "Thèmes\u00a0:" in ids
    assert [text for text in ids if BREAKABLE_BEFORE_SIGN.search(text)] == []


def test_templates_write_no_breakable_space_before_a_sign():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)!r}"
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        for match in BREAKABLE_BEFORE_SIGN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_a_page_shows_the_narrow_space_before_its_question(client, home):
    html = client.get("/connexion/").content.decode()
    assert "Mot de passe oublié\u202f?" in html
    assert "Mot de passe oublié ?" not in html
