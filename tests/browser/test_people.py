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


def test_an_hr_import_is_followed_from_its_page_until_confirmed(page, people, superuser):
    """The page of an import a worker is still reading updates by itself (people-import.js),
    then the administrator confirms it and reads the outcome."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from social.people.import_jobs import people_import_check
    from social.people.models import PeopleImport

    export = (
        "Matricule;Nom;Prénom;Fonction;Service\n"
        "N001;Lefèvre;Inès;Technicienne réseaux;rh\n"
        "N002;Roux;Paul;Jardinier;rh\n"
    )
    stored = default_storage.save("imports/people-navigateur.csv", ContentFile(export.encode()))
    job = PeopleImport.objects.create(
        token="00000000-0000-0000-0000-00000000b001",
        created_by=superuser,
        file_name="export-rh.csv",
        stored_as=stored,
        full=False,
    )
    log_in(page, "admin@exemple.fr")
    page.goto(f"{page.base_url}/admin/personnes/import/{job.token}/")
    expect(page.locator("#people-import-status")).to_contain_text("Lecture du fichier")
    people_import_check(job.pk)  # the worker, meanwhile
    expect(page.get_by_role("button", name="Confirmer l'import")).to_be_visible(timeout=10_000)
    expect(page.locator("#people-import-status")).to_contain_text("Lefèvre Inès")
    expect(page.locator("#people-import-said")).to_contain_text("Prêt à importer")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.locator("#people-import-status")).to_contain_text(
        "Import terminé\u00a0: 2 création(s)", timeout=10_000
    )
    assert User.objects.filter(employee_number__in=["N001", "N002"]).count() == 2
    assert page.console_errors == []


def test_a_service_is_dragged_under_another_with_its_sub_tree(page, people, superuser):
    payroll = Service.objects.get(slug="paie")
    hr = Service.objects.get(slug="rh")
    finances = Service.objects.create(name="Finances", slug="finances")
    log_in(page, "admin@exemple.fr")
    page.goto(page.base_url + "/admin/services/arbre/")
    page.locator(f'[data-service="{hr.pk}"]').drag_to(
        page.locator(f'[data-service="{finances.pk}"]')
    )
    expect(page.locator(".messages")).to_contain_text("dépend maintenant de", timeout=10_000)
    hr.refresh_from_db()
    payroll.refresh_from_db()
    assert hr.parent == finances and payroll.parent == hr  # Paie came along
    # Under its own sub-tree: refused, said, nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f'[data-service="{finances.pk}"]').drag_to(
        page.locator(f'[data-service="{payroll.pk}"]')
    )
    expect(page.locator("#service-tree-said")).to_contain_text("qui en dépend")
    finances.refresh_from_db()
    assert finances.parent is None
    # By keyboard: the « Déplacer » link and its form
    page.get_by_role("link", name="Déplacer Ressources humaines").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Rattacher").select_option(label="Direction générale")
    page.get_by_role("button", name="Déplacer").click()
    expect(page.locator(".messages")).to_contain_text("dépend maintenant de")
    hr.refresh_from_db()
    assert hr.parent.slug == "dg"
    assert page.console_errors == []
