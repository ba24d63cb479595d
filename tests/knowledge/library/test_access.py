"""A private folder and its documents do not exist for those outside its groups: lists, counts,
search, HTMX fragments, detail, preview, downloads, earlier versions, Wagtail's own document
URL and the admin chooser. Written from the side of the person who must not get in."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.demo import files
from knowledge.library.services import document_version_add

from ..conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(library, hr_insider):
    document = upload(
        hr_insider,
        library.private,
        "dossier-dupont.pdf",
        files.pdf_with_text(["Dossier individuel confidentiel de Martine Dupont"]),
        title="Dossier individuel Dupont",
    )
    document_version_add(
        user=hr_insider,
        document=document,
        uploaded_file=SimpleUploadedFile("v2.pdf", files.pdf_with_text(["Dupont mise à jour"])),
    )
    document.refresh_from_db()
    return document


@pytest.fixture
def outsider(agent):
    """An agent of another service, in no HR group (named so that the secret's word « Dupont »
    cannot come from their own name in the page's header: the factory's names are random)."""
    agent.last_name = "Garnier"
    agent.save(update_fields=["last_name"])
    return agent


def test_the_private_folder_is_not_listed_in_its_parent(outsider, library, secret, login):
    page = login(outsider).get(f"/bibliotheque/dossiers/{library.hr.pk}/").content.decode()

    assert "Dossiers individuels" not in page


def test_the_private_folder_is_404(outsider, library, secret, login):
    client = login(outsider)

    assert client.get(f"/bibliotheque/dossiers/{library.private.pk}/").status_code == 404
    assert (
        client.get(
            f"/bibliotheque/dossiers/{library.private.pk}/", HTTP_HX_REQUEST="true"
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "path",
    [
        "/bibliotheque/documents/{pk}/",
        "/bibliotheque/documents/{pk}/telecharger/",
        "/bibliotheque/documents/{pk}/apercu.png",
        "/bibliotheque/documents/{pk}/versions/1/telecharger/",
    ],
)
def test_every_route_of_a_private_document_is_404(outsider, secret, login, path):
    response = login(outsider).get(path.format(pk=secret.pk))

    assert response.status_code == 404
    assert b"Dupont" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_wagtails_document_url_follows_the_folder_rules(outsider, secret, login):
    response = login(outsider).get(f"/documents/{secret.pk}/{secret.filename}")

    assert response.status_code == 404


def test_writing_routes_of_a_private_document_are_404(outsider, secret, login, library):
    client = login(outsider)
    new_file = SimpleUploadedFile("x.pdf", files.pdf_with_text(["x"]))

    assert (
        client.post(
            f"/bibliotheque/documents/{secret.pk}/nouvelle-version/", {"file": new_file}
        ).status_code
        == 404
    )
    assert (
        client.post(f"/bibliotheque/documents/{secret.pk}/versions/1/retablir/").status_code == 404
    )
    upload_file = SimpleUploadedFile("x.pdf", files.pdf_with_text(["x"]))
    assert (
        client.post(
            f"/bibliotheque/dossiers/{library.private.pk}/deposer/", {"files": upload_file}
        ).status_code
        == 404
    )
    secret.refresh_from_db()
    assert secret.version_number == 2


def test_search_and_filters_never_show_a_private_document(outsider, secret, library, login):
    client = login(outsider)
    for query in ("?q=Dupont", "?q=confidentiel", "?type=pdf", f"?service={secret.service_id}"):
        page = client.get(f"/bibliotheque/{query}").content.decode()
        assert "Dossier individuel Dupont" not in page
        assert "0 document" in page
        fragment = client.get(
            f"/bibliotheque/dossiers/{library.hr.pk}/{query}", HTTP_HX_REQUEST="true"
        )
        assert "Dossier individuel Dupont" not in fragment.content.decode()


def test_the_folder_count_does_not_include_private_documents(outsider, secret, library, login):
    page = login(outsider).get(f"/bibliotheque/dossiers/{library.hr.pk}/").content.decode()

    assert "Dossiers individuels" not in page
    assert "Dossier individuel Dupont" not in page


def test_members_of_the_group_see_everything(hr_insider, secret, library, login):
    client = login(hr_insider)

    folder = client.get(f"/bibliotheque/dossiers/{library.hr.pk}/").content.decode()
    assert "Dossiers individuels" in folder
    assert "Dossier individuel Dupont" in client.get("/bibliotheque/?q=Dupont").content.decode()
    download = client.get(f"/bibliotheque/documents/{secret.pk}/versions/1/telecharger/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_superusers_see_private_documents(superuser, secret, login):
    assert login(superuser).get(f"/bibliotheque/documents/{secret.pk}/").status_code == 200


def test_the_admin_chooser_hides_private_documents(library, secret, login, direction):
    from django.contrib.auth.models import Group

    editor = __import__("tests.factories", fromlist=["UserFactory"]).UserFactory(
        email="editeur@exemple.fr", is_staff=True, service=direction
    )
    editor.groups.add(Group.objects.get(name="Chargés de communication"))
    response = login(editor).get("/admin/documents/chooser/?q=Dupont")

    assert response.status_code == 200
    assert "Dossier individuel Dupont" not in response.content.decode()


def test_anonymous_people_are_sent_to_the_login_page(client, secret):
    response = client.get(f"/bibliotheque/documents/{secret.pk}/telecharger/")

    assert response.status_code == 302
    assert "/connexion/" in response["Location"] or "login" in response["Location"]


def test_only_people_allowed_to_add_can_upload(agent, library, login):
    client = login(agent)
    refused = client.post(
        f"/bibliotheque/dossiers/{library.hr.pk}/deposer/",
        {"files": SimpleUploadedFile("a.pdf", files.pdf_with_text(["a"]))},
        HTTP_ACCEPT="application/json",
    )

    assert refused.status_code == 403
    assert "Vous ne pouvez pas déposer" in refused.json()["errors"][0]["message"]
    page = client.get(f"/bibliotheque/dossiers/{library.hr.pk}/").content.decode()
    assert "Déposer des fichiers" not in page


def test_only_editors_can_add_a_version_or_restore(agent, library, login, finances):
    from tests.factories import UserFactory

    colleague = UserFactory(email="collegue@exemple.fr", service=finances)
    document = upload(colleague, library.finances, "a.pdf", files.pdf_with_text(["a"]))
    client = login(agent)

    response = client.post(
        f"/bibliotheque/documents/{document.pk}/nouvelle-version/",
        {"file": SimpleUploadedFile("b.pdf", files.pdf_with_text(["b"]))},
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.version_number == 1
    assert (
        "Déposer une nouvelle version"
        not in client.get(f"/bibliotheque/documents/{document.pk}/").content.decode()
    )


def test_the_admin_hides_private_documents_from_those_with_root_rights(
    library, secret, login, communication_officer
):
    """The communication officers may change documents from the root folder; the HR private
    folder stays out of their admin listing, edit and delete views."""
    client = login(communication_officer)

    listing = client.get("/admin/documents/?q=Dupont")
    assert listing.status_code == 200
    assert "Dossier individuel Dupont" not in listing.content.decode()
    assert client.get(f"/admin/documents/edit/{secret.pk}/").status_code in (302, 403, 404)
    assert client.post(f"/admin/documents/delete/{secret.pk}/").status_code in (302, 403, 404)
    assert type(secret).objects.filter(pk=secret.pk).exists()


def test_the_admin_still_lists_documents_of_visible_folders(
    library, login, communication_officer, agent
):
    document = upload(
        agent, library.finances, "budget.pdf", files.pdf_with_text(["x"]), title="Budget voté"
    )

    listing = login(communication_officer).get("/admin/documents/")
    assert "Budget voté" in listing.content.decode()
    assert (
        login(communication_officer).get(f"/admin/documents/edit/{document.pk}/").status_code == 200
    )


def test_wagtails_document_url_is_sandboxed_as_the_library_download(hr_insider, secret, login):
    client = login(hr_insider)

    for path in (
        f"/documents/{secret.pk}/{secret.filename}",
        f"/bibliotheque/documents/{secret.pk}/telecharger/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        assert "sandbox" in response["Content-Security-Policy"], path
        assert response["X-Content-Type-Options"] == "nosniff"
