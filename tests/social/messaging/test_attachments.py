"""Files in conversations: pictures re-encoded and shown in the thread, documents downloaded,
both through the library's checks and served only to the conversation's readers; a refused
file stores nothing, the message with it included."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from cms.demo import files
from social.messaging.models import Message, MessageAttachment
from social.messaging.retention import messages_purge

pytestmark = pytest.mark.django_db


def photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (64, 48), "blue")
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)  # where it was taken
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"<script>alert(1)</script>")
    return SimpleUploadedFile("IMG_0042.jpg", buffer.getvalue())


def send(client, user, conversation, body="", *uploads):
    client.force_login(user)
    return client.post(
        f"/messages/{conversation.pk}/envoyer/", {"body": body, "fichiers": list(uploads)}
    )


def test_a_photo_is_reencoded_and_shown_to_the_readers_only(
    client, media_root, alice, bruno, outsider, superuser, direct
):
    assert send(client, alice, direct, "", photo()).status_code == 302
    attachment = MessageAttachment.objects.get()
    assert attachment.is_image and attachment.name == "IMG_0042.jpg"
    stored = attachment.file.read()
    assert b"<script>" not in stored and not Image.open(io.BytesIO(stored)).getexif()
    assert "IMG_0042" not in attachment.file.name  # the server named it
    client.force_login(bruno)
    page = client.get(direct.get_absolute_url()).content.decode()
    assert attachment.get_absolute_url() in page
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    for person in (outsider, superuser):
        client.force_login(person)
        assert client.get(attachment.get_absolute_url()).status_code == 404
        assert client.get(f"/messages/{direct.pk}/fichiers/").status_code == 404
    client.logout()
    assert client.get(f"/media/{attachment.file.name}").status_code in (302, 404)


def test_a_document_is_downloaded_and_listed_in_the_conversations_files(
    client, media_root, alice, bruno, direct
):
    pdf = SimpleUploadedFile("compte-rendu.pdf", files.pdf_with_text(["Compte rendu"]))
    send(client, alice, direct, "Le compte rendu", pdf)
    attachment = MessageAttachment.objects.get()
    client.force_login(bruno)
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert "compte-rendu.pdf" in client.get(f"/messages/{direct.pk}/fichiers/").content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"#!/bin/sh\nrm -rf /\n"),  # a script wearing a picture's name
        ("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 200),  # a program
        ("vide.txt", b""),
    ],
)
def test_a_refused_file_stores_nothing_and_keeps_the_text(
    client, media_root, alice, direct, name, content
):
    before = Message.objects.count()
    response = send(client, alice, direct, "Texte à garder", SimpleUploadedFile(name, content))
    assert response.status_code == 422
    page = response.content.decode()
    assert name in page and "Texte à garder" in page
    assert Message.objects.count() == before
    assert not MessageAttachment.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_deleting_or_purging_a_message_removes_its_files(
    client, media_root, django_capture_on_commit_callbacks, alice, direct, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, alice, direct, "", photo())
    attachment = MessageAttachment.objects.get()
    path = media_root / attachment.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/messages/message/{attachment.message_id}/supprimer/")
    assert not path.exists() and not MessageAttachment.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        send(client, alice, direct, "", photo())
    attachment = MessageAttachment.objects.get()
    Message.objects.filter(pk=attachment.message_id).update(created_at="2000-01-01T00:00Z")
    settings.MESSAGING_RETENTION_DAYS = {"direct": 30, "group": 0, "channel": 0}
    with django_capture_on_commit_callbacks(execute=True):
        messages_purge()
    assert not (media_root / attachment.file.name).exists()


def test_with_the_antivirus_a_document_waits_then_is_served_or_quarantined(
    client, media_root, alice, bruno, direct, antivirus, django_capture_on_commit_callbacks
):
    from knowledge.models import ScanStatus
    from social.messaging.antivirus import attachments_scan
    from social.notifications.models import Notification
    from tests.clamd import EICAR

    clean = SimpleUploadedFile("compte-rendu.pdf", files.pdf_with_text(["Compte rendu"]))
    infected = SimpleUploadedFile("facture.txt", EICAR)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        send(client, alice, direct, "Deux pièces", clean, infected)
    report, virus = MessageAttachment.objects.order_by("position")
    assert report.scan_status == virus.scan_status == ScanStatus.PENDING
    client.force_login(bruno)
    waiting = client.get(report.get_absolute_url())
    assert waiting.status_code == 409
    assert "en attente d'analyse antivirus" in waiting.content.decode()
    assert queued  # the scan is handed to a worker after the message commits

    with django_capture_on_commit_callbacks(execute=True):
        assert attachments_scan(message_id=report.message_id) == {
            "clean": 1,
            "infected": 1,
            "waiting": 0,
        }
    assert client.get(report.get_absolute_url()).status_code == 200
    refused = client.get(virus.get_absolute_url())
    assert refused.status_code == 409 and EICAR not in refused.content
    page = client.get(direct.get_absolute_url()).content.decode()
    assert virus.get_absolute_url() not in page and "quarantaine" in page
    told = Notification.objects.get(kind=Notification.Kind.FILE_QUARANTINED)
    assert told.recipient == alice and "facture.txt" in told.message


def test_with_clamd_down_a_document_waits_for_the_sweep(
    client, media_root, alice, bruno, direct, antivirus, settings, tmp_path
):
    from knowledge.models import ScanStatus
    from social.messaging.antivirus import attachments_scan

    send(client, alice, direct, "", SimpleUploadedFile("cr.pdf", files.pdf_with_text(["CR"])))
    attachment = MessageAttachment.objects.get()
    settings.CLAMAV_SOCKET = str(tmp_path / "nothing.sock")
    assert attachments_scan() == {"clean": 0, "infected": 0, "waiting": 1}
    client.force_login(bruno)
    assert client.get(attachment.get_absolute_url()).status_code == 409
    settings.CLAMAV_SOCKET = antivirus.socket
    assert attachments_scan()["clean"] == 1
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.CLEAN
    assert client.get(attachment.get_absolute_url()).status_code == 200


def test_documents_sent_before_the_antivirus_are_scanned_by_the_sweep(
    client, media_root, alice, bruno, direct, antivirus, settings
):
    from knowledge.models import ScanStatus
    from social.messaging.tasks import sweep_pending_attachments
    from tests.clamd import EICAR

    settings.CLAMAV_SOCKET = ""
    send(client, alice, direct, "", SimpleUploadedFile("vieux.txt", EICAR))
    attachment = MessageAttachment.objects.get()
    assert attachment.scan_status == ScanStatus.UNSCANNED
    # Sent a year ago.
    Message.objects.update(created_at=attachment.message.created_at.replace(year=2025))
    settings.CLAMAV_SOCKET = antivirus.socket
    sweep_pending_attachments.run()
    attachment.refresh_from_db()
    assert attachment.scan_status == ScanStatus.INFECTED
    client.force_login(bruno)
    assert client.get(attachment.get_absolute_url()).status_code == 409
