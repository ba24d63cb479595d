"""Search as an agent uses it: quoted phrases, excluded words and OR; facets by service, theme,
period and file type, with counts that never include what the reader may not see; suggestions
in the header box; rights that follow restrictions added, removed or moved over."""

import re
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from cms.demo import files
from knowledge.models import ArticlePage
from knowledge.search.query import Filters, parse_query, search_everything
from social.people.audience import Audience
from social.people.models import User
from tests.factories import ThemeFactory, make_news

from ..conftest import make_article, upload

pytestmark = pytest.mark.django_db


def titles(found):
    return {hit.title for hit in found.hits}


@pytest.fixture
def leave_docs(agent, library, finances):
    upload(agent, library.finances, "a.txt", "Règlement des congés annuels.".encode(), title="A")
    upload(
        agent, library.finances, "b.txt", "Congés de maternité et de paternité.".encode(), title="B"
    )
    upload(agent, library.finances, "c.txt", b"Absence pour enfant malade.", title="C")
    return library


# --- Query syntax -----------------------------------------------------------------------


def test_every_word_must_be_found(leave_docs, agent):
    assert titles(search_everything(agent, "congés maternité")) == {"B"}


def test_an_excluded_word_removes_the_documents_holding_it(leave_docs, agent):
    assert titles(search_everything(agent, "congés -maternité")) == {"A"}
    assert titles(search_everything(agent, 'congés -"de maternité"')) == {"A"}


@pytest.mark.parametrize("query", ["maternité OR malade", "maternite OU malades"])
def test_or_finds_either_word(leave_docs, agent, query):
    assert titles(search_everything(agent, query)) == {"B", "C"}


def test_a_quoted_phrase_must_appear_in_that_order(leave_docs, agent):
    assert titles(search_everything(agent, '"conges annuels"')) == {"A"}
    assert titles(search_everything(agent, '"annuels congés"')) == set()


def test_only_excluded_words_ask_for_a_word(leave_docs, agent, login):
    assert parse_query("-congés").query is None
    page = login(agent).get("/recherche/?q=-cong%C3%A9s").content.decode()
    assert "Indiquez au moins un mot" in page


def test_the_words_sought_are_highlighted_not_the_excluded_ones(leave_docs, agent, login):
    page = login(agent).get("/recherche/?q=cong%C3%A9s+-maternit%C3%A9").content.decode()
    assert "<mark>congés</mark>" in page
    assert "<mark>maternité</mark>" not in page.lower()


# --- Facets -----------------------------------------------------------------------------


@pytest.fixture
def faceted(agent, library, finances, direction, hr_insider):
    housing = ThemeFactory(name="Logement", slug="logement")
    culture = ThemeFactory(name="Culture", slug="culture")
    upload(
        agent,
        library.finances,
        "budget.pdf",
        files.pdf_with_text(["Astreintes du budget communal"]),
        title="Budget",
        themes=[housing],
    )
    old = upload(
        agent,
        library.finances,
        "ancien.docx",
        files.docx(["Astreintes de l'an passé"]),
        title="Ancien",
        themes=[culture],
    )
    old.file_updated_at = timezone.now() - timedelta(days=400)
    old.save(update_fields=["file_updated_at"])
    upload(
        hr_insider,
        library.private,
        "secret.pdf",
        files.pdf_with_text(["Astreintes et primes individuelles"]),
        title="Primes",
        themes=[culture],
    )
    return {"housing": housing, "culture": culture}


def facet_items(page, group):
    section = re.search(rf'<h3 id="facet-{group}">.*?</ul>', page, re.S).group(0)
    return {
        label.strip(): int(count)
        for label, count in re.findall(r'>([^<>]+) <span class="count">\((\d+)\)</span>', section)
    }


def test_facets_count_what_the_reader_may_see(faceted, agent, hr_insider, login):
    page = login(agent).get("/recherche/?q=astreintes").content.decode()
    assert facet_items(page, "theme") == {"Logement": 1, "Culture": 1}
    assert facet_items(page, "service") == {"Finances": 2}
    assert facet_items(page, "format") == {"PDF": 1, "Textes": 1}
    assert facet_items(page, "period") == {
        "7 derniers jours": 1,
        "30 derniers jours": 1,
        "12 derniers mois": 1,
    }

    insider = login(hr_insider).get("/recherche/?q=astreintes").content.decode()
    assert facet_items(insider, "theme") == {"Culture": 2, "Logement": 1}
    assert "Direction des ressources humaines" in facet_items(insider, "service")


def test_a_facet_narrows_the_results_and_keeps_the_others(faceted, agent, login):
    client = login(agent)
    found = search_everything(agent, "astreintes", Filters(theme=faceted["culture"].pk))
    assert titles(found) == {"Ancien"}
    found = search_everything(agent, "astreintes", Filters(period="year"))
    assert titles(found) == {"Budget"}
    found = search_everything(agent, "astreintes", Filters(family="pdf"))
    assert titles(found) == {"Budget"}

    page = client.get("/recherche/?q=astreintes&theme=culture").content.decode()
    assert "Ancien" in page and "Budget</a>" not in page
    # The chosen value links to the same search without it.
    assert 'href="?q=astreintes" hx-get="?q=astreintes" aria-current="true"' in page
    htmx = client.get("/recherche/?q=astreintes&format=pdf", HTTP_HX_REQUEST="true")
    fragment = htmx.content.decode()
    assert fragment.startswith('\n  <div id="search-results"') or 'id="search-results"' in fragment
    assert "<html" not in fragment and "Budget" in fragment and "Ancien" not in fragment


