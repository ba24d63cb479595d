from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: second factors, sessions and the sign-in log (next: single sign-on, the
    directory, accounts without e-mail)."""

    name = "social.accounts"
    label = "accounts"
    verbose_name = _("Connexion et sécurité")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from cms.core import generations

        from . import privacy, second_factor, signals  # noqa: F401  (receivers)

        generations.register_personal(second_factor.generation_name)
        privacy.register()
