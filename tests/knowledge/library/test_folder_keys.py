"""Documents' access keys: « library » where no folder above them is restricted, the key of
their nearest restricted folder otherwise, so that a reader holds a few keys whatever the number
of folders. The keys follow a restriction added, removed or changed and a folder moved; the
outsider never finds what they may not see — not in search, not in a folder's search, not in
a correction of their typing — and the insider finds it."""

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from cms.demo import files
from knowledge.library.search import folder_documents_resync
from knowledge.library.selectors import reader_folder_keys
from knowledge.models import SearchItem, SearchWord
from knowledge.search.query import search_everything
from knowledge.search.sources import reader_keys

from ..conftest import upload

pytestmark = pytest.mark.django_db


def titles(user, query):
    return {hit.title for hit in search_everything(user, query).hits}


def row(document):
    return SearchItem.objects.get(kind="document", source_id=document.pk)


@pytest.fixture
def documents(library, hr_insider, agent):
    """A document in HR's folder, one in its restricted « Dossiers individuels », one in a
    sub-folder of that one."""
    archives = library.private.add_child(name="Archives")
    return {
        "open": upload(
            agent,
            library.payroll,
            "calendrier.pdf",
            files.pdf_with_text(["Calendrier de la paie du mois"]),
            title="Calendrier de paie",
        ),
        "private": upload(
            hr_insider,
            library.private,
            "dupont.pdf",
            files.pdf_with_text(["Dossier confidentiel Dupont, rémunération"]),
            title="Dossier Dupont",
        ),
        "archived": upload(
            hr_insider,
            archives,
            "durand.pdf",
            files.pdf_with_text(["Ancien dossier Durand, mutation"]),
            title="Dossier Durand",
        ),
        "archives": archives,
    }


def test_a_document_holds_its_nearest_restricted_folders_key_and_its_places(documents, library):
    assert row(documents["open"]).access == ["library"]
    assert row(documents["private"]).access == [f"folder:{library.private.pk}"]
    assert row(documents["archived"]).access == [f"folder:{library.private.pk}"]
    places = row(documents["archived"]).places
    assert {f"folder:{library.hr.pk}", f"folder:{library.private.pk}"} <= set(places)
    assert f"folder:{documents['archives'].pk}" in places
    # A folder restricted inside a restricted one: its own key, held by who passes both
    closed = CollectionViewRestriction.objects.create(
        collection=documents["archives"],
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="x",
    )
    folder_documents_resync(documents["archives"].pk)
    assert row(documents["archived"]).access == [f"folder:{closed.collection_id}"]


def test_readers_hold_a_few_keys_whatever_the_number_of_folders(
    documents, library, agent, hr_insider, superuser
):
    for number in range(30):
        library.payroll.add_child(name=f"Bulletins {number}")
    assert reader_folder_keys(agent) == {"library"}
    assert reader_folder_keys(hr_insider) == {"library", f"folder:{library.private.pk}"}
    assert f"folder:{library.private.pk}" in reader_folder_keys(superuser)
    assert not any(key.startswith("folder:") for key in reader_keys(agent))
    assert titles(agent, "dossier") & {"Dossier Dupont", "Dossier Durand"} == set()
    assert {"Dossier Dupont", "Dossier Durand"} <= titles(hr_insider, "dossier")
    assert "Calendrier de paie" in titles(agent, "calendrier")


