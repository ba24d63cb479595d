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
    assert "Log in" in html and "Email address" in html


def test_an_unknown_language_falls_back_to_french(client, home):
    client.cookies["django_language"] = "xx"
    assert '<html lang="fr">' in client.get("/connexion/").content.decode()
