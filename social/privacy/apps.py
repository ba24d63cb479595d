from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data as the CNIL expects: « Mes données » (the export, what Parvis keeps and
    why), departures and anonymisation, retention enforced nightly, the audit log."""

    name = "social.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import declarations

        declarations.register()
