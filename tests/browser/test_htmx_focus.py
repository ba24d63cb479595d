"""What changes without a reload is said to screen readers (the page's aria-live region) and
focus stays where the person was working: never dropped on the page's body. Driven with the
keyboard alone."""

from django.db import transaction

import pytest

from social.comments.services import comment_post
from social.people.models import User
from tests.browser.test_journeys import log_in
from tests.browser.test_social import conversation  # noqa: F401 (a news item with a poll)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim().slice(0, 80),
          pressed: el.getAttribute('aria-pressed'), inside: el.closest('[id]') && el.closest('[id]').id};
}"""


def spoken(page, text):
    """Said by the live region, or by a message that took the focus (read out as it is)."""
    page.wait_for_function(
        """(text) => document.getElementById('live-region').textContent.includes(text)
             || (document.activeElement && document.activeElement.matches('[role=status], [role=alert]')
                 && document.activeElement.textContent.includes(text))""",
        arg=text,
    )


def test_htmx_updates_are_announced_and_keep_focus(page, conversation):  # noqa: F811
    log_in(page, "aline.roux@exemple.fr")
    page.goto(page.base_url + conversation.url)

    # A reaction, pressed from the keyboard: said, and the button keeps the focus.
    like = page.locator(f"#reactions-page-{conversation.pk}").get_by_role("button", name="J'aime")
    like.focus()
    page.keyboard.press("Enter")
    page.locator(".reaction--like[aria-pressed=true]").wait_for()
    spoken(page, "J'aime")
    focused = page.evaluate(FOCUSED)
    assert focused and focused["pressed"] == "true" and "J'aime" in focused["text"], focused

    # A vote: said, and focus on the poll's answer, not lost.
    page.locator(".poll").get_by_label("Juin").check()
    page.locator(".poll").get_by_role("button", name="Voter").focus()
    page.keyboard.press("Enter")
    spoken(page, "Votre réponse est enregistrée.")
    focused = page.evaluate(FOCUSED)
    assert focused and focused["inside"].startswith("sondage-"), focused

    # A comment: said, and focus back in the emptied box for the next one.
    box = page.get_by_label("Votre commentaire", exact=True)
    box.fill("Je viendrai.")
    page.get_by_role("button", name="Publier").focus()
    page.keyboard.press("Enter")
    spoken(page, "Votre commentaire est publié.")
    focused = page.evaluate(FOCUSED)
    assert focused and focused["id"].startswith("commentaire-"), focused
    assert "Je viendrai." in focused["text"]  # on the comment just published

    # A notification marked read: said, and focus on it.
    marie = User.objects.get(email="marie.dupont@exemple.fr")
    with transaction.atomic():
        comment_post(
            author=marie, target=conversation, body="Merci @aline.roux", rate_limited=False
        )
    page.goto(page.base_url + "/notifications/")
    page.get_by_role("button", name="Marquer comme lue").first.focus()
    page.keyboard.press("Enter")
    spoken(page, "Notification marquée comme lue.")
    focused = page.evaluate(FOCUSED)
    assert focused and focused["id"].startswith("notification-"), focused
    assert "Marie Dupont vous a mentionné" in focused["text"]
    assert page.console_errors == []
