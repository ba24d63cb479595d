"""The e-mail report of the admin (Rapports → E-mails), for the superusers who run the
install: the outbox's state (waiting, given up, sent lately, the last error) and the addresses
that refuse mail."""

from datetime import timedelta

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.admin_views import ParvisAdminView

from .models import MailBounce, OutgoingMail


def can_read_mail_report(user) -> bool:
    return user.is_active and user.is_superuser


class MailReportView(ParvisAdminView):
    template_name = "mail/admin/report.html"
    page_title = _("E-mails")
    header_icon = "mail"
    allowed = staticmethod(can_read_mail_report)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        day_ago = timezone.now() - timedelta(days=1)
        statuses = dict(
            OutgoingMail.objects.values_list("status").annotate(count=Count("pk")).order_by()
        )
        context.update(
            pending=statuses.get(OutgoingMail.Status.PENDING, 0),
            failed=statuses.get(OutgoingMail.Status.FAILED, 0),
            sent_today=OutgoingMail.objects.filter(sent_at__gte=day_ago).count(),
            last_sent=OutgoingMail.objects.aggregate(last=Max("sent_at"))["last"],
            delayed=OutgoingMail.objects.filter(status=OutgoingMail.Status.PENDING, attempts__gt=0)
            .order_by("next_attempt_at")
            .first(),
            bounces=MailBounce.objects.filter(permanent=True).select_related("user")[:200],
        )
        return context
