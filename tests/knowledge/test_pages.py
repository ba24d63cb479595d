import pytest

from knowledge.models import ArticlePage

pytestmark = pytest.mark.django_db


def test_an_article_belongs_to_the_service_of_the_page_it_is_filed_under(kb, direction, finances):
    assert kb["leave"].service == direction  # filed in a section of the HR service
    assert kb["budget"].service == finances


def test_article_page_shows_toc_breadcrumbs_service_themes_review_and_related(login, kb, agent):
    html = login(agent).get(kb["leave"].url).content.decode()
    toc = html.split('class="toc"')[1].split("</nav>")[0]
    assert 'href="#section-qui-peut-en-beneficier"' in toc and "Comment faire ?" in toc
    assert 'id="section-qui-peut-en-beneficier"' in html
    breadcrumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "Ressources humaines" in breadcrumbs and "Carrière" in breadcrumbs
    assert "Service\u00a0: Direction des ressources humaines" in html
    assert "Logement" in html and "Relu le" in html
    related = html.split('id="related-title"')[1]
    assert "Préparer le budget" in related
    assert "<details><summary>Délai ?</summary>" in html
    assert "callout--warning" in html


def test_theme_page_lists_every_article_tagged_with_the_theme(login, kb, agent):
    html = login(agent).get(kb["housing_page"].url).content.decode()
    assert "Préparer le budget" in html and "Poser des congés" in html
    assert "Payer une facture" not in html


def test_theme_list_leaves_out_unpublished_articles(login, kb, agent):
    kb["budget"].unpublish()
    assert "Préparer le budget" not in login(agent).get(kb["housing_page"].url).content.decode()


def test_service_page_lists_its_sections_and_articles(login, kb, agent):
    html = login(agent).get(kb["hr_page"].url).content.decode()
    assert "Carrière" in html and "Poser des congés" in html
    assert "Préparer le budget" not in html


def test_knowledge_index_lists_services_and_themes(login, kb, agent):
    html = login(agent).get(kb["index"].url).content.decode()
    assert "Finances" in html and "Ressources humaines" in html and "Logement" in html


def test_articles_go_stale_after_their_review_interval(kb):
    from datetime import date

    article = ArticlePage(last_reviewed_on=date(2020, 1, 31), review_interval_months=13)
    assert article.next_review_on == date(2021, 2, 28)
    assert article.is_stale
    assert not ArticlePage(last_reviewed_on=date.today(), review_interval_months=12).is_stale
