"""The library in Chromium: browse to a folder, search inside files, download, upload several
files with a progress bar each and a clear refusal for a bad one."""

import pytest
from playwright.sync_api import expect

from cms.demo import files
from cms.setup import ensure_reference_data
from knowledge.models import LibraryDocument, ServiceFolder
from tests.factories import ServiceFactory, UserFactory

from .test_journeys import log_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def library(media_root, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge.library.services import document_extract, document_upload

    ensure_reference_data(organisation_name="Commune de Navigateur")
    finances = ServiceFactory(name="Finances", slug="finances")
    agent = UserFactory(email="aline@exemple.fr", first_name="Aline", service=finances)
    folder = ServiceFolder.objects.get(service=finances).collection
    document = document_upload(
        user=agent,
        folder=folder,
        uploaded_file=SimpleUploadedFile(
            "guide.pdf",
            files.pdf_with_text(["Le mandatement des factures se fait sous trente jours"]),
        ),
        title="Guide de l'exécution budgétaire",
    )
    document_extract(document_id=document.pk)
    return {"folder": folder, "document": document, "tmp": tmp_path}


def test_an_agent_finds_a_document_by_its_content_and_downloads_it(page, library):
    log_in(page, "aline@exemple.fr")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Bibliothèque"
    ).click()
    page.get_by_role("link", name="Services").click()
    page.get_by_role("link", name="Finances").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Finances"
    assert "Guide de l'exécution budgétaire" in page.locator("#library-results").inner_text()

    page.get_by_label("Chercher dans ce dossier").fill("mandatement")
    page.get_by_role("button", name="Chercher", exact=True).click()
    page.wait_for_url("**q=mandatement**")
    assert "1 document trouvé" in page.locator("#library-results .results-count").inner_text()

    page.get_by_role("link", name="Guide de l'exécution budgétaire").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Guide de l'exécution budgétaire"
    expect(page.locator("img.document-preview")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger (PDF").click()
    download = download_info.value
    assert download.suggested_filename == "guide.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"
    assert page.console_errors == []


def test_an_agent_uploads_several_files_and_watches_their_progress(page, library):
    big = library["tmp"] / "rapport-annuel.pdf"
    big.write_bytes(files.pdf_with_text(files.sample_pages(1500, "rapport annuel")))
    small = library["tmp"] / "tableau.xlsx"
    small.write_bytes(files.xlsx([["Poste", "Montant"], ["Voirie", 1000]]))
    bad = library["tmp"] / "outil.pdf"
    bad.write_bytes(files.EXECUTABLE_WINDOWS)

    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + f"/bibliotheque/dossiers/{library['folder'].pk}/")
    # Record every value the first progress bar takes: a real upload reports its progress.
    page.evaluate(
        """() => { window.progressSeen = []; const list = document.querySelector('[data-upload-list]');
        new MutationObserver(() => { const bar = list.querySelector('progress');
          if (bar && !bar.dataset.watched) { bar.dataset.watched = '1';
            const tick = () => { window.progressSeen.push(bar.value); if (bar.value < 100) requestAnimationFrame(tick); };
            tick(); } }).observe(list, { childList: true }); }"""
    )
    page.get_by_label("Choisissez des fichiers ou glissez-les ici").set_input_files(
        [str(big), str(small), str(bad)]
    )

    items = page.locator(".upload__item")
    page.wait_for_function(
        "() => document.querySelectorAll('.upload__item--done, .upload__item--error').length === 3",
        timeout=60_000,
    )
    assert items.nth(0).locator(".upload__status").inner_text() == "Déposé"
    assert items.nth(0).locator("progress").evaluate("bar => bar.value") == 100
    assert items.nth(1).locator(".upload__status").inner_text() == "Déposé"
    assert "Les programmes exécutables ne sont pas acceptés." in items.nth(2).inner_text()
    assert max(page.evaluate("() => window.progressSeen")) == 100
    # The list of documents is refreshed in place and the result announced.
    page.wait_for_function(
        "() => document.querySelector('#library-results').innerText.includes('Rapport annuel')"
    )
    assert "Tableau" in page.locator("#library-results").inner_text()
    assert LibraryDocument.objects.count() == 3
    page.wait_for_function(
        "() => document.getElementById('live-region').textContent.includes('2 fichier(s) déposé(s), 1 refusé(s).')"
    )
    assert page.console_errors == []


def test_the_header_search_finds_a_document_without_accents_and_filters_by_kind(page, library):
    from home.models import NewsIndexPage
    from tests.factories import make_news

    make_news(
        NewsIndexPage.objects.get(),
        title="Clôture de l'exécution budgétaire",
        lead="Dernier mandatement le 15 décembre.",
    )
    log_in(page, "aline@exemple.fr")

    page.get_by_label("Rechercher dans l'intranet").first.fill("execution budgetaire mandatement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=execution+budgetaire+mandatement")
    results = page.locator("#search-results")
    assert "2 résultats" in results.locator(".results-count").inner_text()
    assert page.locator(".search-hit__snippet mark").count() >= 2

    page.get_by_role("link", name="Documents (1)").click()
    page.wait_for_url("**type=document**")
    assert "1 résultat" in results.locator(".results-count").inner_text()
    expect(results.get_by_role("link", name="Guide de l'exécution budgétaire")).to_be_visible()
    assert page.console_errors == []


def test_the_header_box_suggests_titles_and_is_driven_by_the_keyboard(page, library):
    log_in(page, "aline@exemple.fr")
    box = page.get_by_role("combobox", name="Rechercher dans l'intranet")
    listbox = page.get_by_role("listbox", name="Suggestions")

    box.press_sequentially("ex")
    expect(listbox.get_by_role("option").first).to_be_visible()  # two characters suggest
    box.press("Backspace")
    expect(listbox).to_be_hidden()  # one character suggests nothing
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press_sequentially("xecution budg")
    option = listbox.get_by_role("option", name="Guide de l'exécution budgétaire")
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    page.wait_for_function(
        "() => document.getElementById('site-search-status').textContent.includes('1 suggestion')"
    )

    box.press("ArrowDown")
    assert option.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    assert box.get_attribute("aria-expanded") == "false"

    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**/bibliotheque/documents/{library['document'].pk}/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Guide de l'exécution budgétaire"
    assert page.console_errors == []


def test_after_files_upload_on_their_own_no_button_is_left_to_post_an_empty_form(page, library):
    """Choosing files sends them at once; a « Déposer » button left on screen could only post an
    empty form and show « Choisissez au moins un fichier. » above the files just stored."""
    from playwright.sync_api import expect

    note = library["tmp"] / "note.pdf"
    note.write_bytes(files.pdf_with_text(["Note de service"]))
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + f"/bibliotheque/dossiers/{library['folder'].pk}/")
    before = LibraryDocument.objects.count()
    upload_form = page.locator("form[data-upload]")
    expect(upload_form.get_by_role("button", name="Déposer")).to_be_hidden()

    page.get_by_label("Choisissez des fichiers ou glissez-les ici").set_input_files([str(note)])

    expect(page.locator(".upload__item--done")).to_have_count(1, timeout=30_000)
    page.locator("form[data-upload]").evaluate("form => form.requestSubmit()")  # Enter, say
    expect(page.get_by_text("Choisissez au moins un fichier.")).to_be_hidden()
    assert page.url.endswith(f"/bibliotheque/dossiers/{library['folder'].pk}/")
    assert LibraryDocument.objects.count() == before + 1


def test_without_javascript_the_upload_button_sends_the_files(browser, live_server, library):
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.base_url = live_server.url
    note = library["tmp"] / "note.pdf"
    note.write_bytes(files.pdf_with_text(["Note de service"]))
    log_in(page, "aline@exemple.fr")
    page.goto(page.base_url + f"/bibliotheque/dossiers/{library['folder'].pk}/")
    before = LibraryDocument.objects.count()
    page.get_by_label("Choisissez des fichiers ou glissez-les ici").set_input_files([str(note)])

    page.locator("form[data-upload]").get_by_role("button", name="Déposer").click()

    expect(page.locator("#library-results")).to_contain_text("Note")
    assert LibraryDocument.objects.count() == before + 1
    context.close()