def test_a_folder_restricted_afterwards_hides_its_documents_and_their_words(
    documents, library, agent, hr_insider, django_capture_on_commit_callbacks
):
    from knowledge.search.words import vocabulary_rebuild

    vocabulary_rebuild()
    assert "Calendrier de paie" in titles(agent, "calendrier")
    assert SearchWord.objects.filter(access="library", word="calendrier").exists()
    with django_capture_on_commit_callbacks(execute=True):
        restriction = CollectionViewRestriction.objects.create(
            collection=library.payroll, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.add(library.insiders)
    assert row(documents["open"]).access == [f"folder:{library.payroll.pk}"]
    assert "Calendrier de paie" not in titles(agent, "calendrier")
    # Its words are no longer offered as corrections to those who may not see it
    assert not SearchWord.objects.filter(access="library", word="calendrier").exists()
    assert search_everything(agent, "calendrie").suggestion == ""
    assert "Calendrier de paie" in titles(hr_insider, "calendrier")
    # Opened again: found by everyone
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert row(documents["open"]).access == ["library"]
    assert "Calendrier de paie" in titles(agent, "calendrier")


def test_a_folder_moved_under_a_restricted_one_takes_its_key(
    documents, library, agent, hr_insider, login, django_capture_on_commit_callbacks
):
    client = login(agent)
    assert client.get(f"/bibliotheque/dossiers/{library.payroll.pk}/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        Collection.objects.get(pk=library.payroll.pk).move(library.private, "sorted-child")
    assert row(documents["open"]).access == [f"folder:{library.private.pk}"]
    assert "Calendrier de paie" not in titles(agent, "calendrier")
    # The rights follow at once: the folder is now inside one the agent may not enter
    assert client.get(f"/bibliotheque/dossiers/{library.payroll.pk}/").status_code == 404
    assert "Calendrier de paie" in titles(hr_insider, "calendrier")
    # And moved out again
    with django_capture_on_commit_callbacks(execute=True):
        Collection.objects.get(pk=library.payroll.pk).move(library.hr, "sorted-child")
    assert row(documents["open"]).access == ["library"]
    assert client.get(f"/bibliotheque/dossiers/{library.payroll.pk}/").status_code == 200


def test_a_folder_is_searched_with_its_sub_folders_by_their_places(
    documents, library, agent, hr_insider, login
):
    hr = f"/bibliotheque/dossiers/{library.hr.pk}/"
    insider = login(hr_insider).get(hr, {"q": "dossier"}).content.decode()
    assert "Dossier Dupont" in insider and "Dossier Durand" in insider
    outsider = login(agent).get(hr, {"q": "dossier"}).content.decode()
    assert "Dossier Dupont" not in outsider and "Dossier Durand" not in outsider
    payroll = login(agent).get(f"/bibliotheque/dossiers/{library.payroll.pk}/", {"q": "paie"})
    assert "Calendrier de paie" in payroll.content.decode()
    finances = login(agent).get(f"/bibliotheque/dossiers/{library.finances.pk}/", {"q": "paie"})
    assert "Calendrier de paie" not in finances.content.decode()  # elsewhere


def test_a_group_made_open_opens_its_drive_to_search(
    home, agent, django_capture_on_commit_callbacks
):
    """A group's drive is restricted to its readers while the group is closed or secret."""
    from social.groups.models import Visibility
    from social.groups.services import group_update
    from tests.factories import UserFactory
    from tests.social.groups.conftest import make_group

    owner = UserFactory(email="animatrice@exemple.fr")
    with django_capture_on_commit_callbacks(execute=True):
        group = make_group(owner, Visibility.CLOSED, "Comité des fêtes")
        upload(
            owner,
            group.folder,
            "kermesse.pdf",
            files.pdf_with_text(["Programme de la kermesse"]),
            title="Programme kermesse",
        )
    assert "Programme kermesse" not in titles(agent, "kermesse")
    assert "Programme kermesse" in titles(owner, "kermesse")
    with django_capture_on_commit_callbacks(execute=True):
        group_update(group=group, user=owner, visibility=Visibility.OPEN)
    assert "Programme kermesse" in titles(agent, "kermesse")


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_worker_writes_the_keys_of_a_folder_restricted_afterwards(
    celery_tasks, documents, library, agent
):
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app as celery_app
    from knowledge.search.words import vocabulary_rebuild
    from tests.workers import queued_tasks, wait_for

    vocabulary_rebuild()
    restriction = CollectionViewRestriction.objects.create(
        collection=library.payroll, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(library.insiders)
    # Hidden at once, by the keys written with the restriction: not when a worker gets to it
    assert row(documents["open"]).access == [f"folder:{library.payroll.pk}"]
    assert "Calendrier de paie" not in titles(agent, "calendrier")
    assert "knowledge.library.tasks.resync_folder_documents" in queued_tasks()
    assert SearchWord.objects.filter(access="library", word="calendrier").exists()
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(
            lambda: not SearchWord.objects.filter(access="library", word="calendrier").exists()
        )
    assert search_everything(agent, "calendrie").suggestion == ""
