"""A conversation under a news item, in Chromium: an agent comments and mentions a colleague,
the colleague is notified, replies, and the first agent is notified in turn; both answer a poll
and watch the results change; reactions toggle in place."""

import pytest

from cms.setup import ensure_reference_data
from home.models import NewsIndexPage
from social.polls.models import Poll, PollChoice
from tests.browser.test_journeys import log_in
from tests.factories import ServiceFactory, UserFactory, make_news

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def conversation():
    home = ensure_reference_data(organisation_name="Commune de Navigateur")
    index = NewsIndexPage.objects.child_of(home).get()
    finances = ServiceFactory(name="Finances", slug="finances")
    UserFactory(
        email="aline.roux@exemple.fr", first_name="Aline", last_name="Roux", service=finances
    )
    UserFactory(
        email="marie.dupont@exemple.fr", first_name="Marie", last_name="Dupont", service=finances
    )
    poll = Poll.objects.create(question="Quelle date pour le pique-nique ?", in_feed=False)
    for order, label in enumerate(["Juin", "Juillet"]):
        PollChoice.objects.create(poll=poll, label=label, sort_order=order)
    news = make_news(
        index,
        title="Pique-nique du personnel",
        lead="Choisissons ensemble la date.",
        body=[("poll", poll)],
    )
    return news


def other_person(browser, page):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    other = context.new_page()
    other.set_default_timeout(10_000)
    other.base_url = page.base_url
    return other


def bell_text(page):
    return " ".join(page.locator("#notification-bell").text_content().split())


def test_comment_mention_reply_notification_and_poll(page, browser, conversation):
    news_url = page.base_url + conversation.url

    # Aline comments and mentions Marie, choosing her from the suggestions.
    log_in(page, "aline.roux@exemple.fr")
    page.goto(news_url)
    box = page.get_by_label("Votre commentaire", exact=True)
    box.fill("Qui s'occupe des boissons ? ")
    box.press_sequentially("@mar", delay=50)
    option = page.get_by_role("option", name="Marie Dupont")
    option.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value().endswith("@marie.dupont ")
    page.get_by_role("button", name="Publier").click()
    comment = page.locator("#comment-list .comment").first
    comment.wait_for()
    assert "Qui s'occupe des boissons ?" in comment.inner_text()
    assert "@Marie Dupont" in comment.inner_text()
    assert page.url == news_url  # no reload
    page.locator("#live-region").filter(has_text="Votre commentaire est publié.").wait_for()
    assert page.get_by_label("Votre commentaire", exact=True).input_value() == ""

    # Marie, on her phone, sees the bell, opens the news and replies.
    marie = other_person(browser, page)
    log_in(marie, "marie.dupont@exemple.fr")
    assert "1 non lue" in bell_text(marie)
    marie.goto(marie.base_url + "/notifications/")
    assert "Aline Roux vous a mentionné sur « Pique-nique du personnel »" in marie.content()
    marie.goto(news_url)
    marie.get_by_text("Répondre", exact=True).first.click()
    marie.get_by_label("Votre réponse à Aline Roux").fill("Je m'en charge !")
    marie.get_by_role("button", name="Répondre").click()
    reply = marie.locator(".comment-replies .comment").first
    reply.wait_for()
    assert "Je m'en charge !" in reply.inner_text()

    # Aline is notified of the reply.
    page.goto(page.base_url + "/")
    assert "1 non lue" in bell_text(page)
    page.locator("#notification-bell").click()
    notification = page.get_by_role("link", name="Marie Dupont a répondu à votre commentaire")
    notification.click()
    page.wait_for_url(lambda url: "#commentaire-" in url)
    assert "Je m'en charge !" in page.content()
    assert page.locator("#notification-bell .bell__count").count() == 0

    # Both answer the poll; the results change in place.
    poll = page.locator(".poll")
    poll.get_by_label("Juin").check()
    poll.get_by_role("button", name="Voter").click()
    page.locator(".poll").get_by_text("1 personne a répondu").wait_for()
    assert "1 voix (100 %)" in page.locator(".poll").inner_text()
    marie.goto(news_url)
    marie.locator(".poll").get_by_label("Juillet").check()
    marie.locator(".poll").get_by_role("button", name="Voter").click()
    marie.locator(".poll").get_by_text("2 personnes ont répondu").wait_for()
    assert "1 voix (50 %)" in marie.locator(".poll").inner_text()

    # A reaction toggles in place.
    like = page.locator(f"#reactions-page-{conversation.pk}").get_by_role("button", name="J'aime")
    like.click()
    pressed = page.locator(f"#reactions-page-{conversation.pk} .reaction--like[aria-pressed=true]")
    pressed.wait_for()
    assert "1" in pressed.inner_text()
    assert page.console_errors == []
    marie.context.close()
