from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "social.events"
    label = "events"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import privacy

        privacy.register()
        from cms.core.generations import register_personal
        from knowledge.search.sources import register_search_kind, register_search_source
        from social.mail.digest import register_digest_section

        from . import signals
        from .caching import answers_generation
        from .digest import EVENTS_SECTION
        from .search import EVENT_KIND, EVENT_SOURCE

        signals.connect()
        register_search_source(EVENT_SOURCE)
        register_search_kind(EVENT_KIND)
        register_digest_section(EVENTS_SECTION)
        # Each reader's answers counter is read with the shared ones (one query).
        register_personal(answers_generation)
