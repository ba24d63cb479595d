from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et actualités")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import privacy

        privacy.register()
        from knowledge.search.pages import page_source
        from knowledge.search.sources import (
            SearchKind,
            register_search_kind,
            register_search_source,
        )
        from social.mail.compose import register_organisation_name
        from social.mail.digest import register_digest_section

        from . import signals  # noqa: F401
        from .digest import NEWS_SECTION, READINGS_SECTION, organisation_name
        from .models import NewsPage

        self.label_sites_admin_columns()
        # News in search; the keys of pages are declared with the pages' search (knowledge).
        register_search_source(page_source(NewsPage, kind="news", summary="lead", date="date"))
        register_search_kind(SearchKind("news", _("Actualités"), _("Actualité"), order=10))
        register_digest_section(READINGS_SECTION)
        register_digest_section(NEWS_SECTION)
        register_organisation_name(organisation_name)

    @staticmethod
    def label_sites_admin_columns() -> None:
        """Wagtail's sites listing names two columns by their field names, so « Site name » and
        « Root page » stay in English: give them the fields' translated names instead."""
        from django.utils.text import capfirst

        from wagtail.models import Site
        from wagtail.sites.views import IndexView

        for column in IndexView.columns:
            if column.name in ("site_name", "root_page"):
                column.label = capfirst(Site._meta.get_field(column.name).verbose_name)
