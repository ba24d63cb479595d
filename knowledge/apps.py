from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Base de connaissances")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from social.people.scope import register_scope_part

        from . import signals  # noqa: F401
        from .selectors import denied_paths, visible_folder_ids

        self.register_library_permission_policy()
        # What of the knowledge base and the library a reader may see (social/people/scope.py).
        register_scope_part("restricted", lambda user: (f"denied:{p}" for p in denied_paths(user)))
        register_scope_part(
            "folders",
            lambda user: (
                {"*"}
                if (folders := visible_folder_ids(user)) is None
                else (f"folder:{folder}" for folder in folders)
            ),
        )

    @staticmethod
    def register_library_permission_policy() -> None:
        """Wagtail's document permissions plus the library's folder visibility (see
        knowledge/permissions.py). Runs after wagtail.documents' ready() (INSTALLED_APPS order),
        which registers the stock policy."""
        from wagtail.documents import get_document_model, get_document_model_string
        from wagtail.permissions import policy_registry

        from .permissions import LibraryPermissionPolicy

        policy_registry.register(
            get_document_model(),
            value=LibraryPermissionPolicy(
                get_document_model_string(),
                auth_model="wagtaildocs.Document",  # where Wagtail's document permissions live
                owner_field_name="uploaded_by_user",
            ),
        )
