from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Accueil et actualités")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signals  # noqa: F401

        self.label_sites_admin_columns()

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
