"""Reference data every install needs, created by idempotent code (run it as often as you
like). Project level, like the demo: it knows every app, and no app imports it.

- the site's root is a HomePage, with a news index under it;
- the collectivité's settings exist;
- the communication officers' group may publish news and events, see every audience, make polls
  and moderate comments;
- the agenda's categories exist (editable afterwards).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import (
    Collection,
    GroupPagePermission,
    Locale,
    Page,
    Site,
)

from cms.core.media import media_rights_ensure
from home.models import HomePage, NewsIndexPage, OrganisationSettings
from knowledge.library.folders import library_ensure_all
from knowledge.models import KnowledgeIndexPage
from knowledge.search.synonyms import synonyms_ensure
from social.events.services import event_categories_ensure
from social.groups.drive import group_drives_ensure_all

COMMUNICATION_GROUP = "Chargés de communication"


@transaction.atomic
def ensure_reference_data(*, organisation_name: str = "") -> HomePage:
    home = ensure_home_page()
    ensure_news_index(home)
    ensure_knowledge_index(home)
    site = Site.objects.get(is_default_site=True)
    organisation = OrganisationSettings.for_site(site)
    if organisation_name and not organisation.name:
        organisation.name = organisation_name
        organisation.save()
    ensure_communication_group(home)
    library_ensure_all()
    group_drives_ensure_all()
    synonyms_ensure()
    event_categories_ensure()
    return home


def ensure_tree_roots() -> Page:
    """Wagtail's own roots (default locale, root page, root collection), should a database have
    lost them (a flushed test database, a restore gone wrong)."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant("fr"))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root", live=True)
    return root


def ensure_home_page() -> HomePage:
    root = ensure_tree_roots()
    home = HomePage.objects.first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        home = HomePage(title=_("Accueil"), slug="accueil", live=True)
        root.add_child(instance=home)
        home.save_revision().publish()
        # Wagtail's own placeholder page ("Welcome to your new Wagtail site!") goes away.
        placeholders = Page.objects.filter(depth=2, content_type__model="page").exclude(pk=home.pk)
        if site is not None:
            site.root_page = home
            site.save()
        for page in placeholders:
            if not Site.objects.filter(root_page=page).exists():
                page.delete()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Parvis"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_child_page(home: HomePage, page: Page) -> Page:
    """The child of `home` of `page`'s type, created and published from `page` if missing."""
    existing = type(page).objects.child_of(home).first()
    if existing is not None:
        return existing
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_news_index(home: HomePage) -> NewsIndexPage:
    return ensure_child_page(
        home,
        NewsIndexPage(
            title=_("Actualités"),
            slug="actualites",
            intro=_("Les nouvelles de la collectivité, de ses services et de ses équipes."),
            show_in_menus=True,
        ),
    )


def ensure_knowledge_index(home: HomePage) -> Page:
    return ensure_child_page(
        home,
        KnowledgeIndexPage(
            title=_("Base de connaissances"),
            slug="base-de-connaissances",
            intro=_("Comment faire, à qui s'adresser : les procédures de chaque service."),
            show_in_menus=True,
        ),
    )


def ensure_communication_group(home: HomePage) -> Group:
    group, _created = Group.objects.get_or_create(name=COMMUNICATION_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="people", codename="view_all_audiences"),
    )
    news_index = NewsIndexPage.objects.child_of(home).first()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=news_index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    # Editors' picks for common searches (« congés », « télétravail »).
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wagtailsearchpromotions",
            codename__in=[
                "add_searchpromotion",
                "change_searchpromotion",
                "delete_searchpromotion",
            ],
        )
    )
    # Search synonyms (« vacances » ⇄ « congés »), which take effect at the next search.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="knowledge",
            codename__in=["add_synonym", "change_synonym", "delete_synonym", "view_synonym"],
        )
    )
    # Polls (snippets) and the moderation of comments.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="polls",
            codename__in=["add_poll", "change_poll", "delete_poll"],
        ),
        Permission.objects.get(content_type__app_label="comments", codename="moderate_comment"),
    )
    # The agenda: events published to an audience, categories and rooms.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="events",
            codename__in=[
                "publish_events",
                "add_eventcategory",
                "change_eventcategory",
                "delete_eventcategory",
                "add_room",
                "change_room",
                "delete_room",
            ],
        )
    )
    # The communication team tidies the library in the admin (titles, themes, folders it sees).
    media_rights_ensure(group, images=("add", "change", "choose"), documents=("change", "choose"))
    return group
