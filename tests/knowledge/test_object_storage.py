"""Several application servers: files in S3-compatible object storage (django-storages), tested
against an S3 EMULATOR (moto's server, from PyPI, in a virtualenv of its own made by
`make s3-emulator`: no S3 server installs on this machine). Each download is checked in Django,
then redirected to a short-lived signed address; the files are private in the bucket; the
analysis and the antivirus read them from there."""

import os
import subprocess
import time
from pathlib import Path

import boto3
import pytest
import requests

from cms.demo import files
from knowledge.library.services import document_extract
from tests.knowledge.library.test_worker import upload_through_the_page
from tests.smtp import free_port

pytestmark = pytest.mark.django_db
BUCKET = "parvis-medias"
KEYS = {"aws_access_key_id": "parvis", "aws_secret_access_key": "parvis-secret-key"}


EMULATOR = Path(
    os.environ.get("S3_EMULATOR")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    / "parvis-test-tools"
    / "moto"
)


@pytest.fixture(scope="module")
def s3_emulator():
    binary = EMULATOR / "bin" / "moto_server"
    assert binary.exists(), f"moto's S3 server is missing: run `make s3-emulator` ({binary})"
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(binary), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            requests.get(url, timeout=1)
            break
        except requests.ConnectionError:
            assert time.monotonic() < deadline, "moto's S3 server did not start"
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def object_storage(settings, s3_emulator):
    client = boto3.client("s3", endpoint_url=s3_emulator, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_emulator,
                "access_key": KEYS["aws_access_key_id"],
                "secret_key": KEYS["aws_secret_access_key"],
                "region_name": "us-east-1",
                "signature_version": "s3v4",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
            },
        },
    }
    settings.MEDIA_ACCEL_REDIRECT_PREFIX = "/protected-media/"  # ignored: nothing on disk
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_document_lives_in_the_bucket_and_is_served_by_a_signed_redirect(
    object_storage, login, agent, library, hr_insider, media_root
):
    from knowledge.models import LibraryDocument
    from knowledge.search.query import search_everything

    content = files.docx(["Règlement intérieur", "Horaires variables du centre technique"])
    document_id = upload_through_the_page(login(agent), library.finances, "reglement.docx", content)
    document = LibraryDocument.objects.get(pk=document_id)
    stored = object_storage.get_object(Bucket=BUCKET, Key=document.file.name)["Body"].read()
    assert stored == content
    assert not any(media_root.rglob("*.docx"))  # nothing on this server's disk

    # The analysis reads it from the bucket (a temporary copy), and search finds its text.
    assert document_extract(document_id=document_id) == "done"
    assert [hit.pk for hit in search_everything(agent, "horaires variables").hits] == [document_id]

    answer = login(agent).get(f"/bibliotheque/documents/{document_id}/telecharger/")
    assert answer.status_code == 302
    assert answer["Cache-Control"] == "private, no-store"
    signed = answer["Location"]
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    fetched = requests.get(signed, timeout=10)
    assert fetched.status_code == 200 and fetched.content == content
    assert fetched.headers["Content-Disposition"].startswith("attachment;")

    # Private in the bucket: without the signature, nothing.
    unsigned = requests.get(signed.split("?")[0], timeout=10)
    assert unsigned.status_code == 403


def test_a_reader_without_the_right_gets_no_signed_address(
    object_storage, login, agent, library, hr_insider
):
    content = files.docx(["Dossier individuel", "Entretien annuel"])
    document_id = upload_through_the_page(
        login(hr_insider), library.private, "entretien.docx", content
    )
    answer = login(agent).get(f"/bibliotheque/documents/{document_id}/telecharger/")
    assert answer.status_code == 404
    assert "Location" not in answer


def test_the_antivirus_reads_a_file_from_the_bucket(
    object_storage, login, agent, library, antivirus
):
    from knowledge.models import LibraryDocument, ScanStatus
    from tests.clamd import EICAR

    document_id = upload_through_the_page(login(agent), library.finances, "facture.txt", EICAR)
    assert document_extract(document_id=document_id) == "scan:infected"
    assert LibraryDocument.objects.get(pk=document_id).scan_status == ScanStatus.INFECTED
    answer = login(agent).get(f"/bibliotheque/documents/{document_id}/telecharger/")
    assert answer.status_code == 409 and "Location" not in answer


def test_pages_may_show_pictures_from_the_storage_host_and_nothing_else_widens(
    settings, login, agent, home
):
    settings.MEDIA_REMOTE_ORIGIN = "https://s3.mairie.fr"
    policy = login(agent).get("/")["Content-Security-Policy"]
    assert "img-src 'self' https://s3.mairie.fr data:" in policy
    assert "media-src 'self' https://s3.mairie.fr" in policy
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy
