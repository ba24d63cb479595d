"""« Mes données »: the ZIP holds every kind of data the person created, the files they
uploaded, and nothing of anyone else's; only its owner downloads it, until it expires."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone

import pytest

from social.notifications.models import Notification
from social.privacy.export import ExportTooSoon, export_build, export_request, exports_purge
from social.privacy.models import DataExport

from .conftest import EMAIL, MOBILE, PHONE

pytestmark = pytest.mark.django_db


def built_zip(person) -> zipfile.ZipFile:
    export = export_request(user=person)
    export_build(export.pk)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    return zipfile.ZipFile(_path(export))


def _path(export) -> Path:
    return Path(default_storage.path(export.stored_as))


def rows(archive, name):
    return json.loads(archive.read(name))


def test_export_holds_every_kind_of_data_the_person_created(camille, life):
    archive = built_zip(camille)
    names = set(archive.namelist())
    assert "LISEZMOI.txt" in names
    readme = archive.read("LISEZMOI.txt").decode()
    assert "Vos données dans Parvis" in readme and "commentaires.json" in readme

    profile = rows(archive, "profil.json")[0]
    assert (profile["email"], profile["phone"], profile["mobile"]) == (EMAIL, PHONE, MOBILE)
    assert profile["skills"] == ["marchés publics"]
    assert [g["group"] for g in rows(archive, "groupes.json")] == ["Chantier école"]
    assert [c["text"] for c in rows(archive, "commentaires.json")] == [
        "Je viendrai avec des crêpes !"
    ]
    assert rows(archive, "commentaires.json")[0]["under"] == "Fête du personnel"
    assert [p["text"] for p in rows(archive, "publications.json")] == [
        "Photos du chantier et le compte rendu"
    ]
    assert [r["reaction"] for r in rows(archive, "reactions.json")] == ["J'aime"]
    assert [v["poll"] for v in rows(archive, "votes.json")] == ["Date du pique-nique ?"]
    assert [m["text"] for m in rows(archive, "messages.json")] == ["Voici le tableau des heures"]
    assert len(rows(archive, "notifications.json")) == 1
    assert [r["event"] for r in rows(archive, "inscriptions.json")] == [
        "Formation premiers secours"
    ]
    assert [t["title"] for t in rows(archive, "taches.json")] == ["Commander les pierres"]
    assert rows(archive, "abonnements-actualites.json")[0]["name"] == "Mon lecteur RSS"
    assert rows(archive, "abonnements-agenda.json")[0]["name"] == "Mon téléphone"

    files = sorted(name for name in names if name.startswith("fichiers/"))
    assert any(name.startswith("fichiers/profil/") for name in files)
    assert any(
        name.startswith("fichiers/messagerie/") and name.endswith("heures-supplementaires.pdf")
        for name in files
    )
    assert any(
        name.startswith("fichiers/bibliotheque/") and name.endswith("compte-rendu-chantier.pdf")
        for name in files
    )
    assert any(name.startswith("fichiers/groupes/Chantier_école/") for name in files)
    day = timezone.localdate().isoformat()
    assert all(name.split("/")[-1].startswith(day) or "sans-date" in name for name in files)


def test_export_holds_nothing_of_anyone_else(camille, bruno, life):
    archive = built_zip(camille)
    everything = " ".join(
        archive.read(name).decode() for name in archive.namelist() if name.endswith(".json")
    )
    assert "Réponse privée de Bruno" not in everything  # his message in their conversation
    assert "07 11 22 33 44" not in everything  # his private mobile
    assert "Cellule budgétaire" not in everything and "coupe de 12" not in everything
    assert "du cidre" not in everything  # his reply under her comment
    assert "Confiance dans la direction" not in everything  # an anonymous poll's vote


def test_the_owner_is_told_and_downloads_it_others_get_404(camille, bruno, life, login):
    export = export_request(user=camille)
    export_build(export.pk)
    told = Notification.objects.get(recipient=camille, kind=Notification.Kind.DATA_EXPORT)
    assert told.url == "/mon-compte/mes-donnees/"
    url = f"/mon-compte/mes-donnees/export/{export.token}/"
    response = login(camille).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    assert login(bruno).get(url).status_code == 404
    assert (
        login(bruno).get("/mon-compte/mes-donnees/").content.decode().count(str(export.token)) == 0
    )


def test_an_expired_export_is_refused_then_deleted_with_its_file(camille, life, login, committed):
    export = export_request(user=camille)
    export_build(export.pk)
    export.refresh_from_db()
    path = _path(export)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert login(camille).get(f"/mon-compte/mes-donnees/export/{export.token}/").status_code == 404
    with committed():
        assert exports_purge(timezone.now() - timedelta(days=7)) == 1
    assert not DataExport.objects.filter(pk=export.pk).exists()
    assert not path.exists()


def test_a_second_request_while_one_is_prepared_is_refused(camille, login):
    export_request(user=camille)
    with pytest.raises(ExportTooSoon):
        export_request(user=camille)
    response = login(camille).post("/mon-compte/mes-donnees/export/", follow=True)
    assert "déjà en préparation" in response.content.decode()
    assert DataExport.objects.filter(user=camille).count() == 1


def test_the_page_asks_for_an_export_and_lists_the_processing_activities(camille, login):
    client = login(camille)
    page = client.get("/mon-compte/mes-donnees/").content.decode()
    assert "Demander l'export de mes données" in page
    assert "Journal des connexions" in page and "180 jours" in page
    response = client.post("/mon-compte/mes-donnees/export/", follow=True)
    assert "en préparation" in response.content.decode()
    assert DataExport.objects.filter(user=camille).count() == 1


def test_after_a_failure_a_new_export_may_be_asked_at_once(camille, login):
    failed = export_request(user=camille)
    DataExport.objects.filter(pk=failed.pk).update(status=DataExport.Status.FAILED)
    client = login(camille)
    assert "demandez un nouvel export" in client.get("/mon-compte/mes-donnees/").content.decode()
    export_request(user=camille)
    assert DataExport.objects.filter(user=camille).count() == 2
