from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .admin_views import KioskInstallLinkView, SecondFactorResetView
from .models import KioskDevice, SignInEvent
from .permissions import can_manage_kiosks, can_read_sign_in_log, can_reset_second_factor


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


class KioskPolicy(ModelPermissionPolicy):
    """Shared tablets are registered and installed by superusers."""

    def user_has_permission(self, user, action):
        return can_manage_kiosks(user)

    def user_has_any_permission(self, user, actions):
        return can_manage_kiosks(user)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_superuser=True)


register_permission_policy(KioskDevice, KioskPolicy(KioskDevice))


class KioskViewSet(ModelViewSet):
    model = KioskDevice
    icon = "desktop"
    menu_label = _("Bornes partagées")
    url_prefix = "bornes"
    add_to_settings_menu = True
    form_fields = ["name", "place", "idle_minutes", "active"]
    list_display = ["name", "place", "idle_minutes", "active", "enrolled_at", "installation"]
    search_fields = ["name", "place"]
    search_backend_name = None


@hooks.register("register_admin_viewset")
def register_kiosks():
    return KioskViewSet("kiosks")


@hooks.register("register_admin_urls")
def register_second_factor_reset():
    return [
        path(
            "bornes/<int:pk>/installer/",
            KioskInstallLinkView.as_view(),
            name="parvis_kiosk_install_link",
        ),
        path(
            "personnes/<int:pk>/double-authentification/",
            SecondFactorResetView.as_view(),
            name="parvis_second_factor_reset",
        ),
    ]


@hooks.register("register_user_listing_buttons")
def second_factor_reset_button(user, request_user):
    if can_reset_second_factor(request_user, user):
        yield ListingButton(
            _("Réinitialiser la double authentification"),
            url=reverse("parvis_second_factor_reset", args=[user.pk]),
            priority=60,
        )
