"""Projects in Chromium: Aline starts a project in her group, adds tasks (one assigned to Marie,
due today), moves a card by drag and drop and another with the keyboard alone, ticks checklist
items; Marie, on her phone, finds the task in « Mes tâches » and ticks it; Aline's board shows
it done. The board on a phone shows one column at a time."""

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.setup import ensure_reference_data
from social.groups.models import Visibility
from social.projects.models import Task
from tests.browser.test_journeys import log_in
from tests.browser.test_social import other_person
from tests.factories import ServiceFactory, UserFactory
from tests.social.groups.conftest import make_group

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def team():
    ensure_reference_data(organisation_name="Commune de Navigateur")
    service = ServiceFactory(name="Services techniques", slug="services-techniques")
    aline = UserFactory(
        email="aline.roux@exemple.fr", first_name="Aline", last_name="Roux", service=service
    )
    marie = UserFactory(
        email="marie.dupont@exemple.fr", first_name="Marie", last_name="Dupont", service=service
    )
    return make_group(aline, Visibility.CLOSED, "Ateliers municipaux", members=[marie])


def column(page, name):
    return page.locator("section.board-column", has=page.get_by_role("heading", name=name))


def cards(page, name):
    return column(page, name).locator(".task-card__title")


def test_a_project_from_first_task_to_done(page, browser, team):
    log_in(page, "aline.roux@exemple.fr")
    page.goto(page.base_url + team.get_absolute_url())
    page.get_by_role("navigation", name="Rubriques du groupe").get_by_role(
        "link", name="Projets"
    ).click()
    page.get_by_role("link", name="Nouveau projet").click()
    page.get_by_label("Nom").fill("Déménagement des ateliers")
    page.get_by_role("button", name="Créer le projet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déménagement des ateliers")
    for name in ("À faire", "En cours", "En validation", "Fait"):
        expect(page.get_by_role("heading", name=name)).to_be_visible()

    # A full task: assigned to Marie, due today.
    page.get_by_role("link", name="Nouvelle tâche").click()
    page.get_by_label("Titre").fill("Réserver le camion")
    page.get_by_label("Marie Dupont").check()
    page.get_by_label("Échéance").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Créer la tâche", exact=True).click()
    expect(cards(page, "À faire")).to_have_text(["Réserver le camion"])

    # Two quick ones, typed in the column (htmx swaps the board).
    quick = page.get_by_label("Nouvelle tâche dans « À faire »")
    quick.fill("Commander les cartons")
    quick.press("Enter")
    expect(cards(page, "À faire")).to_have_text(["Réserver le camion", "Commander les cartons"])
    page.get_by_label("Nouvelle tâche dans « À faire »").fill("Étiqueter les armoires")
    page.get_by_label("Nouvelle tâche dans « À faire »").press("Enter")
    expect(cards(page, "À faire")).to_have_count(3)

    # Drag and drop: « Commander les cartons » into « En cours ».
    card = page.locator(".task-card", has_text="Commander les cartons")
    with page.expect_response("**/deplacer/") as moved:
        card.drag_to(column(page, "En cours").locator("[data-column]"))
    assert moved.value.status == 204  # the board shown was the latest: nothing more to send
    page.wait_for_load_state("networkidle")
    expect(cards(page, "En cours")).to_have_text(["Commander les cartons"])
    expect(cards(page, "À faire")).to_have_text(["Réserver le camion", "Étiqueter les armoires"])

    # The keyboard alone: the card's « Déplacer… » menu, then up; the focus comes back to it.
    page.locator(".task-card", has_text="Étiqueter les armoires").locator(
        ".task-card__move"
    ).focus()
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_contain_text("Monter")
    page.keyboard.press("Enter")
    expect(cards(page, "À faire")).to_have_text(["Étiqueter les armoires", "Réserver le camion"])
    expect(page.locator(":focus")).to_contain_text("Déplacer…")
    # … and into another column through « Déplacer vers… ».
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_contain_text("Monter")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_attribute("name", "vers")
    page.keyboard.press("End")  # « Fait », the last column
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(cards(page, "Fait")).to_have_text(["Étiqueter les armoires"])

    # The task's checklist, ticked one item at a time.
    page.get_by_role("link", name="Réserver le camion", exact=True).click()
    for text in ("Comparer trois loueurs", "Réserver pour samedi"):
        page.get_by_label("Ajouter un élément").fill(text)
        page.get_by_role("button", name="Ajouter à la liste").click()
        expect(page.locator(".checklist__item", has_text=text)).to_be_visible()
    page.get_by_role("button", name="Cocher : Comparer trois loueurs").click()
    expect(page.get_by_role("heading", name="Liste de contrôle")).to_contain_text("1/2")
    expect(page.get_by_role("button", name="Décocher : Comparer trois loueurs")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Marie, on her phone, finds the task in « Mes tâches » and ticks it.
    marie = other_person(browser, page)
    log_in(marie, "marie.dupont@exemple.fr")
    marie.goto(marie.base_url + "/mes-taches/")
    today = marie.get_by_role("region", name="Aujourd'hui")
    expect(today).to_contain_text("Réserver le camion")
    marie.get_by_role("button", name="Marquer « Réserver le camion » comme terminée").click()
    expect(marie.locator("#my-tasks")).not_to_contain_text("Réserver le camion")
    # Her board shows one column at a time, with a switcher.
    board_url = Task.objects.get(title="Réserver le camion").project.get_absolute_url()
    marie.goto(marie.base_url + board_url)
    switcher = marie.get_by_role("navigation", name="Colonnes du tableau")
    expect(switcher).to_be_visible()
    switcher.get_by_role("link", name="Fait").click()
    expect(column(marie, "Fait")).to_be_in_viewport()
    expect(column(marie, "À faire")).not_to_be_in_viewport()

    page.goto(page.base_url + board_url)
    expect(cards(page, "Fait")).to_contain_text(["Réserver le camion"])
    assert not page.console_errors
