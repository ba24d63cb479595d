"""Documents, articles and news are found by the names of their themes: when an editor renames
a theme, they are found by the new name and no longer by the old one; when a theme is deleted,
its name and id leave their entries and the theme facet."""

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app as celery_app
from cms.demo import files
from knowledge.models import ArticlePage, LibraryDocument, SearchItem
from knowledge.models.taxonomy import theme_names
from knowledge.search.query import search_everything
from tests.workers import broker_down, wait_for

from ..conftest import make_article, upload


def titles(user, query):
    return {hit.title for hit in search_everything(user, query).hits}


@pytest.fixture
def themed(kb, library, agent):
    """The housing theme on an article (kb) and on a document whose text never says it."""
    upload(
        agent,
        library.finances,
        "aides.pdf",
        files.pdf_with_text(["Aides aux propriétaires bailleurs"]),
        title="Aides aux bailleurs",
        themes=[kb["housing"]],
    )
    make_article(kb["finances_page"], "Fête de la musique", themes=[kb["culture"]])
    theme_names([kb["housing"].pk])  # the process keeps the names it read
    return kb


@pytest.mark.django_db
def test_a_renamed_theme_is_found_by_its_new_name_only(
    themed, agent, login, django_capture_on_commit_callbacks
):
    assert {"Aides aux bailleurs", "Préparer le budget"} <= titles(agent, "logement")
    assert titles(agent, "habitat") == set()

    housing = themed["housing"]
    housing.name = "Habitat"
    with django_capture_on_commit_callbacks(execute=True):
        housing.save()

    assert {"Aides aux bailleurs", "Préparer le budget"} <= titles(agent, "habitat")
    # Only the theme's own page, whose title is its own, still answers to the old name.
    assert titles(agent, "logement") <= {"Logement"}
    library_page = login(agent).get("/bibliotheque/?q=habitat").content.decode()
    assert "Aides aux bailleurs" in library_page
    # The documents' own index (the admin's document search) has the new name too.
    assert [doc.title for doc in LibraryDocument.objects.search("habitat")] == [
        "Aides aux bailleurs"
    ]


@pytest.mark.django_db
def test_a_theme_saved_unchanged_queues_nothing(themed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        themed["housing"].save()
    assert callbacks == []


@pytest.mark.django_db
def test_a_deleted_theme_leaves_the_entries_and_the_facet(
    themed, library, agent, login, django_capture_on_commit_callbacks
):
    culture = themed["culture"]
    document = upload(
        agent,
        library.finances,
        "concert.pdf",
        files.pdf_with_text(["Programme des concerts d'été"]),
        title="Programme des concerts",
        themes=[culture],
    )
    assert "Programme des concerts" in titles(agent, "culture")
    page = login(agent).get("/recherche/?q=concerts").content.decode()
    assert 'id="facet-theme"' in page and ">Culture <" in page

    with django_capture_on_commit_callbacks(execute=True):
        culture.delete()

    assert "Programme des concerts" not in titles(agent, "culture")
    assert "Fête de la musique" not in titles(agent, "culture")
    assert "Programme des concerts" in titles(agent, "concerts")
    document.refresh_from_db()
    assert document.search_themes == []
    article = ArticlePage.objects.get(title="Fête de la musique")
    assert article.search_themes == []
    assert not SearchItem.objects.filter(search_themes__in=[culture.pk]).exists()
    assert ">Culture <" not in login(agent).get("/recherche/?q=concerts").content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_a_rename_is_written_by_the_worker(celery_tasks, themed, agent):
    housing = themed["housing"]
    housing.name = "Habitat"
    housing.save()  # queued in Redis after the commit: the editor does not wait for it
    with start_worker(celery_app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
        assert wait_for(lambda: "Aides aux bailleurs" in titles(agent, "habitat"))
    assert "Aides aux bailleurs" not in titles(agent, "logement")


@pytest.mark.django_db(transaction=True)
@pytest.mark.worker
def test_with_the_broker_down_a_rename_is_written_at_once(celery_tasks, themed, agent):
    housing = themed["housing"]
    housing.name = "Habitat"
    with broker_down():
        housing.save()
    assert "Aides aux bailleurs" in titles(agent, "habitat")
    assert "Aides aux bailleurs" not in titles(agent, "logement")
