"""Home in Wagtail's admin: the follow-up of mandatory readings among the reports, for the
communication officers (it lives on the site, where the heads of service reach it too)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from social.people.audience import can_view_all_audiences


class ReadingsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_all_audiences(request.user)


@hooks.register("register_reports_menu_item")
def register_readings_menu_item():
    return ReadingsMenuItem(
        _("Lectures obligatoires"),
        reverse("home:readings"),
        name="readings",
        icon_name="tasks",
        order=850,
    )
