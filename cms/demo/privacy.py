"""The demo's personal data: a colleague who left for the métropole (their comments stay,
under « ancien agent »), the demo agent's own export ready to download, and a first night of
retention in the admin's report."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from social.privacy.departure import person_deactivate
from social.privacy.export import export_build, export_request
from social.privacy.models import DataExport, RetentionRun
from social.privacy.retention import retention_apply


def seed_privacy(*, agent, admin) -> int:
    """Idempotent: a second seed finds the departure and the export already made."""
    User = get_user_model()
    departed = User.objects.filter(departed_at__isnull=False)
    if not departed.exists():
        leaving = (
            User.objects.filter(is_active=True, is_staff=False, comments__isnull=False)
            .exclude(pk=agent.pk)
            .distinct()
            .order_by("pk")
            .first()
        )
        if leaving is not None:
            person_deactivate(person=leaving, by=admin, reason="Mutation vers la métropole")
    if not DataExport.objects.filter(user=agent).exists():
        export = export_request(user=agent)
        export_build(export.pk)  # the demo has no worker running: built here
    if not RetentionRun.objects.exists():
        retention_apply()
    return departed.count()
