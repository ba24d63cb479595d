"""The HR import from the admin, done by a worker: the file is read and its preview shown,
nothing is written before « Confirmer », the page follows the worker, a failure midway writes
nothing and says so, a task given again after a crash finishes, files left unconfirmed are
deleted; and all of it refused to those who do not manage people."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from social.people.import_jobs import people_import_run, people_imports_sweep
from social.people.models import PeopleImport, ProfileChange, User

from .test_import import FILE, HEADER

pytestmark = pytest.mark.django_db
URL = "/admin/personnes/import/"


def dropped(client, text, capture, full="1"):
    """Drop `text` on the admin's import page; the worker's reading runs at the commit."""
    upload = SimpleUploadedFile("export-rh.csv", text.encode(), content_type="text/csv")
    with capture(execute=True):
        answer = client.post(URL, {"file": upload, "full": full})
    assert answer.status_code == 302
    job = PeopleImport.objects.get()
    assert answer.url == f"{URL}{job.token}/"
    return job


def test_the_file_is_read_shown_then_written_once_confirmed(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks
):
    client = login(superuser)
    job = dropped(client, FILE, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.CHECKED
    assert default_storage.exists(job.stored_as)
    page = client.get(f"{URL}{job.token}/").content.decode()
    assert "3 création(s), 0 modification(s)" in page and "Confirmer l" in page
    assert "Duval Camille" in page and "Gestionnaire paie" in page
    assert not User.objects.filter(employee_number="A001").exists()  # nothing before confirming

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"{URL}{job.token}/", {"action": "confirm"})
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.DONE and job.applied_by == superuser
    assert job.counts == {"created": 3, "changed": 0, "unchanged": 0, "deactivated": 0}
    assert User.objects.filter(employee_number__in=["A001", "A002", "T001"]).count() == 3
    assert not job.stored_as and not default_storage.exists(f"imports/people-{job.token.hex}.csv")
    page = client.get(f"{URL}{job.token}/").content.decode()
    assert "Import terminé\u00a0: 3 création(s)" in page
    # Listed under the form, with who dropped it
    listing = client.get(URL).content.decode()
    assert "export-rh.csv" in listing and "Importé" in listing

    # Confirming twice writes nothing more
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(f"{URL}{job.token}/", {"action": "confirm"}, follow=True)
    assert "attend plus de confirmation" in again.content.decode()


def test_changes_are_shown_field_by_field_with_their_labels(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks
):
    client = login(superuser)
    dropped(client, FILE, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{URL}{PeopleImport.objects.get().token}/", {"action": "confirm"})
    PeopleImport.objects.all().delete()
    job = dropped(
        client,
        FILE.replace("Gestionnaire paie", "Responsable paie"),
        django_capture_on_commit_callbacks,
    )
    page = client.get(f"{URL}{job.token}/").content.decode()
    assert "0 création(s), 1 modification(s), 2 personne(s) inchangée(s)" in page
    assert "Gestionnaire paie → Responsable paie" in page
    assert "job_title" not in page  # the field's name as people read it


def test_a_file_with_errors_is_refused_with_its_lines_and_cannot_be_confirmed(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks
):
    client = login(superuser)
    broken = FILE + "B001;;Sans nom;;;inconnu;;;;\n"
    job = dropped(client, broken, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.REFUSED
    page = client.get(f"{URL}{job.token}/").content.decode()
    assert "1 erreur\u00a0: rien ne sera importé" in page
    assert "Ligne 5" in page and "service inconnu" in page
    assert "Confirmer l" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{URL}{job.token}/", {"action": "confirm"})
    assert not User.objects.filter(employee_number="A001").exists()
    assert not job.stored_as or not default_storage.exists(job.stored_as)


def test_a_file_that_is_no_export_is_refused_with_a_message(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks
):
    client = login(superuser)
    job = dropped(client, "Nom,Ville\nDuval,Lyon\n", django_capture_on_commit_callbacks)
    page = client.get(f"{URL}{job.token}/").content.decode()
    assert "Colonnes obligatoires manquantes" in page and "Déposer un autre fichier" in page


def test_an_abandoned_import_deletes_its_file_and_writes_nothing(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks
):
    client = login(superuser)
    job = dropped(client, FILE, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    stored = job.stored_as
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{URL}{job.token}/", {"action": "abandon"})
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.ABANDONED and not default_storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{URL}{job.token}/", {"action": "confirm"})
    assert not User.objects.filter(employee_number="A001").exists()


def test_a_failure_midway_writes_nothing_and_is_said_on_the_page(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks, monkeypatch
):
    client = login(superuser)
    job = dropped(client, FILE, django_capture_on_commit_callbacks)

    def broken(*args, **kwargs):  # the database gives up after the accounts were created
        raise RuntimeError("connexion perdue")

    monkeypatch.setattr(ProfileChange.objects, "bulk_create", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{URL}{job.token}/", {"action": "confirm"})
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.FAILED
    assert not User.objects.filter(employee_number__in=["A001", "A002", "T001"]).exists()
    page = client.get(f"{URL}{job.token}/").content.decode()
    assert "a été modifié" in page and 'role="alert"' in page


def test_a_task_given_again_after_a_crash_finishes_the_import(
    superuser, hr, media_root, login, django_capture_on_commit_callbacks
):
    """A worker killed while writing: its transaction is rolled back, the broker gives the task
    to another worker (acks late), which finds the import still « en cours » and writes it."""
    job = dropped(login(superuser), FILE, django_capture_on_commit_callbacks)
    PeopleImport.objects.filter(pk=job.pk).update(status=PeopleImport.Status.APPLYING)
    assert people_import_run(job.pk) == PeopleImport.Status.DONE
    assert User.objects.filter(employee_number="A001").exists()
    assert people_import_run(job.pk) == "skipped"  # a third delivery does nothing


def test_the_page_says_which_step_the_worker_is_at(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from social.people.import_jobs import PROGRESS_KEY

    client = login(superuser)
    job = dropped(client, FILE, django_capture_on_commit_callbacks)
    PeopleImport.objects.filter(pk=job.pk).update(status=PeopleImport.Status.APPLYING)
    cache.set(PROGRESS_KEY.format(token=job.token.hex), 2)
    page = client.get(f"{URL}{job.token}/").content.decode()
    assert f'data-poll="{URL}{job.token}/?status=1"' in page and "people-import.js" in page
    status = client.get(f"{URL}{job.token}/", {"status": "1"}).content.decode()
    assert "étape 3 sur 5 (Responsables)" in status and "<html" not in status
    assert "data-working" in status and "Actualiser" in status  # the link without JavaScript


def test_unconfirmed_files_are_deleted_after_a_day_and_stalled_imports_closed(
    login, superuser, hr, media_root, django_capture_on_commit_callbacks
):
    client = login(superuser)
    waiting = dropped(client, FILE, django_capture_on_commit_callbacks)
    waiting.refresh_from_db()
    stalled = PeopleImport.objects.create(
        token="00000000-0000-0000-0000-000000000001",
        file_name="ancien.csv",
        status=PeopleImport.Status.APPLYING,
    )
    assert people_imports_sweep() == 0  # too recent
    later = timezone.now() + timedelta(days=1, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert people_imports_sweep(now=later) == 2
    waiting.refresh_from_db()
    stalled.refresh_from_db()
    assert waiting.status == PeopleImport.Status.ABANDONED
    assert not default_storage.exists(f"imports/people-{waiting.token.hex}.csv")
    assert stalled.status == PeopleImport.Status.FAILED and "interrompu" in stalled.message


def test_the_import_is_refused_to_those_who_do_not_manage_people(
    login,
    superuser,
    agent,
    communication_officer,
    hr,
    media_root,
    django_capture_on_commit_callbacks,
):
    job = dropped(login(superuser), FILE, django_capture_on_commit_callbacks)
    for person in (agent, communication_officer):
        client = login(person)
        for answer in (
            client.get(URL),
            client.get(f"{URL}{job.token}/"),
            client.get(f"{URL}{job.token}/", {"status": "1"}),
        ):
            assert answer.status_code in (302, 403)
            assert "Duval" not in answer.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{URL}{job.token}/", {"action": "confirm"})
            client.post(URL, {"file": SimpleUploadedFile("x.csv", FILE.encode())})
    job.refresh_from_db()
    assert job.status == PeopleImport.Status.CHECKED
    assert PeopleImport.objects.count() == 1
    assert not User.objects.filter(employee_number="A001").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_worker_reads_and_writes_the_file(celery_tasks, login, superuser, hr, media_root):
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app as celery_app
    from tests.workers import queued_tasks, wait_for

    client = login(superuser)
    lines = [f"W{n:04d};Nom{n};Prénom{n};;Agent;rh;;;;" for n in range(300)]
    client.post(URL, {"file": SimpleUploadedFile("gros.csv", (HEADER + "\n".join(lines)).encode())})
    job = PeopleImport.objects.get()
    assert "social.people.tasks.check_people_import" in queued_tasks()  # not in the request
    assert "Lecture du fichier" in client.get(f"{URL}{job.token}/").content.decode()

    def status():
        job.refresh_from_db()
        return job.status

    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(lambda: status() == PeopleImport.Status.CHECKED)
        client.post(f"{URL}{job.token}/", {"action": "confirm"})
        assert wait_for(lambda: status() == PeopleImport.Status.DONE)
    assert User.objects.filter(employee_number__startswith="W").count() == 300
