"""The library as agents use it: browse, filter, search inside files, upload, versions."""

import hashlib
import re
import unicodedata

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.demo import files
from knowledge.models import ExtractionStatus, LibraryDocument, LibraryDocumentVersion
from tests import hostile_files
from tests.factories import ThemeFactory
from tests.hostile import stored_files

from ..conftest import upload

pytestmark = pytest.mark.django_db


def test_the_library_opens_on_the_services_folders(agent, library, login):
    page = login(agent).get("/bibliotheque/").content.decode()

    assert "Services" in page
    services = (
        login(agent).get(f"/bibliotheque/dossiers/{library.hr.get_parent().pk}/").content.decode()
    )
    assert "Finances" in services and "Direction des ressources humaines" in services


def test_folder_counts_include_sub_folders_and_only_what_the_reader_sees(
    agent, library, login, hr_insider, payroll_agent
):
    upload(payroll_agent, library.payroll, "a.pdf", files.pdf_with_text(["a"]), extract=False)
    upload(hr_insider, library.private, "b.pdf", files.pdf_with_text(["b"]), extract=False)
    services = library.hr.get_parent()

    seen_by_agent = login(agent).get(f"/bibliotheque/dossiers/{services.pk}/").content.decode()
    seen_by_insider = (
        login(hr_insider).get(f"/bibliotheque/dossiers/{services.pk}/").content.decode()
    )

    hr_entry = r"Direction des ressources humaines</span>\s*<span class=\"folder-list__count\">(\d+) document"
    assert re.search(hr_entry, seen_by_agent).group(1) == "1"
    assert re.search(hr_entry, seen_by_insider).group(1) == "2"


def test_a_folder_lists_its_documents_with_type_size_date_and_service(agent, library, login):
    upload(
        agent,
        library.finances,
        "budget.pdf",
        files.pdf_with_text(["Budget"]),
        title="Budget primitif 2027",
    )
    page = login(agent).get(f"/bibliotheque/dossiers/{library.finances.pk}/").content.decode()

    assert "Budget primitif 2027" in page
    assert "<td>PDF</td>" in page
    assert "Finances</td>" in page
    assert 'aria-current="page">Finances</a>' in page  # breadcrumbs end on the folder


def test_searching_a_folder_finds_words_inside_files_in_french(agent, library, login):
    upload(
        agent,
        library.finances,
        "cm.pdf",
        files.pdf_with_text(["Les élections municipales auront lieu en mars"]),
        title="Note A",
    )
    upload(
        agent, library.finances, "autre.pdf", files.pdf_with_text(["Rien à voir"]), title="Note B"
    )
    client = login(agent)

    page = client.get(
        f"/bibliotheque/dossiers/{library.finances.pk}/?q=élection municipale"
    ).content.decode()

    assert "Note A" in page
    assert "Note B" not in page


def test_searching_a_folder_stays_inside_it(agent, library, login, payroll_agent):
    upload(
        payroll_agent,
        library.payroll,
        "paie.pdf",
        files.pdf_with_text(["Bulletin de salaire"]),
        title="Paie de mars",
    )
    upload(
        agent,
        library.finances,
        "fin.pdf",
        files.pdf_with_text(["Bulletin de salaire"]),
        title="Salaire finances",
    )
    client = login(agent)

    hr = client.get(f"/bibliotheque/dossiers/{library.hr.pk}/?q=salaire").content.decode()
    assert "Paie de mars" in hr  # found in the sub-folder « Paie »
    assert "Salaire finances" not in hr


def test_filters_by_type_theme_and_tag(agent, library, login):
    housing = ThemeFactory(name="Logement", slug="logement")
    pdf = upload(
        agent,
        library.finances,
        "a.pdf",
        files.pdf_with_text(["a"]),
        title="Un PDF",
        themes=[housing],
    )
    upload(
        agent, library.finances, "b.xlsx", files.xlsx([["b"]]), title="Un tableur", tags=["budget"]
    )
    client = login(agent)
    base = f"/bibliotheque/dossiers/{library.finances.pk}/"

    by_type = client.get(base + "?type=sheet").content.decode()
    assert "Un tableur" in by_type and "Un PDF" not in by_type
    by_theme = client.get(base + "?theme=logement").content.decode()
    assert "Un PDF" in by_theme and "Un tableur" not in by_theme
    by_tag = client.get(base + "?tag=budget").content.decode()
    assert "Un tableur" in by_tag and "Un PDF" not in by_tag
    assert pdf.themes.get() == housing


def test_sorting_by_title(agent, library, login):
    for title in ("Charlie", "Alpha", "Bravo"):
        upload(agent, library.finances, "x.txt", title.encode(), title=title, extract=False)
    page = (
        login(agent)
        .get(f"/bibliotheque/dossiers/{library.finances.pk}/?sort=title")
        .content.decode()
    )

    assert page.index("Alpha") < page.index("Bravo") < page.index("Charlie")


@pytest.mark.parametrize("sort", ["recent", "title", "size", "type"])
def test_search_results_can_be_sorted(agent, library, login, sort):
    upload(agent, library.finances, "a.txt", b"Rapport court", title="Zeta")
    upload(agent, library.finances, "b.txt", b"Rapport beaucoup plus long " * 50, title="Alpha")
    page = login(agent).get(f"/bibliotheque/?q=rapport&sort={sort}").content.decode()

    assert "Zeta" in page and "Alpha" in page
    if sort in ("title", "size"):
        assert page.index("Alpha") < page.index("Zeta")


def test_htmx_gets_the_results_fragment_only(agent, library, login, settings):
    settings.LIBRARY_PAGE_SIZE = 2
    for number in range(3):
        upload(agent, library.finances, "x.txt", b"x", title=f"Document {number}", extract=False)
    client = login(agent)

    response = client.get(
        f"/bibliotheque/dossiers/{library.finances.pk}/?page=2", HTTP_HX_REQUEST="true"
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="library-results"' in body
    assert "Page 2 sur 2" in body
    assert response["Vary"].find("HX-Request") >= 0


def test_uploading_with_the_script_answers_json_and_analyses_the_file(
    agent, library, login, django_capture_on_commit_callbacks
):
    client = login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/bibliotheque/dossiers/{library.finances.pk}/deposer/",
            {
                "files": SimpleUploadedFile(
                    "Délibération n°3.pdf", files.pdf_with_text(["Budget voté"])
                )
            },
            HTTP_ACCEPT="application/json",
        )

    assert response.status_code == 201
    created = response.json()["documents"][0]
    document = LibraryDocument.objects.get(pk=created["id"])
    assert document.title == "Délibération n°3"
    assert document.uploaded_by_user == agent
    assert document.service.name == "Finances"
    assert document.extraction_status == ExtractionStatus.DONE
    assert "Budget voté" in document.extracted_text
    assert document.checksum == hashlib.sha256(files.pdf_with_text(["Budget voté"])).hexdigest()


def test_uploading_several_files_without_javascript(agent, library, login):
    client = login(agent)
    response = client.post(
        f"/bibliotheque/dossiers/{library.finances.pk}/deposer/",
        {
            "files": [
                SimpleUploadedFile("a.pdf", files.pdf_with_text(["a"])),
                SimpleUploadedFile("b.docx", files.docx(["b"])),
                SimpleUploadedFile("virus.exe", files.EXECUTABLE_WINDOWS),
            ]
        },
        follow=True,
    )

    page = response.content.decode()
    assert LibraryDocument.objects.count() == 2
    assert "virus.exe\u00a0: Les programmes exécutables ne sont pas acceptés." in page
    assert "a été déposé" in page


