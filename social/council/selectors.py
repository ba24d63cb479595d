"""Read-side questions of the council pages, each filtered for one reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, Prefetch, Q, Value, When
from django.utils import timezone

from knowledge.library.selectors import documents_visible_to

from .models import Commission, CommissionMember, Deliberation, Meeting
from .permissions import (
    commission_ids_of,
    readable_deliberations_q,
    readable_meetings_q,
    visible_commissions_q,
)

if TYPE_CHECKING:
    from social.people.models import User

# The chair first, then the vice-chair, the members, and the services' referents.
ROLE_ORDER = (
    CommissionMember.Role.CHAIR,
    CommissionMember.Role.VICE_CHAIR,
    CommissionMember.Role.MEMBER,
    CommissionMember.Role.REFERENT,
)


def commissions_for(user: User):
    rank = Case(
        *(When(role=role, then=Value(order)) for order, role in enumerate(ROLE_ORDER)),
        default=Value(len(ROLE_ORDER)),
    )
    members = (
        CommissionMember.objects.select_related("person__service")
        .annotate(rank=rank)
        .order_by("rank", "person__last_name", "person__first_name")
    )
    return (
        Commission.objects.filter(visible_commissions_q(user))
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("kind", "name")
    )


def my_commissions(user: User):
    return commissions_for(user).filter(pk__in=commission_ids_of(user))


def meetings_for(user: User, *, commission: Commission | None = None, upcoming: bool | None = None):
    meetings = Meeting.objects.filter(readable_meetings_q(user)).select_related("commission")
    if commission is not None:
        meetings = meetings.filter(commission=commission)
    now = timezone.now()
    if upcoming is True:
        meetings = meetings.filter(starts_at__gte=now).order_by("starts_at")
    elif upcoming is False:
        meetings = meetings.filter(starts_at__lt=now).order_by("-starts_at")
    return meetings


def deliberations_for(user: User, *, meeting: Meeting | None = None, query: str = ""):
    deliberations = Deliberation.objects.filter(readable_deliberations_q(user)).select_related(
        "meeting__commission", "document"
    )
    if meeting is not None:
        deliberations = deliberations.filter(meeting=meeting)
    if query:
        for word in query.split()[:6]:
            deliberations = deliberations.filter(
                Q(title__icontains=word) | Q(number__icontains=word) | Q(summary__icontains=word)
            )
    return deliberations.order_by("-adopted_on", "-number")


def readable_documents(user: User, documents) -> dict[int, bool]:
    """Which of `documents` (ids) `user` may open in the library."""
    ids = [document_id for document_id in documents if document_id]
    visible = set(documents_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return {document_id: document_id in visible for document_id in ids}


def folder_documents(user: User, folder, limit: int = 20):
    if folder is None:
        return []
    return list(
        documents_visible_to(user).filter(collection=folder).order_by("-created_at")[:limit]
    )