def test_a_hidden_theme_or_service_is_neither_a_facet_nor_a_result(faceted, agent, login):
    client = login(agent)
    page = client.get("/recherche/?q=primes").content.decode()
    assert "Primes" not in page
    assert "facet-theme" not in page and "facet-service" not in page
    page = client.get("/recherche/?q=astreintes&service=drh").content.decode()
    assert "0 résultat" in page and "Primes" not in page


def test_unknown_filter_values_are_ignored(faceted, agent, login):
    page = login(agent).get("/recherche/?q=astreintes&theme=nope&period=x&format=exe")
    assert page.status_code == 200
    assert "2 résultats" in page.content.decode()


# --- Rights follow restrictions ------------------------------------------------------------


def fresh(user):
    """The user as the next request sees them (rights are memoised on the object)."""
    return type(user).objects.get(pk=user.pk)


def test_a_restriction_removed_or_added_later_is_followed(kb, agent, login):
    assert "Plan social confidentiel" not in titles(search_everything(agent, "plan social"))
    PageViewRestriction.objects.filter(page=kb["secret_section"]).delete()
    assert "Plan social confidentiel" in titles(search_everything(fresh(agent), "plan social"))

    PageViewRestriction.objects.create(
        page=kb["careers"], restriction_type=PageViewRestriction.LOGIN
    )
    leave = ArticlePage.objects.get(pk=kb["leave"].pk)
    assert leave.search_restriction != 0
    # A login restriction: every signed-in agent still finds it.
    assert "Poser des congés" in titles(search_everything(fresh(agent), "congés"))
    restriction = PageViewRestriction.objects.get(page=kb["careers"])
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.add(kb["management"])
    assert "Poser des congés" not in titles(search_everything(fresh(agent), "congés"))


def test_a_page_moved_under_a_restricted_section_disappears(kb, agent, login):
    budget = kb["budget"]
    assert "Préparer le budget" in titles(search_everything(agent, "budget"))
    budget.move(kb["secret_section"], pos="last-child")
    assert "Préparer le budget" not in titles(search_everything(fresh(agent), "budget"))


def test_members_of_the_group_find_the_restricted_article(kb, agent):
    agent.groups.add(kb["management"])
    agent = fresh(agent)
    assert "Plan social confidentiel" in titles(search_everything(agent, "plan social"))
    found = search_everything(agent, "plan social", Filters(theme=kb["housing"].pk))
    assert "Plan social confidentiel" in titles(found)


def test_news_for_some_services_is_found_only_there(news_index, agent, payroll_agent, payroll):
    make_news(
        news_index,
        title="Paie de décembre",
        lead="Calendrier de la paie.",
        audience=Audience.SERVICES,
        services=[payroll],
    )
    assert "Paie de décembre" in titles(search_everything(payroll_agent, "paie"))
    assert "Paie de décembre" not in titles(search_everything(agent, "paie"))


# --- Suggestions (autocomplete) ------------------------------------------------------------


def suggested(client, text):
    html = client.get("/recherche/suggestions/", {"q": text}).content.decode()
    return re.findall(r'<a href="[^"]*" tabindex="-1"[^>]*>([^<]*)</a>', html)


def test_suggestions_complete_titles_without_accents(kb, agent, login):
    client = login(agent)
    make_article(kb["finances_page"], "Télétravail : les règles")
    assert "Télétravail : les règles" in suggested(client, "telet")
    assert "Télétravail : les règles" in suggested(client, "Télé")
    assert suggested(client, "t") == []


def test_suggestions_never_show_what_the_reader_may_not_see(
    kb, faceted, agent, hr_insider, elu, login, news_index
):
    make_news(news_index, title="Planning des élus", audience=Audience.ELUS)
    client = login(agent)
    assert suggested(client, "plan") == []
    assert suggested(client, "prim") == []
    assert "Planning des élus" in suggested(login(elu), "plan")
    assert "Primes" in suggested(login(hr_insider), "prim")


def test_suggestions_are_options_of_a_listbox(kb, agent, login):
    make_article(kb["finances_page"], "Télétravail : les règles")
    html = login(agent).get("/recherche/suggestions/?q=tele").content.decode()
    assert 'role="option"' in html and 'aria-selected="false"' in html
    assert "1 suggestion" in html


# --- Editors' report -------------------------------------------------------------------


