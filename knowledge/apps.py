from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Base de connaissances")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        self.register_library_permission_policy()

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