HOSTILE = [
    ("script.svg", files.SVG_WITH_SCRIPT, "SVG"),
    ("vide.pdf", b"", "vide"),
    ("programme.pdf", files.EXECUTABLE_LINUX, "exécutables"),
    ("installeur.exe", files.EXECUTABLE_WINDOWS, "exécutables"),
    ("bombe.docx", hostile_files.zip_bomb_docx(), "volume anormalement grand"),
    ("bombe.png", hostile_files.png_decompression_bomb(), "trop grande"),
    ("archive.zip", files._zip([("a.txt", "a")]), "archives"),
    ("faux.docx", b"PK\x03\x04 not really a zip", "endommagé"),
]


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_before_anything_is_stored(
    agent, library, login, media_root, name, data, message
):
    response = login(agent).post(
        f"/bibliotheque/dossiers/{library.finances.pk}/deposer/",
        {"files": SimpleUploadedFile(name, data)},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert message in response.json()["errors"][0]["message"]
    assert LibraryDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_the_english_interface_gets_english_refusals(agent, library, login):
    client = login(agent)
    client.cookies["django_language"] = "en"
    response = client.post(
        f"/bibliotheque/dossiers/{library.finances.pk}/deposer/",
        {"files": SimpleUploadedFile("x.exe", files.EXECUTABLE_WINDOWS)},
        HTTP_ACCEPT="application/json",
    )

    assert response.json()["errors"][0]["message"] == "Executable programs are not accepted."


def test_too_large_files_are_refused_with_the_limit(agent, library, login, settings):
    settings.LIBRARY_MAX_UPLOAD_SIZE = 1024
    response = login(agent).post(
        f"/bibliotheque/dossiers/{library.finances.pk}/deposer/",
        {"files": SimpleUploadedFile("gros.pdf", files.pdf_with_text(files.sample_pages(5)))},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert "taille maximale autorisée (1,0" in response.json()["errors"][0]["message"]
    assert LibraryDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("given", "pattern"),
    [
        ("../../etc/passwd.pdf", r"^documents/[0-9a-f]{16}/passwd\.pdf$"),
        ("C:\\Users\\x\\rapport final.pdf", r"^documents/[0-9a-f]{16}/rapport_final\.pdf$"),
        ("nul\x00byte.pdf", r"^documents/[0-9a-f]{16}/nulbyte\.pdf$"),
        ("a" * 300 + ".pdf", r"^documents/[0-9a-f]{16}/a{96}\.pdf$"),
        ("rapport.docx", r"^documents/[0-9a-f]{16}/rapport\.pdf$"),  # a PDF, whatever its name
        ("<script>.pdf", r"^documents/[0-9a-f]{16}/script\.pdf$"),
    ],
)
def test_file_names_are_sanitised_and_follow_the_real_type(agent, library, given, pattern):
    document = upload(agent, library.finances, given, files.pdf_with_text(["x"]), extract=False)

    assert re.match(pattern, document.file.name), document.file.name
    assert document.mime_type == "application/pdf"


def test_downloads_are_attachments_with_the_real_type(agent, library, login):
    document = upload(agent, library.finances, "page.pdf", files.HTML_PAGE, extract=False)
    response = login(agent).get(f"/bibliotheque/documents/{document.pk}/telecharger/")

    assert response["Content-Type"] == "text/html"
    assert response["Content-Disposition"].startswith('attachment; filename="page.html"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == files.HTML_PAGE


def test_nginx_sends_the_bytes_when_configured(agent, library, login, settings):
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    document = upload(agent, library.finances, "a.pdf", files.pdf_with_text(["a"]), extract=False)
    response = login(agent).get(f"/bibliotheque/documents/{document.pk}/telecharger/")

    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    assert response.content == b""
    assert response["Content-Disposition"].startswith("attachment")


def test_apache_sends_the_bytes_when_configured(agent, library, login, settings):
    settings.MEDIA_X_SENDFILE = True
    document = upload(agent, library.finances, "a.pdf", files.pdf_with_text(["a"]), extract=False)
    response = login(agent).get(f"/bibliotheque/documents/{document.pk}/telecharger/")

    assert response["X-Sendfile"] == document.file.path


def test_media_urls_of_documents_are_never_served(agent, library, login):
    document = upload(agent, library.finances, "a.pdf", files.pdf_with_text(["a"]))
    client = login(agent)

    assert client.get(f"/media/{document.file.name}").status_code == 404
    assert client.get(f"/media/{document.preview.name}").status_code == 404


def test_a_new_version_keeps_the_previous_one(agent, library, login):
    document = upload(agent, library.finances, "v1.pdf", files.pdf_with_text(["Première version"]))
    client = login(agent)

    response = client.post(
        f"/bibliotheque/documents/{document.pk}/nouvelle-version/",
        {"file": SimpleUploadedFile("v2.pdf", files.pdf_with_text(["Seconde version"]))},
        follow=True,
    )

    document.refresh_from_db()
    assert "Nouvelle version 2 déposée" in response.content.decode()
    assert document.version_number == 2
    assert document.extraction_status == ExtractionStatus.PENDING
    version = document.versions.get()
    assert (version.number, version.uploaded_by, version.file_size) == (
        1,
        agent,
        len(files.pdf_with_text(["Première version"])),
    )
    old = client.get(f"/bibliotheque/documents/{document.pk}/versions/1/telecharger/")
    assert b"".join(old.streaming_content) == files.pdf_with_text(["Première version"])


def test_restoring_a_version_makes_it_current_as_a_new_version(agent, library, login):
    first = files.pdf_with_text(["Première version"])
    document = upload(agent, library.finances, "v1.pdf", first)
    client = login(agent)
    client.post(
        f"/bibliotheque/documents/{document.pk}/nouvelle-version/",
        {"file": SimpleUploadedFile("v2.pdf", files.pdf_with_text(["Seconde"]))},
    )

    client.post(f"/bibliotheque/documents/{document.pk}/versions/1/retablir/")

    document.refresh_from_db()
    assert document.version_number == 3
    assert document.checksum == hashlib.sha256(first).hexdigest()
    assert sorted(document.versions.values_list("number", flat=True)) == [1, 2]
    current = client.get(f"/bibliotheque/documents/{document.pk}/telecharger/")
    assert b"".join(current.streaming_content) == first


def test_replacing_the_file_in_the_admin_keeps_the_previous_version(superuser, library, login):
    document = upload(superuser, library.finances, "v1.pdf", files.pdf_with_text(["Avant"]))
    client = login(superuser)

    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": document.title,
            "collection": library.finances.pk,
            "file": SimpleUploadedFile("v2.pdf", files.pdf_with_text(["Après"])),
            "tags": "",
            "description": "",
        },
    )

    assert response.status_code == 302
    document.refresh_from_db()
    assert document.version_number == 2
    version = LibraryDocumentVersion.objects.get(document=document)
    with version.file.open("rb") as old:
        assert old.read() == files.pdf_with_text(["Avant"])


def test_the_admin_refuses_an_executable(superuser, library, login):
    response = login(superuser).post(
        "/admin/documents/add/",
        {
            "title": "Outil",
            "collection": library.finances.pk,
            "file": SimpleUploadedFile("outil.pdf", files.EXECUTABLE_WINDOWS),
            "tags": "",
        },
    )

    assert response.status_code == 200
    assert "Les programmes exécutables ne sont pas acceptés." in response.content.decode()
    assert LibraryDocument.objects.count() == 0


def test_deleting_a_document_removes_its_files(
    agent, library, superuser, login, media_root, django_capture_on_commit_callbacks
):
    document = upload(agent, library.finances, "v1.pdf", files.pdf_with_text(["a"]))
    from knowledge.library.services import document_version_add

    document_version_add(
        user=agent,
        document=document,
        uploaded_file=SimpleUploadedFile("v2.pdf", files.pdf_with_text(["b"])),
    )
    assert len(stored_files(media_root)) == 3  # v1, v2, preview of v1

    with django_capture_on_commit_callbacks(execute=True):
        LibraryDocument.objects.get(pk=document.pk).delete()

    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "name",
    [
        "Procès-verbal_du_conseil_d'école.pdf",
        unicodedata.normalize("NFD", "Procès-verbal_du_conseil_d'école.pdf"),  # macOS
        "Proc%C3%A8s-verbal_du_conseil_d'%C3%A9cole.pdf",  # percent-encoded by the client
    ],
)
def test_a_title_taken_from_the_file_name_keeps_its_accents(agent, library, login, name):
    login(agent).post(
        f"/bibliotheque/dossiers/{library.finances.pk}/deposer/",
        {"files": SimpleUploadedFile(name, files.pdf_with_text(["Compte rendu"]))},
        HTTP_ACCEPT="application/json",
    )

    document = LibraryDocument.objects.get()
    assert document.title == "Procès verbal du conseil d'école"
    assert (
        "Procès verbal du conseil"
        in login(agent).get("/bibliotheque/?q=proces+verbal").content.decode()
    )


def test_a_new_version_of_another_type_is_said_before_it_is_accepted(agent, library, login):
    document = upload(agent, library.finances, "budget.pdf", files.pdf_with_text(["Budget"]))
    client = login(agent)
    url = f"/bibliotheque/documents/{document.pk}/nouvelle-version/"

    refused = client.post(url, {"file": SimpleUploadedFile("budget.docx", files.docx(["B"]))})
    page = client.get(refused["Location"]).content.decode()
    assert "Le document était un PDF, la nouvelle version est un DOCX." in page
    document.refresh_from_db()
    assert (document.version_number, document.file_extension) == (1, "pdf")

    client.post(
        url,
        {
            "file": SimpleUploadedFile("budget.docx", files.docx(["B"])),
            "accept_type_change": "1",
        },
    )
    document.refresh_from_db()
    assert (document.version_number, document.file_extension) == (2, "docx")


def test_a_new_version_of_the_same_type_needs_no_confirmation(agent, library, login):
    document = upload(agent, library.finances, "budget.pdf", files.pdf_with_text(["Budget"]))

    login(agent).post(
        f"/bibliotheque/documents/{document.pk}/nouvelle-version/",
        {"file": SimpleUploadedFile("budget-v2.pdf", files.pdf_with_text(["Budget v2"]))},
    )

    document.refresh_from_db()
    assert document.version_number == 2
