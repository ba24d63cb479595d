from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    default = True  # apps.py holds a second config, for Wagtail's users app
    name = "social.people"
    label = "people"
    verbose_name = _("Personnes et services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import privacy, signals  # noqa: F401
        from .audience import user_access_keys
        from .scope import register_scope_part

        register_scope_part("audience", user_access_keys)
        privacy.register()


class ParvisUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app, managing Parvis people (service, role, job title...)."""

    user_viewset = "social.people.viewsets.UserViewSet"
    group_viewset = "social.people.viewsets.GroupViewSet"
