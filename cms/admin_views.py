"""A base for Parvis's own pages in Wagtail's admin (reports, the moderation queue): Wagtail's
header and breadcrumbs, and one access rule per page, checked before anything is read."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class ParvisAdminView(WagtailAdminTemplateMixin, TemplateView):
    @staticmethod
    def allowed(user) -> bool:
        """Who may open the page; nobody unless a subclass says so."""
        return False

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]
