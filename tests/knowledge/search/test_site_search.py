"""The site's search box: news, knowledge pages and library documents in one list, each result
with its kind, a highlighted snippet, its service and date; counts per kind; nothing hidden
from the reader appears, not even as a number."""

import re

import pytest

from cms.demo import files
from home.models import NewsPage
from social.people.audience import Audience
from tests.factories import make_news

from ..conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(kb, news_index, agent, library, hr_insider, finances):
    make_news(
        news_index,
        title="Astreintes de l'hiver",
        lead="Le planning des astreintes hivernales est publié.",
        service=finances,
    )
    make_news(
        news_index,
        title="Astreintes des élus",
        lead="Les astreintes des élus.",
        audience=Audience.ELUS,
    )
    upload(
        agent,
        library.finances,
        "a.pdf",
        files.pdf_with_text(["Tableau des astreintes de la voirie"]),
        title="Planning voirie",
    )
    upload(
        hr_insider,
        library.private,
        "b.pdf",
        files.pdf_with_text(["Astreintes et primes individuelles"]),
        title="Primes secrètes",
    )
    return kb


def results_of(page):
    return re.findall(r'<h3 class="search-hit__title"><a href="[^"]*"[^>]*>([^<]*)</a>', page)


def facet_count(page, label):
    return int(re.search(rf"{label} <span class=\"count\">\((\d+)\)</span>", page).group(1))


def test_one_query_finds_news_and_documents_by_their_text(corpus, agent, login):
    page = login(agent).get("/recherche/?q=astreintes").content.decode()

    assert set(results_of(page)) == {"Astreintes de l&#x27;hiver", "Planning voirie"}
    assert facet_count(page, "Actualités") == 1
    assert facet_count(page, "Documents") == 1
    assert facet_count(page, "Tout") == 2
    assert re.search(r'<p class="search-hit__kind">Document · PDF · \d+', page)


def test_restricted_articles_and_private_documents_are_neither_results_nor_counted(
    corpus, agent, login
):
    client = login(agent)
    for query in ("plan social confidentiel", "primes individuelles"):
        page = client.get(f"/recherche/?q={query}").content.decode()
        assert results_of(page) == [], query
        assert facet_count(page, "Tout") == 0, query
        assert "Plan social" not in page and "Primes secrètes" not in page
    # Every word only in the elected officials' news: approaching results, never that news.
    page = client.get("/recherche/?q=astreintes des élus").content.decode()
    assert "Astreintes des élus" not in page
    assert set(results_of(page)) == {"Astreintes de l&#x27;hiver", "Planning voirie"}
    assert facet_count(page, "Tout") == 2
    assert "résultats approchants" in page


def test_members_find_what_they_may_see(corpus, hr_insider, login):
    hr_insider.groups.add(corpus["management"])
    page = login(hr_insider).get("/recherche/?q=primes individuelles").content.decode()

    assert results_of(page) == ["Primes secrètes"]


def test_articles_are_found_without_accents(corpus, agent, login):
    page = login(agent).get("/recherche/?q=conges").content.decode()

    assert "Poser des congés" in results_of(page)
    assert facet_count(page, "Articles") >= 1


def test_the_type_facet_narrows_the_results(corpus, agent, login):
    page = login(agent).get("/recherche/?q=astreintes&type=document").content.decode()

    assert results_of(page) == ["Planning voirie"]
    assert facet_count(page, "Actualités") == 1  # the other kinds keep their counts


def test_snippets_highlight_the_words_and_escape_the_text(agent, library, login):
    upload(
        agent,
        library.finances,
        "x.html",
        b"<html><body><p>Voici le &lt;script&gt;alert(1)&lt;/script&gt; du budget rectificatif.</p></body></html>",
        title="Note",
    )
    page = login(agent).get("/recherche/?q=budget rectificatif").content.decode()

    snippet = re.search(r'<p class="search-hit__snippet">(.*?)</p>', page, re.S).group(1)
    assert "<mark>budget</mark> <mark>rectificatif</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_htmx_gets_the_results_fragment(corpus, agent, login):
    response = login(agent).get("/recherche/?q=astreintes&type=news", HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "<html" not in body and 'id="search-results"' in body
    assert results_of(body) == ["Astreintes de l&#x27;hiver"]
    assert "HX-Request" in response["Vary"]


def test_the_english_interface_names_the_kinds_in_english(corpus, agent, login):
    client = login(agent)
    client.cookies["django_language"] = "en"
    page = client.get("/recherche/?q=astreintes").content.decode()

    assert "Documents <span" in page and "News <span" in page


def test_unpublished_news_is_never_found(corpus, agent, login, news_index):
    draft = make_news(news_index, title="Astreintes brouillon", publish=False)
    assert not NewsPage.objects.get(pk=draft.pk).live
    page = login(agent).get("/recherche/?q=brouillon").content.decode()
    assert results_of(page) == []


def promote(query, page, description="Le bon endroit."):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    return SearchPromotion.objects.create(
        query=Query.get(query), page=page, description=description, sort_order=0
    )


def promoted_titles(page):
    section = re.search(r'<section class="search-promotions".*?</section>', page, re.S)
    return re.findall(r'<a href="[^"]*">([^<]*)</a>', section.group(0)) if section else []


def test_editors_picks_come_first_whatever_the_accents(corpus, agent, login):
    promote("congés", corpus["leave"], "La procédure et les délais.")
    client = login(agent)

    for query in ("congés", "Conges", "CONGÉS"):
        page = client.get(f"/recherche/?q={query}").content.decode()
        assert promoted_titles(page) == ["Poser des congés"], query
        assert page.index("search-promotions") < page.index("search-results-title")


def test_a_pick_the_reader_may_not_see_is_not_shown(corpus, agent, login):
    promote("plan social", corpus["secret"])

    page = login(agent).get("/recherche/?q=plan social").content.decode()
    assert promoted_titles(page) == []
    assert "Plan social confidentiel" not in page


def test_searches_are_counted_for_the_editors_report(corpus, agent, login):
    from knowledge.models import SearchTermDay
    from knowledge.search.analytics import search_terms_flush

    client = login(agent)
    client.get("/recherche/?q=Astreintes")
    client.get("/recherche/?q=astreintes")
    client.get("/recherche/?q=astreintes&type=news")  # a facet click: not a new search
    client.get("/recherche/?q=astreintes", HTTP_HX_REQUEST="true")  # a page of results
    client.get("/recherche/?q=astreintes", HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="search-form")
    client.get("/recherche/?q=zzzinconnu")
    assert not SearchTermDay.objects.exists()  # gathered in Redis until the next flush
    assert search_terms_flush() == 2

    day = SearchTermDay.objects.get(term="astreintes")
    assert (day.searches, day.without_results) == (3, 0)
    assert SearchTermDay.objects.get(term="zzzinconnu").without_results == 1


def test_communication_officers_manage_editors_picks(communication_officer, login):
    assert login(communication_officer).get("/admin/searchpicks/").status_code == 200
