from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    """What leaves Parvis by e-mail: notifications, digests, reminders, through one outbox."""

    name = "social.mail"
    label = "mail"
    verbose_name = _("E-mails")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import privacy

        privacy.register()
