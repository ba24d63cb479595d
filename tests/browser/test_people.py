"""People in a real browser: a colleague found from the header by a misspelt name, their card
on hover and keyboard focus, their profile; an élu's commission with its documents; the org
chart by keyboard alone."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest
from playwright.sync_api import expect

from cms.demo.files import pdf_with_text
from cms.setup import ensure_reference_data
from knowledge.library.services import document_upload
from social.council.models import Commission, CommissionMember, Meeting
from social.people.models import Service, User
from tests.browser.test_journeys import log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def people(media_root):
    ensure_reference_data(organisation_name="Commune de Navigateur")
    direction = Service.objects.create(name="Direction générale", slug="dg", acronym="DGS")
    hr = Service.objects.create(
        name="Ressources humaines", slug="rh", acronym="DRH", parent=direction
    )
    Service.objects.create(name="Paie", slug="paie", parent=hr)
    camille = UserFactory(
        email="camille.duval@exemple.fr",
        first_name="Camille",
        last_name="Duval",
        job_title="Gestionnaire paie",
        service=hr,
        phone="01 23 45 67 89",
    )
    hr.head = camille
    hr.save()
    agent = UserFactory(
        email="aline@exemple.fr", first_name="Aline", last_name="Martin", service=direction
    )
    mayor = UserFactory(
        email="maire@exemple.fr", first_name="Martine", last_name="Delaunay", role=User.Role.ELU
    )
    return {"camille": camille, "agent": agent, "mayor": mayor}


def test_a_colleague_is_found_from_the_header_by_a_misspelt_name(page, people):
    log_in(page, "aline@exemple.fr")
    box = page.get_by_role("combobox", name="Rechercher dans l'intranet")
    box.fill("duvall")
    option = page.get_by_role("option").filter(has_text="Camille Duval")
    expect(option).to_be_visible()
    expect(option).to_contain_text("Gestionnaire paie")
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url("**/annuaire/camille-duval/")
    assert page.get_by_role("heading", level=1).inner_text() == "Camille Duval"
    assert "01 23 45 67 89" in page.locator("main").inner_text()
    assert page.console_errors == []


def test_a_name_opens_its_card_on_hover_and_on_keyboard_focus(page, people):
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + "/organigramme/")
    link = page.locator("a.person-link", has_text="Camille Duval").first
    link.hover()
    card = page.get_by_role("tooltip")
    expect(card).to_contain_text("Gestionnaire paie")
    expect(card).to_contain_text("Appeler le 01 23 45 67 89")
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    page.mouse.move(0, 0)
    link.focus()
    expect(page.get_by_role("tooltip")).to_contain_text("Ressources humaines")
    assert link.get_attribute("aria-describedby") == "person-card-popup"
    page.keyboard.press("Enter")
    page.wait_for_url("**/annuaire/camille-duval/")


def test_the_org_chart_by_keyboard_alone(page, people):
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + "/organigramme/")
    page.keyboard.press("Tab")  # skip link first
    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "org-filter":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "org-filter"
    page.keyboard.type("paie")
    expect(page.locator("#org-filter-status")).to_have_text("1 services trouvés.")
    expect(page.locator("#service-paie")).to_be_visible()
    # Folding a service with the keyboard: its summary is focusable and Enter toggles it
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.tagName")
    assert focused in ("SUMMARY", "A")
    summary = page.locator("#service-dg > details > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("#service-dg > details").get_attribute("open") is None
    page.keyboard.press("Enter")
    assert page.locator("#service-dg > details").get_attribute("open") is not None


def test_an_elu_opens_a_commission_and_its_documents(page, people, superuser):
    mayor = people["mayor"]
    commission = Commission.objects.create(name="Commission des finances", slug="finances")
    CommissionMember.objects.create(commission=commission, person=mayor, role="president")
    commission.refresh_from_db()
    convocation = document_upload(
        user=superuser,
        folder=commission.folder,
        uploaded_file=SimpleUploadedFile("convocation.pdf", pdf_with_text(["Convocation"])),
        title="Convocation du 12 janvier",
    )
    Meeting.objects.create(
        commission=commission,
        starts_at=timezone.now() + datetime.timedelta(days=5),
        agenda="Budget primitif",
        convocation=convocation,
    )
    log_in(page, "maire@exemple.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Élus"
    ).click()
    page.get_by_role("link", name="Commission des finances").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Commission des finances"
    page.get_by_role("link", name="Convocation du 12 janvier").click()
    assert "Convocation du 12 janvier" in page.get_by_role("heading", level=1).inner_text()
    # A colleague outside the commission sees neither the meeting nor the convocation
    page.context.clear_cookies()
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + "/elus/commissions/finances/")
    assert "Convocation du 12 janvier" not in page.locator("main").inner_text()
    assert page.console_errors == []
