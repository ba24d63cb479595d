"""The agenda in Chromium: a weekly pause café made in a group, answered, filled from a second
browser (a phone), then a seat freed and the waiting list promoted; and the month view used
with the keyboard alone."""

from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.setup import ensure_reference_data
from social.events.models import Registration
from social.groups.models import Visibility
from tests.browser.test_journeys import log_in
from tests.browser.test_social import other_person
from tests.factories import ServiceFactory, UserFactory
from tests.social.events.conftest import make_event
from tests.social.groups.conftest import make_group

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def coffee_group():
    ensure_reference_data(organisation_name="Commune de Navigateur")
    service = ServiceFactory(name="Urbanisme", slug="urbanisme")
    aline = UserFactory(
        email="aline.roux@exemple.fr", first_name="Aline", last_name="Roux", service=service
    )
    marie = UserFactory(
        email="marie.dupont@exemple.fr", first_name="Marie", last_name="Dupont", service=service
    )
    return make_group(aline, Visibility.OPEN, "Pause café", members=[marie])


def test_a_weekly_pause_cafe_fills_up_and_its_waiting_list_moves(page, browser, coffee_group):
    log_in(page, "aline.roux@exemple.fr")
    page.goto(page.base_url + coffee_group.get_absolute_url())
    page.get_by_role("link", name="Proposer un événement").click()
    day = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Titre").fill("Pause café du vendredi")
    page.get_by_label("Date de début").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("10:00")
    page.get_by_label("Heure de fin").fill("10:30")
    page.get_by_label("Répétition").select_option("weekly")
    page.get_by_label("Ou nombre de séances").fill("4")
    page.get_by_label("Sur inscription (oui / peut-être / non)").check()
    page.get_by_label("Nombre de places").fill("1")
    page.get_by_role("button", name="Publier l’événement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pause café du vendredi")
    expect(page.get_by_role("heading", name="Prochaines séances")).to_be_visible()
    expect(page.locator(".event__occurrences li")).to_have_count(4)

    page.get_by_label("Je participe").check()
    page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(page.locator("#event-answer .event__my-answer")).to_contain_text("Je participe")
    event_url = page.url

    marie = other_person(browser, page)  # a phone, 375 px wide
    log_in(marie, "marie.dupont@exemple.fr")
    marie.goto(event_url)
    expect(marie.get_by_text("L’événement est complet")).to_be_visible()
    marie.get_by_label("Je participe").check()
    marie.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(marie.locator("#event-answer .event__my-answer")).to_contain_text("Liste d'attente")

    page.reload()
    page.get_by_label("Je ne participe pas").check()
    page.get_by_role("button", name="Enregistrer ma réponse").click()
    expect(page.locator("#event-answer .event__my-answer")).to_contain_text("Je ne participe pas")

    marie.reload()
    expect(marie.locator("#event-answer .event__my-answer")).to_contain_text("Je participe")
    assert Registration.objects.get(user__email="marie.dupont@exemple.fr").is_confirmed
    marie.goto(marie.base_url + "/notifications/")
    expect(marie.locator(".notification__link", has_text="Une place s'est libérée")).to_be_visible()
    assert page.console_errors == []


def test_the_month_is_used_with_the_keyboard_alone(page, coffee_group):
    aline = coffee_group.memberships.get(role="admin").user
    start = timezone.localtime() + timedelta(days=1)
    next_month = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1)
    make_event(
        aline,
        "Atelier du mois suivant",
        group=coffee_group,
        starts=start.replace(year=next_month.year, month=next_month.month, day=15, hour=14),
    )
    log_in(page, "aline.roux@exemple.fr")
    page.goto(page.base_url + "/agenda/")
    title = page.locator("#agenda-title").text_content()
    # Tab to « Mois suivant » and press Enter: the month changes in place (htmx).
    for _press in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('rel')") == "next":
            break
    page.keyboard.press("Enter")
    expect(page.locator("#agenda-title")).not_to_have_text(title)
    # Focus stays on « Mois suivant » (the same id in the new view): Enter again goes on.
    assert page.evaluate("document.activeElement.id") == "agenda-next"
    assert f"/agenda/mois/{next_month.year}/{next_month.month}/" in page.url
    # The event is a link reached by Tab; Enter opens it.
    for _press in range(200):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "document.activeElement.tagName === 'A' ? document.activeElement.textContent : ''"
        )
        if "Atelier du mois suivant" in focused:
            break
    else:
        pytest.fail("the event's link was never reached with Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Atelier du mois suivant")
