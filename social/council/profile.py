"""An élu's mandates and delegations, and anyone's commissions, on their profile."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from social.people.sections import ProfileEntry, ProfileSection

from .models import Commission, Mandate
from .permissions import visible_commissions_q

if TYPE_CHECKING:
    from social.people.models import User


def _mandates(reader: User, person: User, limit: int) -> list[ProfileEntry]:
    today = timezone.localdate()
    mandates = (
        Mandate.objects.filter(person=person)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .prefetch_related("services")[:limit]
    )
    entries = []
    for mandate in mandates:
        since = _("depuis %(date)s") % {"date": date_format(mandate.started_on, "F Y")}
        detail = " · ".join(part for part in (mandate.delegation, since) if part)
        entries.append(ProfileEntry(mandate.label, "", detail))
        for service in mandate.services.all():
            entries.append(
                ProfileEntry(
                    _("Délégation : %(service)s") % {"service": service.name},
                    reverse("people:directory") + f"?service={service.slug}",
                )
            )
    return entries


def _commissions(reader: User, person: User, limit: int) -> list[ProfileEntry]:
    commissions = (
        Commission.objects.filter(visible_commissions_q(reader))
        .filter(members__person=person)
        .distinct()
        .order_by("kind", "name")[:limit]
    )
    return [
        ProfileEntry(commission.name, commission.get_absolute_url()) for commission in commissions
    ]


PROFILE_SECTIONS = [
    ProfileSection("mandates", gettext_lazy("Mandats"), _mandates, order=0),
    ProfileSection("commissions", gettext_lazy("Commissions"), _commissions, order=5),
]
