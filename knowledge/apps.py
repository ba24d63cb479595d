from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Base de connaissances")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import privacy

        privacy.register()
        from social.people.scope import register_scope_part
        from social.people.sections import register_profile_section

        from .library import signals as library_signals  # noqa: F401
        from .library import tasks as library_tasks  # noqa: F401 (Celery finds <app>.tasks only)
        from .library.selectors import hidden_folder_paths
        from .profile import PROFILE_SECTIONS
        from .search import signals as search_signals  # noqa: F401
        from .search import tasks as search_tasks  # noqa: F401
        from .selectors import denied_paths

        self.register_library_permission_policy()
        self.register_link_previews()
        self.register_search()
        # What of the knowledge base and the library a reader may see (social/people/scope.py).
        register_scope_part("restricted", lambda user: (f"denied:{p}" for p in denied_paths(user)))
        for section in PROFILE_SECTIONS:
            register_profile_section(section)
        # The restricted folders a reader may not enter decide every folder they see.
        register_scope_part(
            "folders",
            lambda user: (
                {"none"}
                if not (user.is_authenticated and user.is_active)
                else {"*"}
                if user.is_superuser
                else (f"hidden:{path}" for path in hidden_folder_paths(user))
            ),
        )

    @staticmethod
    def register_search() -> None:
        """Articles, service and theme pages, and library documents in search."""
        from .library.search import DOCUMENT_KIND, DOCUMENT_SOURCE
        from .library.selectors import reader_folder_keys
        from .models import ArticlePage, ServicePage, ThemePage
        from .search import people as search_people
        from .search.pages import page_search_keys, page_source
        from .search.sources import (
            SearchKind,
            register_search_keys,
            register_search_kind,
            register_search_source,
        )

        register_search_source(page_source(ArticlePage, kind="article", summary="lead"))
        register_search_source(page_source(ServicePage, kind="page", summary="description"))
        register_search_source(page_source(ThemePage, kind="page", summary="introduction"))
        register_search_source(DOCUMENT_SOURCE)
        register_search_kind(SearchKind("article", _("Articles"), _("Article"), order=20))
        register_search_kind(SearchKind("page", _("Services et thèmes"), _("Page"), order=30))
        register_search_kind(DOCUMENT_KIND)
        register_search_source(search_people.PERSON_SOURCE)
        register_search_kind(search_people.PERSON_KIND)
        register_search_keys("people", search_people.people_search_keys)
        search_people.connect()
        register_search_keys("pages", page_search_keys)
        register_search_keys("folders", reader_folder_keys)

    @staticmethod
    def register_link_previews() -> None:
        """A library document's address pasted in a group post gets a preview."""
        from cms.core.opengraph import document_open_graph, register_link_target

        from .models import LibraryDocument

        register_link_target(
            "library:document",
            lambda kwargs: LibraryDocument.objects.filter(pk=kwargs.get("document_id")).first(),
            document_open_graph,
        )

    @staticmethod
    def register_library_permission_policy() -> None:
        """Wagtail's document permissions plus the library's folder visibility (see
        knowledge/library/permissions.py). Runs after wagtail.documents' ready()
        (INSTALLED_APPS order), which registers the stock policy."""
        from wagtail.documents import get_document_model, get_document_model_string
        from wagtail.permissions import policy_registry

        from .library.permissions import LibraryPermissionPolicy

        policy_registry.register(
            get_document_model(),
            value=LibraryPermissionPolicy(
                get_document_model_string(),
                auth_model="wagtaildocs.Document",  # where Wagtail's document permissions live
                owner_field_name="uploaded_by_user",
            ),
        )
