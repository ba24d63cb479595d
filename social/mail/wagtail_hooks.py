"""E-mails in Wagtail's admin: the report of the outbox and of the failing addresses."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import MailReportView, can_read_mail_report


class MailReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_read_mail_report(request.user)


@hooks.register("register_admin_urls")
def register_mail_report_url():
    return [path("rapports/courriels/", MailReportView.as_view(), name="parvis_mail_report")]


@hooks.register("register_reports_menu_item")
def register_mail_report_menu_item():
    return MailReportMenuItem(
        _("E-mails"), reverse("parvis_mail_report"), name="mail", icon_name="mail", order=950
    )