def test_the_report_lists_top_queries_and_queries_without_results(
    faceted, agent, communication_officer, login
):
    client = login(agent)
    for _ in range(3):
        client.get("/recherche/?q=astreintes")
    client.get("/recherche/?q=piscine municipale")
    report = login(communication_officer).get("/admin/rapports/recherches/")
    assert report.status_code == 200
    html = report.content.decode()
    top = html[html.index('id="top-terms"') : html.index('id="empty-terms"')]
    assert re.search(r"astreintes</a></td><td>3</td>", top)
    empty = html[html.index('id="empty-terms"') :]
    assert "piscine municipale" in empty and "astreintes" not in empty


def test_the_report_is_refused_to_agents(agent, login):
    response = login(agent).get("/admin/rapports/recherches/")
    assert response.status_code in (302, 403)
    assert "astreintes" not in response.content.decode()


# --- The key list field -------------------------------------------------------------------


def test_key_lists_are_matched_whole_on_any_database(news_index, agent, payroll):
    news = make_news(news_index, title="Vingt", audience=Audience.SERVICES, services=[payroll])
    from cms.core.fields import HoldsAnyOf
    from home.models import NewsPage

    assert NewsPage.objects.filter(search_access__in=[f"service:{payroll.pk}"]).exists()
    assert not NewsPage.objects.filter(search_access__in=[f"service:{payroll.pk}0"]).exists()
    assert not NewsPage.objects.filter(search_access__in=[]).exists()
    # The portable SQL (LIKE on the spaced list, used on SQLite) means the same.
    queryset = NewsPage.objects.filter(search_access__in=[f"service:{payroll.pk}"])
    lookup = queryset.query.where.children[-1]
    assert isinstance(lookup, HoldsAnyOf)
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = HoldsAnyOf.as_sql(lookup, compiler, connection)
    where = sql.replace('"home_newspage".', "")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT page_ptr_id FROM home_newspage WHERE {where}", params)  # noqa: S608
        assert [row[0] for row in cursor.fetchall()] == [news.pk]


def test_many_keys_go_as_one_array_and_odd_keys_still_match(news_index, agent, payroll):
    from cms.core.fields import postgresql_text_array
    from home.models import NewsPage

    assert postgresql_text_array(["all", "folder:12", "r0:service:3"]) == (
        "{all,folder:12,r0:service:3}"
    )
    # Written bare, these would split the array, or read as NULL: sent as a list instead.
    assert postgresql_text_array(["a,b", "all"]) == ["a,b", "all"]
    assert postgresql_text_array(["NULL"]) == ["NULL"]
    news = make_news(news_index, title="Mille", audience=Audience.SERVICES, services=[payroll])
    many = [f"folder:{number}" for number in range(3_000)] + [f"service:{payroll.pk}"]
    assert list(NewsPage.objects.filter(search_access__in=many)) == [news]
    assert not NewsPage.objects.filter(search_access__in=[*many[:-1], "a,b", "null"]).exists()


def test_a_search_is_still_counted_when_redis_does_not_answer(agent, login, monkeypatch):
    import redis

    from knowledge.models import SearchTermDay
    from knowledge.search import analytics as search

    dead = redis.Redis(host="127.0.0.1", port=9, socket_connect_timeout=0.2)
    monkeypatch.setattr(search, "_redis", lambda: dead)
    response = login(agent).get("/recherche/?q=piscine")
    assert response.status_code == 200
    assert SearchTermDay.objects.get(term="piscine").without_results == 1


# --- Search rows follow their sources ------------------------------------------------------


def test_rows_follow_unpublishing_and_deletion(kb, agent, library):
    from knowledge.models import SearchItem

    document = upload(agent, library.finances, "r.txt", b"Registre des astreintes.", title="Reg")
    assert "Reg" in titles(search_everything(agent, "astreintes"))
    document.delete()
    assert "Reg" not in titles(search_everything(agent, "astreintes"))

    kb["budget"].unpublish()
    assert "Préparer le budget" not in titles(search_everything(agent, "budget"))
    assert not SearchItem.objects.filter(source_id=kb["budget"].pk, kind="article").exists()


def test_a_renamed_section_gives_its_pages_their_new_address(kb, agent, login):
    careers = kb["careers"]
    careers.slug = "parcours"
    careers.save_revision().publish()
    hit = next(h for h in search_everything(agent, "congés").hits if h.title == "Poser des congés")
    assert "/parcours/" in hit.url
    assert login(agent).get(hit.url).status_code == 200


def test_make_reindex_recreates_every_row(kb, agent, library):
    from django.core.management import call_command

    from knowledge.models import SearchItem

    upload(agent, library.finances, "r.txt", b"Registre des astreintes.", title="Reg")
    before = SearchItem.objects.exclude(kind="person").count()
    SearchItem.objects.all().delete()
    assert not search_everything(agent, "astreintes").hits
    call_command("search_rebuild", verbosity=0)
    assert SearchItem.objects.exclude(kind="person").count() == before
    # and one row for each person of the directory
    assert (
        SearchItem.objects.filter(kind="person").count()
        == User.objects.filter(is_active=True).count()
    )
    assert "Reg" in titles(search_everything(agent, "astreintes"))
    assert "Préparer le budget" in titles(search_everything(agent, "budget"))
