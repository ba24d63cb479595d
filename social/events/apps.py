from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "social.events"
    label = "events"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from knowledge.search.sources import register_search_kind, register_search_source

        from . import signals
        from .search import EVENT_KIND, EVENT_SOURCE

        signals.connect()
        register_search_source(EVENT_SOURCE)
        register_search_kind(EVENT_KIND)
