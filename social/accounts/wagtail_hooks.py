from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import SecondFactorResetView
from .models import SignInEvent
from .permissions import can_read_sign_in_log, can_reset_second_factor


class SignInLogPolicy(ModelPermissionPolicy):
    """The log is read, never written, by superusers only."""

    def user_has_permission(self, user, action):
        return action == "view" and can_read_sign_in_log(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and can_read_sign_in_log(user)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_superuser=True)


class SignInLogViewSet(ModelViewSet):
    model = SignInEvent
    icon = "lock"
    menu_label = _("Journal des connexions")
    url_prefix = "journal-des-connexions"
    add_to_settings_menu = True
    list_display = ["created_at", "identifier", "kind", "method", "address", "detail"]
    list_filter = ["kind", "method", "created_at"]
    search_fields = ["identifier", "address"]
    search_backend_name = None
    inspect_view_enabled = True
    exclude_form_fields = []


register_permission_policy(SignInEvent, SignInLogPolicy(SignInEvent))


@hooks.register("register_admin_viewset")
def register_sign_in_log():
    return SignInLogViewSet("sign_in_log")


@hooks.register("register_admin_urls")
def register_second_factor_reset():
    return [
        path(
            "personnes/<int:pk>/double-authentification/",
            SecondFactorResetView.as_view(),
            name="parvis_second_factor_reset",
        )
    ]


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if can_reset_second_factor(request_user, user):
        yield ListingButton(
            _("Réinitialiser la double authentification"),
            url=reverse("parvis_second_factor_reset", args=[user.pk]),
            priority=60,
        )
