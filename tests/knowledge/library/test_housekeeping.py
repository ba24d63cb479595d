"""Tidying the library from its own pages: rename, move (to folders one may add to), delete to a
bin kept 30 days and restorable by the folder's editors, then purged with the files. Each right
is tried from the side of the person who must not have it."""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

import pytest

from cms.demo import files
from knowledge.library.services import library_bin_purge
from knowledge.models import LibraryDocument
from tests.factories import UserFactory

from ..conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget(agent, library):
    """Uploaded by the agent of Finances: they may change it (Wagtail's owner rule)."""
    return upload(
        agent, library.finances, "budget.pdf", files.pdf_with_text(["Budget primitif voté"]),
        title="Budget 2027",
    )  # fmt: skip


@pytest.fixture
def colleague(finances):
    """Another agent of Finances: sees and adds, may not change someone else's document."""
    return UserFactory(email="collegue.finances@exemple.fr", service=finances)


def doc_url(document, action=""):
    return f"/bibliotheque/documents/{document.pk}/{action}"


def test_an_editor_renames_a_document_and_search_finds_the_new_title(agent, budget, login):
    client = login(agent)

    client.post(doc_url(budget, "renommer/"), {"title": "  Budget primitif   2027 "})

    budget.refresh_from_db()
    assert budget.title == "Budget primitif 2027"
    assert "Budget primitif 2027" in client.get("/bibliotheque/?q=primitif").content.decode()


def test_an_empty_title_is_refused_and_changes_nothing(agent, budget, login):
    client = login(agent)

    response = client.post(doc_url(budget, "renommer/"), {"title": "   "}, follow=True)

    assert "Donnez un titre au document." in response.content.decode()
    budget.refresh_from_db()
    assert budget.title == "Budget 2027"


def test_an_editor_moves_a_document_only_where_they_may_add(agent, budget, library, login):
    client = login(agent)
    sub = library.finances.add_child(name="Archives")
    offered = client.get(doc_url(budget, "deplacer/")).content.decode()
    assert "Archives" in offered
    assert "Direction des ressources humaines" not in offered

    refused = client.post(doc_url(budget, "deplacer/"), {"folder": library.hr.pk})
    assert refused.status_code == 400
    budget.refresh_from_db()
    assert budget.collection_id == library.finances.pk

    client.post(doc_url(budget, "deplacer/"), {"folder": sub.pk})
    budget.refresh_from_db()
    assert budget.collection_id == sub.pk


def test_deleting_asks_first_then_the_document_is_gone_everywhere(agent, budget, library, login):
    client = login(agent)
    confirm = client.get(doc_url(budget, "supprimer/")).content.decode()
    assert "corbeille" in confirm and LibraryDocument.objects.filter(pk=budget.pk).exists()

    client.post(doc_url(budget, "supprimer/"))

    budget.refresh_from_db()
    assert budget.deleted_at is not None
    assert client.get(doc_url(budget)).status_code == 404
    assert client.get(doc_url(budget, "telecharger/")).status_code == 404
    assert client.get(f"/documents/{budget.pk}/{budget.filename}").status_code == 404
    assert (
        "Budget 2027"
        not in client.get(f"/bibliotheque/dossiers/{library.finances.pk}/").content.decode()
    )
    assert "Budget 2027" not in client.get("/bibliotheque/?q=primitif").content.decode()
    assert "Budget 2027" not in client.get("/recherche/?q=primitif").content.decode()
    assert Path(budget.file.path).exists()  # the file stays while it is in the bin


def test_the_bin_gives_it_back_where_it_was(agent, budget, library, login):
    client = login(agent)
    client.post(doc_url(budget, "supprimer/"))
    assert "Budget 2027" in client.get("/bibliotheque/corbeille/").content.decode()

    client.post(f"/bibliotheque/corbeille/{budget.pk}/restaurer/")

    budget.refresh_from_db()
    assert budget.deleted_at is None and budget.collection_id == library.finances.pk
    assert client.get(doc_url(budget)).status_code == 200
    assert "Budget 2027" in client.get("/bibliotheque/?q=primitif").content.decode()


@pytest.mark.parametrize("action", ["renommer/", "deplacer/", "supprimer/"])
def test_a_colleague_who_may_not_change_it_cannot_tidy_it(
    colleague, budget, library, login, action
):
    client = login(colleague)

    assert client.get(doc_url(budget)).status_code == 200  # they see it
    assert "Ranger ce document" not in client.get(doc_url(budget)).content.decode()
    response = client.post(
        doc_url(budget, action), {"title": "Piraté", "folder": library.finances.pk}
    )

    assert response.status_code == 403
    budget.refresh_from_db()
    assert (budget.title, budget.deleted_at) == ("Budget 2027", None)


def test_the_bin_shows_and_restores_only_what_one_may_change(
    agent, colleague, hr_insider, budget, library, login
):
    secret = upload(
        hr_insider,
        library.private,
        "dupont.pdf",
        files.pdf_with_text(["x"]),
        title="Dossier Dupont",
    )
    login(agent).post(doc_url(budget, "supprimer/"))
    login(hr_insider).post(doc_url(secret, "supprimer/"))

    for person in (colleague, agent):
        assert (
            "Dossier Dupont" not in login(person).get("/bibliotheque/corbeille/").content.decode()
        )
    assert "Budget 2027" not in login(colleague).get("/bibliotheque/corbeille/").content.decode()
    assert (
        login(colleague).post(f"/bibliotheque/corbeille/{budget.pk}/restaurer/").status_code == 404
    )
    assert login(agent).post(f"/bibliotheque/corbeille/{secret.pk}/restaurer/").status_code == 404
    budget.refresh_from_db()
    assert budget.deleted_at is not None


def test_after_thirty_days_the_bin_is_emptied_with_the_files(
    agent, budget, library, login, django_capture_on_commit_callbacks
):
    recent = upload(
        agent, library.finances, "recent.pdf", files.pdf_with_text(["y"]), title="Récent"
    )
    client = login(agent)
    client.post(doc_url(budget, "supprimer/"))
    client.post(doc_url(recent, "supprimer/"))
    LibraryDocument.objects.filter(pk=budget.pk).update(
        deleted_at=timezone.now() - timedelta(days=31)
    )
    LibraryDocument.objects.filter(pk=recent.pk).update(
        deleted_at=timezone.now() - timedelta(days=29)
    )
    old_file, recent_file = Path(budget.file.path), Path(recent.file.path)

    with django_capture_on_commit_callbacks(execute=True):
        assert library_bin_purge() == 1

    assert not LibraryDocument.objects.filter(pk=budget.pk).exists()
    assert not old_file.exists()
    assert LibraryDocument.objects.filter(pk=recent.pk).exists()
    assert recent_file.exists()


def test_the_purge_runs_with_beats_periodic_work(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "social.privacy.tasks.apply_retention" in tasks  # the « library_bin » retention
