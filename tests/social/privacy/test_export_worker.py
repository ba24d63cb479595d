"""The export asked from « Mes données » is built by a real Celery worker, not by the request;
its owner is told when it is ready."""

import zipfile

from django.core.files.storage import default_storage

import pytest

from social.notifications.models import Notification
from social.privacy.models import DataExport
from tests.workers import kill_group, queued_tasks, wait_for, worker_process

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_the_worker_builds_the_export_and_the_owner_is_told(celery_tasks, camille, login):
    response = login(camille).post("/mon-compte/mes-donnees/export/")
    assert response.status_code == 302
    export = DataExport.objects.get(user=camille)
    assert export.status == DataExport.Status.PENDING  # the request only asked
    assert "social.privacy.tasks.build_export" in queued_tasks()
    worker = worker_process(MEDIA_ROOT=str(default_storage.location))
    try:
        assert wait_for(
            lambda: DataExport.objects.get(pk=export.pk).status == DataExport.Status.READY
        )
    finally:
        kill_group(worker)
    export.refresh_from_db()
    assert Notification.objects.filter(
        recipient=camille, kind=Notification.Kind.DATA_EXPORT
    ).exists()
    with zipfile.ZipFile(default_storage.path(export.stored_as)) as archive:
        assert "profil.json" in archive.namelist()
        assert any(name.startswith("fichiers/profil/") for name in archive.namelist())
