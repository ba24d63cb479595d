"""The antivirus (ClamAV, optional): every upload is scanned by a real clamd before anything
reads it; an infected file is quarantined (never served, never analysed, its uploader and the
folder's editors told); while clamd is down, files wait « en attente d'analyse antivirus »."""

import io

from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import GroupCollectionPermission

import pytest

from cms.demo import files
from knowledge.library.services import document_extract, document_version_add
from knowledge.models import ExtractionFailure, ExtractionStatus, LibraryDocument, ScanStatus
from social.notifications.models import Notification
from tests.clamd import EICAR
from tests.factories import UserFactory
from tests.knowledge.conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder_editor(library):
    """Someone who looks after the finances folder (Wagtail's « change » on it)."""
    editors = Group.objects.create(name="Éditeurs — Finances")
    GroupCollectionPermission.objects.create(
        group=editors,
        collection=library.finances,
        permission=Permission.objects.get(codename="change_document"),
    )
    user = UserFactory(email="editrice.finances@exemple.fr")
    user.groups.add(editors)
    return user


def download(client, document):
    return client.get(f"/bibliotheque/documents/{document.pk}/telecharger/")


def test_a_clean_file_waits_for_the_antivirus_then_is_served(antivirus, agent, library, login):
    content = files.docx(["Note de service", "Astreintes hivernales"])
    document = upload(agent, library.finances, "note.docx", content, extract=False)
    assert document.scan_status == ScanStatus.PENDING
    client = login(agent)
    waiting = download(client, document)
    assert waiting.status_code == 409
    assert "en attente d'analyse antivirus" in waiting.content.decode()
    assert (
        "en attente d'analyse antivirus"
        in client.get(f"/bibliotheque/documents/{document.pk}/").content.decode()
    )

    assert document_extract(document_id=document.pk) == "done"
    document.refresh_from_db()
    assert document.scan_status == ScanStatus.CLEAN and document.scanned_at
    served = download(client, document)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == content


