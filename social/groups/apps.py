from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "social.groups"
    label = "groups"
    verbose_name = _("Groupes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from knowledge.search_index import register_search_source

        from . import signals
        from .models import Group, Post

        signals.connect()
        register_search_source(Group)
        register_search_source(Post)
