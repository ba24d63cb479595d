from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import ModerationQueueView, moderate
from .services import can_moderate


@hooks.register("register_admin_urls")
def register_moderation_urls():

    return [
        path("moderation/", ModerationQueueView.as_view(), name="comments_moderation"),
        path(
            "moderation/<int:pk>/<str:action>/",
            moderate,
            name="comments_moderate",
        ),
    ]


class ModerationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    return ModerationMenuItem(
        _("Modération"),
        reverse("comments_moderation"),
        name="moderation",
        icon_name="warning",
        order=260,
    )
