from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import CollectionViewRestriction, PageViewRestriction

import pytest

from cms.demo import files
from knowledge.library.services import document_extract, document_upload
from knowledge.models import (
    ArticlePage,
    KnowledgeIndexPage,
    SectionPage,
    ServiceFolder,
    ServicePage,
    ThemePage,
)
from tests.factories import ThemeFactory, UserFactory


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_article(parent, title, *, themes=(), related=(), **fields):
    article = ArticlePage(title=title, lead=fields.pop("lead", f"À propos de {title}."), **fields)
    parent.add_child(instance=article)
    if themes:
        article.themes.set(themes)
    if related:
        article.related_articles.set(related)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


@pytest.fixture
def kb(home, finances, direction):
    index = publish(home, KnowledgeIndexPage(title="Base de connaissances", slug="base"))
    finances_page = publish(index, ServicePage(title="Finances", slug="finances", service=finances))
    hr_page = publish(index, ServicePage(title="Ressources humaines", slug="rh", service=direction))
    careers = publish(hr_page, SectionPage(title="Carrière", slug="carriere"))
    housing = ThemeFactory(name="Logement", slug="logement")
    culture = ThemeFactory(name="Culture", slug="culture")
    housing_page = publish(index, ThemePage(title="Logement", slug="logement", theme=housing))
    budget = make_article(finances_page, "Préparer le budget", themes=[housing])
    leave = make_article(
        careers,
        "Poser des congés",
        themes=[housing],
        related=[budget],
        body=[
            ("heading", {"text": "Qui peut en bénéficier ?", "level": "h2"}),
            ("paragraph", "<p>Tous les agents.</p>"),
            ("heading", {"text": "Comment faire ?", "level": "h2"}),
            ("steps", {"title": "", "steps": [{"title": "Remplir le formulaire", "text": ""}]}),
            (
                "faq",
                {"title": "", "questions": [{"question": "Délai ?", "answer": "<p>Un mois.</p>"}]},
            ),
            ("callout", {"kind": "warning", "title": "Attention", "text": "<p>Anticipez.</p>"}),
        ],
    )
    untagged = make_article(finances_page, "Payer une facture")
    # A section of the HR service restricted to the general management's group.
    management = Group.objects.create(name="Direction générale")
    secret_section = publish(hr_page, SectionPage(title="Direction générale", slug="dg"))
    restriction = PageViewRestriction.objects.create(
        page=secret_section, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(management)
    secret = make_article(secret_section, "Plan social confidentiel", themes=[housing])
    return {
        "index": index,
        "finances_page": finances_page,
        "hr_page": hr_page,
        "careers": careers,
        "housing": housing,
        "culture": culture,
        "housing_page": housing_page,
        "budget": budget,
        "leave": leave,
        "untagged": untagged,
        "secret_section": secret_section,
        "secret": secret,
        "management": management,
    }


@pytest.fixture(autouse=True)
def _own_media_root(media_root):
    """Every knowledge, library and search test stores its files in a folder of its own."""
    return media_root


@pytest.fixture
def library(home, finances, direction, payroll):
    """Services' folders, and « Dossiers individuels » under HR, restricted to one group."""
    finances_folder = ServiceFolder.objects.get(service=finances).collection
    hr_folder = ServiceFolder.objects.get(service=direction).collection
    payroll_folder = ServiceFolder.objects.get(service=payroll).collection
    private = hr_folder.add_child(name="Dossiers individuels")
    insiders = Group.objects.create(name="Gestionnaires RH")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    return SimpleNamespace(
        finances=finances_folder,
        hr=hr_folder,
        payroll=payroll_folder,
        private=private,
        insiders=insiders,
    )


@pytest.fixture
def hr_insider(library, direction):
    user = UserFactory(email="gestionnaire.rh@exemple.fr", service=direction)
    user.groups.add(library.insiders)
    return user


def upload(user, folder, name: str, data: bytes, *, extract: bool = True, **fields):
    """A document stored as the library stores it, analysed at once unless told otherwise."""
    document = document_upload(
        user=user, folder=folder, uploaded_file=SimpleUploadedFile(name, data), **fields
    )
    if extract:
        document_extract(document_id=document.pk)
        document.refresh_from_db()
    return document


@pytest.fixture
def long_pdf():
    """6,000 pages of text: seconds of a worker's time (killed mid-way, or keeping its queue busy)."""
    return files.pdf_with_text(files.sample_pages(6000))
