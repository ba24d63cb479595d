"""Personal data in Wagtail's admin: the audit actions in the site history, the retention
settings, the departure and anonymisation of a person from the people listing."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton

from cms.core import audit
from social.people.permissions import can_manage_people

from .admin_views import (
    AnonymiseView,
    AuditLogView,
    DeactivateView,
    RetentionView,
    can_read_audit_log,
    can_set_retention,
)


class AuditLogMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_audit_log(request.user)


class RetentionMenuItem(MenuItem):
    def is_shown(self, request):
        return can_set_retention(request.user)


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register_actions(actions)


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path("conservation/", RetentionView.as_view(), name="parvis_retention"),
        path("rapports/journal-d-audit/", AuditLogView.as_view(), name="parvis_audit_log"),
        path(
            "rapports/journal-d-audit/resultats/",
            AuditLogView.as_view(results_only=True),
            name="parvis_audit_log_results",
        ),
        path(
            "personnes/<int:pk>/depart/", DeactivateView.as_view(), name="parvis_person_deactivate"
        ),
        path(
            "personnes/<int:pk>/anonymiser/",
            AnonymiseView.as_view(),
            name="parvis_person_anonymise",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_audit_log_menu_item():
    return AuditLogMenuItem(
        _("Journal d'audit"),
        reverse("parvis_audit_log"),
        name="audit-log",
        icon_name="list-ul",
        order=960,
    )


@hooks.register("register_settings_menu_item")
def register_retention_menu_item():
    return RetentionMenuItem(
        _("Durées de conservation"), reverse("parvis_retention"), name="retention", icon_name="time"
    )


@hooks.register("register_user_listing_buttons")
def person_departure_buttons(user, request_user):
    if not can_manage_people(request_user) or user.pk == request_user.pk:
        return []
    buttons = []
    if user.is_active:
        buttons.append(
            ListingButton(
                _("Départ (désactiver)"),
                reverse("parvis_person_deactivate", args=[user.pk]),
                priority=60,
            )
        )
    if user.anonymised_at is None:
        buttons.append(
            ListingButton(
                _("Anonymiser"), reverse("parvis_person_anonymise", args=[user.pk]), priority=61
            )
        )
    return buttons