def test_an_infected_file_is_quarantined_and_its_people_told(
    antivirus,
    agent,
    library,
    login,
    folder_editor,
    finances,
    admin_user,
    django_capture_on_commit_callbacks,
):
    reader = UserFactory(email="lecteur@exemple.fr", service=finances)
    document = upload(agent, library.finances, "facture.txt", EICAR, extract=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert document_extract(document_id=document.pk) == "scan:infected"
    document.refresh_from_db()
    assert document.scan_status == ScanStatus.INFECTED
    assert document.scan_signature.endswith(".UNOFFICIAL")
    # Nothing read it: no text, no preview, the analysis recorded as refused.
    assert document.extraction_status == ExtractionStatus.FAILED
    assert document.extraction_failure == ExtractionFailure.INFECTED
    assert document.extracted_text == "" and not document.preview

    for person in (agent, folder_editor, reader, admin_user):
        answer = download(login(person), document)
        assert answer.status_code == 409
        assert EICAR not in answer.content
        assert "quarantaine" in answer.content.decode()
    page = login(agent).get(f"/bibliotheque/documents/{document.pk}/").content.decode()
    assert "en quarantaine" in page and "/telecharger/" not in page

    told = set(
        Notification.objects.filter(kind=Notification.Kind.FILE_QUARANTINED).values_list(
            "recipient__email", flat=True
        )
    )
    assert {agent.email, folder_editor.email} <= told
    assert reader.email not in told
    notice = Notification.objects.filter(recipient=agent).get()
    assert notice.message.startswith(f"L'antivirus a mis « {document.title} » en quarantaine")
    assert document.scan_signature in notice.message
    # Told by e-mail at once (the default channel of this kind).
    assert notice.email_due_at is not None
    # Asked again (the sweep, a second worker): still quarantined, nobody told twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert document_extract(document_id=document.pk) == "scan:infected"
    assert Notification.objects.filter(kind=Notification.Kind.FILE_QUARANTINED).count() == len(told)


def test_with_clamd_down_files_wait_unavailable_then_the_sweep_scans_them(
    settings, antivirus, agent, library, login, tmp_path
):
    from knowledge.library.tasks import sweep_pending_documents

    settings.CLAMAV_SOCKET = str(tmp_path / "nothing-listens-here.sock")
    content = files.docx(["Compte rendu", "Comité technique"])
    document = upload(agent, library.finances, "cr.docx", content, extract=False)
    assert document_extract(document_id=document.pk) == "scan:waiting"
    document.refresh_from_db()
    # Kept as it was: pending, no attempt used up, not downloadable.
    assert document.scan_status == ScanStatus.PENDING
    assert document.extraction_status == ExtractionStatus.PENDING
    assert document.extraction_attempts == 0
    assert download(login(agent), document).status_code == 409

    settings.CLAMAV_SOCKET = antivirus.socket  # clamd is back
    sweep_pending_documents.run(stale_after=0)
    document.refresh_from_db()
    assert document.scan_status == ScanStatus.CLEAN
    assert document.extraction_status == ExtractionStatus.DONE
    assert download(login(agent), document).status_code == 200


def test_a_new_infected_version_is_quarantined_and_the_earlier_one_stays_served(
    antivirus, agent, library, login
):
    first = files.docx(["Budget 2027", "Version 1"])
    document = upload(agent, library.finances, "budget.docx", first)
    assert document.scan_status == ScanStatus.CLEAN
    document_version_add(
        user=agent,
        document=document,
        uploaded_file=SimpleUploadedFile("budget.txt", EICAR),
        accept_type_change=True,
    )
    assert document_extract(document_id=document.pk) == "scan:infected"
    document.refresh_from_db()
    client = login(agent)
    assert download(client, document).status_code == 409
    earlier = client.get(f"/bibliotheque/documents/{document.pk}/versions/1/telecharger/")
    assert earlier.status_code == 200
    assert b"".join(earlier.streaming_content) == first


def test_without_an_antivirus_files_are_served_at_once(settings, agent, library, login):
    settings.CLAMAV_SOCKET = ""
    document = upload(agent, library.finances, "note.docx", files.docx(["Note"]), extract=False)
    assert document.scan_status == ScanStatus.UNSCANNED
    assert download(login(agent), document).status_code == 200
    assert LibraryDocument.objects.get(pk=document.pk).downloadable


def test_files_stored_before_the_antivirus_are_scanned_by_a_command(
    settings, antivirus, agent, library, login, django_capture_on_commit_callbacks, tmp_path
):
    from django.core.management import CommandError, call_command

    settings.CLAMAV_SOCKET = ""  # a year of uploads without an antivirus
    report = upload(agent, library.finances, "cr.docx", files.docx(["Compte rendu"]))
    virus = upload(agent, library.finances, "ancien.txt", EICAR)
    assert report.scan_status == virus.scan_status == ScanStatus.UNSCANNED

    settings.CLAMAV_SOCKET = str(tmp_path / "nothing.sock")  # switched on, clamd not yet up
    with pytest.raises(CommandError, match="ne répond plus après 0 fichier"):
        call_command("scan_existing_files")
    assert download(login(agent), report).status_code == 200  # nothing lost meanwhile

    settings.CLAMAV_SOCKET = antivirus.socket
    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("scan_existing_files", stdout=out)
    assert "1 fichier(s) sain(s), 1 mis en quarantaine" in out.getvalue()
    report.refresh_from_db()
    virus.refresh_from_db()
    assert report.scan_status == ScanStatus.CLEAN
    assert virus.scan_status == ScanStatus.INFECTED
    assert download(login(agent), virus).status_code == 409
    assert Notification.objects.filter(
        recipient=agent, kind=Notification.Kind.FILE_QUARANTINED
    ).exists()
