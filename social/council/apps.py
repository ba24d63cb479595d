from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    """Élus as first-class people: mandates and delegations, the conseil municipal and its
    commissions, their meetings, documents and deliberations."""

    name = "social.council"
    label = "council"
    verbose_name = _("Élus et commissions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from knowledge.search.sources import (
            register_search_keys,
            register_search_kind,
            register_search_source,
        )
        from social.people.scope import register_scope_part
        from social.people.sections import register_profile_section

        from . import signals  # noqa: F401
        from .permissions import commission_ids_of
        from .profile import PROFILE_SECTIONS
        from .search import DELIBERATION_KIND, DELIBERATION_SOURCE, council_search_keys

        register_scope_part(
            "commissions", lambda user: (f"commission:{pk}" for pk in commission_ids_of(user))
        )
        register_search_source(DELIBERATION_SOURCE)
        register_search_kind(DELIBERATION_KIND)
        register_search_keys("council", council_search_keys)
        for section in PROFILE_SECTIONS:
            register_profile_section(section)
