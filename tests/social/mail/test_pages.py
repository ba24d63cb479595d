"""The person's side: choosing a channel per kind and the digest's frequency, previewing the
next digest, and the unsubscribe page reached from an e-mail."""

import pytest

from social.mail.compose import unsubscribe_token
from social.mail.models import MailSettings
from social.notifications.models import Channel, Notification, NotificationPreference
from social.notifications.services import notify
from tests.factories import UserFactory, make_news

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def test_the_page_shows_each_kind_with_its_default_channel(agent, login):
    page = login(agent).get("/mon-compte/notifications/").content.decode()
    assert 'name="canal-mention"' in page
    mention = page[page.index('name="canal-mention"') :]
    assert '<option value="unread" selected>' in mention[: mention.index("</select>")]
    reaction = page[page.index('name="canal-reaction"') :]
    assert '<option value="app" selected>' in reaction[: reaction.index("</select>")]
    assert 'value="weekly" checked' in page


def test_choices_are_saved(agent, login):
    response = login(agent).post(
        "/mon-compte/notifications/",
        {"canal-mention": "email", "canal-reaction": "off", "resume": "daily", "langue": "en"},
    )
    assert response.status_code == 302
    saved = dict(NotificationPreference.objects.filter(user=agent).values_list("kind", "channel"))
    assert saved == {"mention": "email", "reaction": "off"}
    assert not NotificationPreference.objects.get(user=agent, kind="reaction").in_app
    settings = MailSettings.objects.get(user=agent)
    assert (settings.digest, settings.language) == ("daily", "en")


def test_a_kind_turned_off_makes_no_notification(agent, login):
    login(agent).post("/mon-compte/notifications/", {"canal-reply": "off"})
    made = notify(recipient=agent, kind=Kind.REPLY, actor=UserFactory(), title="T", url="/")
    assert made is None


def test_without_an_address_no_e_mail_choice_is_offered_or_taken(finances, login):
    field_agent = UserFactory(email=None, employee_number="T77", service=finances)
    client = login(field_agent)
    page = client.get("/mon-compte/notifications/").content.decode()
    assert 'value="email"' not in page and 'name="resume"' not in page
    client.post("/mon-compte/notifications/", {"canal-mention": "email"})
    assert not NotificationPreference.objects.filter(user=field_agent).exists()


def test_unknown_values_are_ignored(agent, login):
    login(agent).post("/mon-compte/notifications/", {"canal-mention": "pigeon", "resume": "x"})
    assert not NotificationPreference.objects.filter(user=agent).exists()
    assert MailSettings.objects.get(user=agent).digest == "weekly"


def test_the_preview_shows_the_next_digest_and_marks_nothing(agent, login, news_index):
    made = notify(
        recipient=agent,
        kind=Kind.REPLY,
        actor=UserFactory(first_name="Paul"),
        title="Budget",
        url="/",
    )
    make_news(news_index, title="Nouvelle cantine centrale")
    page = login(agent).get("/mon-compte/notifications/resume/").content.decode()
    assert "Nouvelle cantine centrale" in page
    assert "Budget" in page
    made.refresh_from_db()
    assert made.digested_at is None and made.read_at is None


def test_the_preview_says_when_there_is_nothing(agent, login):
    page = login(agent).get("/mon-compte/notifications/resume/").content.decode()
    assert "aucun résumé ne partirait" in page


def test_the_unsubscribe_page_asks_before_acting(client, agent):
    url = f"/courriel/desabonnement/{unsubscribe_token(agent.pk, 'mention')}/"
    page = client.get(url).content.decode()
    assert "Mentions de mon nom" in page
    assert not NotificationPreference.objects.filter(user=agent).exists()
    client.post(url)
    assert NotificationPreference.objects.get(user=agent, kind="mention").channel == Channel.APP


def test_an_unsubscribe_token_for_another_kind_cannot_be_forged(client, agent):
    token = unsubscribe_token(agent.pk, "mention")
    payload, _sep, signature = token.rpartition(":")
    assert client.post(f"/courriel/desabonnement/{payload}x:{signature}/").status_code == 404
    assert (
        client.get(f"/courriel/desabonnement/{unsubscribe_token(agent.pk, 'nope')}/").status_code
        == 404
    )
