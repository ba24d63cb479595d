"""Text, page count, language and preview of every accepted format, and the limits that keep a
hostile file from exhausting the worker."""

import pytest

from cms.demo import files
from knowledge.models import ExtractionFailure, ExtractionStatus
from tests import hostile_files

from ..conftest import upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "data", "expected", "pages"),
    [
        (
            "deliberation.pdf",
            files.pdf_with_text(["Délibération n° 12", "Budget primitif"]),
            "Budget primitif",
            2,
        ),
        (
            "charte.docx",
            files.docx(["Charte du télétravail", "Deux jours par semaine"], pages=3),
            "Deux jours par semaine",
            3,
        ),
        (
            "reglement.odt",
            files.odt(["Règlement intérieur", "Horaires  variables"], pages=2),
            "Horaires variables",
            2,
        ),
        (
            "budget.xlsx",
            files.xlsx([["Poste", "Montant"], ["Médiathèque", 1200]]),
            "Médiathèque 1200",
            1,
        ),
        ("budget.ods", files.ods([["Poste", "Montant"], ["Piscine", "300"]]), "Piscine", 1),
        ("conseil.odp", files.odp(["Conseil des maires", "Ordre du jour"]), "Ordre du jour", 2),
        ("projet.pptx", files.pptx(["Projet de service", "Calendrier 2027"]), "Calendrier 2027", 2),
        (
            "arrete.rtf",
            files.rtf("Arrêté municipal relatif aux élections"),
            "Arrêté municipal relatif aux élections",
            None,
        ),
        ("note.html", files.HTML_PAGE, "Les congés d'été sont à poser", None),
        (
            "note.txt",
            "Note : congés d'été à poser avant mars".encode("cp1252"),
            "congés d'été",
            None,
        ),
        ("liste.csv", b"nom;service\nDupont;Finances\n", "Dupont;Finances", None),
    ],
)
def test_text_and_page_count_are_extracted(agent, library, name, data, expected, pages):
    document = upload(agent, library.finances, name, data)

    assert document.extraction_status == ExtractionStatus.DONE
    assert expected in document.extracted_text
    assert document.page_count == pages


def test_a_pdf_gets_a_first_page_preview_and_its_language(agent, library):
    document = upload(agent, library.finances, "cm.pdf", files.pdf_with_text(files.sample_pages(3)))

    assert document.preview.name.endswith(".png")
    with document.preview.open("rb") as preview:
        assert preview.read(8) == b"\x89PNG\r\n\x1a\n"
    assert document.language == "fr"
    assert document.page_count == 3


def test_an_image_gets_a_preview_and_no_text(agent, library):
    document = upload(agent, library.finances, "plan.png", files.png(800, 600))

    assert document.extraction_status == ExtractionStatus.DONE
    assert document.preview
    assert document.extracted_text == ""


def test_a_scanned_pdf_is_done_with_no_text_and_says_so(agent, library, login):
    document = upload(agent, library.finances, "scan.pdf", files.pdf_scanned(pages=2))

    assert document.extraction_status == ExtractionStatus.DONE
    assert document.extracted_text == ""
    assert document.page_count == 2
    page = login(agent).get(f"/bibliotheque/documents/{document.pk}/").content.decode()
    assert "Aucun texte n'a été trouvé dans ce fichier" in page


def test_a_corrupted_pdf_fails_with_a_reason_and_stays_downloadable(agent, library, login):
    document = upload(agent, library.finances, "casse.pdf", hostile_files.pdf_corrupt())

    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_failure == ExtractionFailure.CORRUPT
    client = login(agent)
    page = client.get(f"/bibliotheque/documents/{document.pk}/").content.decode()
    assert "Le fichier est endommagé ou illisible." in page
    download = client.get(f"/bibliotheque/documents/{document.pk}/telecharger/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == hostile_files.pdf_corrupt()


def test_entity_expansion_in_an_office_file_is_refused_not_expanded(agent, library):
    document = upload(agent, library.finances, "rires.docx", hostile_files.billion_laughs_docx())

    assert document.extraction_status == ExtractionStatus.FAILED
    assert "lol" not in document.extracted_text


def test_a_member_inflating_beyond_the_limit_is_stopped_while_reading(agent, library, settings):
    data = files.docx(["x" * 200_000])
    document = upload(agent, library.finances, "gros.docx", data, extract=False)
    settings.LIBRARY_MAX_UNCOMPRESSED_SIZE = 100_000  # smaller than the document part

    from knowledge.library.services import document_extract

    document_extract(document_id=document.pk)
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_failure == ExtractionFailure.TOO_LARGE


def test_text_is_capped_and_the_document_says_it_was_truncated(agent, library, settings, login):
    settings.LIBRARY_MAX_TEXT_CHARS = 5_000
    document = upload(
        agent, library.finances, "long.pdf", files.pdf_with_text(files.sample_pages(20))
    )

    assert document.text_truncated
    assert len(document.extracted_text) <= 5_000
    assert document.page_count == 20
    page = login(agent).get(f"/bibliotheque/documents/{document.pk}/").content.decode()
    assert "seul son début" in page


def test_an_extraction_over_its_time_budget_fails_as_timeout(agent, library, settings):
    settings.LIBRARY_EXTRACTION_TIME_BUDGET = -1  # already over when it starts
    document = upload(agent, library.finances, "lent.pdf", files.pdf_with_text(["Lent"]))

    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_failure == ExtractionFailure.TIMEOUT


def test_legacy_office_files_are_kept_but_not_analysed(agent, library):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000
    document = upload(agent, library.finances, "ancien.doc", ole)

    assert document.mime_type == "application/msword"
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_failure == ExtractionFailure.UNSUPPORTED


def test_extraction_is_idempotent(agent, library):
    from knowledge.library.services import document_extract

    document = upload(agent, library.finances, "a.pdf", files.pdf_with_text(["Une fois"]))

    assert document_extract(document_id=document.pk) == "already-done"
    document.refresh_from_db()
    assert document.extraction_attempts == 1


def test_a_file_that_killed_its_worker_too_often_is_set_aside(agent, library, settings):
    from knowledge.library.services import document_extract

    document = upload(
        agent, library.finances, "poison.pdf", files.pdf_with_text(["x"]), extract=False
    )
    type(document).objects.filter(pk=document.pk).update(
        extraction_attempts=settings.LIBRARY_EXTRACTION_MAX_ATTEMPTS
    )

    assert document_extract(document_id=document.pk) == "gave-up"
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_failure == ExtractionFailure.GAVE_UP


def test_results_for_a_replaced_file_are_thrown_away(agent, library):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from knowledge.library import services

    document = upload(
        agent, library.finances, "v1.pdf", files.pdf_with_text(["Première"]), extract=False
    )
    checksum = document.checksum
    services.document_version_add(
        user=agent,
        document=document,
        uploaded_file=SimpleUploadedFile("v2.pdf", files.pdf_with_text(["Seconde"])),
    )

    assert services._extraction_finish(document.pk, checksum, failure="corrupt") == "file-changed"
    document.refresh_from_db()
    assert document.extraction_status == ExtractionStatus.PENDING
