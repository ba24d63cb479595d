"""Who sees what of the council and its commissions: one function per question, used by the
pages, the Espace élus, search and profiles.

A commission's members (élus) and referents (agents) see everything of it: its meetings, its
members' folder, its unpublished deliberations. Everyone else sees what it publishes to agents:
its composition, its published meetings and deliberations, and its public folder. Those who run
the assemblies (`council.change_meeting`) and superusers see everything. A document attached to
a meeting is listed only to who may open it in the library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from cms.core import generations
from social.people.audience import per_user_cached

from .models import Commission, CommissionMember

if TYPE_CHECKING:
    from social.people.models import User

COUNCIL_GENERATION = "council-members"


def can_manage_council(user: User) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("council.change_meeting"))


def commission_ids_of(user: User) -> frozenset[int]:
    """The commissions `user` belongs to (as a member or a referent)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return per_user_cached(
        user,
        "commissions",
        lambda person: frozenset(
            CommissionMember.objects.filter(person=person).values_list("commission_id", flat=True)
        ),
        generations=(COUNCIL_GENERATION,),
    )


def forget_commission_members() -> None:
    generations.bump(COUNCIL_GENERATION)


def is_insider(user: User, commission: Commission) -> bool:
    return can_manage_council(user) or commission.pk in commission_ids_of(user)


def can_view_commission(user: User, commission: Commission) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return commission.publishes_to_agents or is_insider(user, commission)


def visible_commissions_q(user: User) -> Q:
    if can_manage_council(user):
        return Q()
    return Q(publishes_to_agents=True) | Q(pk__in=commission_ids_of(user))


def readable_meetings_q(user: User, prefix: str = "") -> Q:
    """Meetings `user` may see (`prefix`: the path to a meeting, for deliberations)."""
    if can_manage_council(user):
        return Q()
    return Q(**{f"{prefix}commission_id__in": commission_ids_of(user)}) | Q(
        **{f"{prefix}published": True, f"{prefix}commission__publishes_to_agents": True}
    )


def readable_deliberations_q(user: User) -> Q:
    """Deliberations `user` may see: of a meeting they may see, published or their own
    commission's."""
    if can_manage_council(user):
        return Q()
    return readable_meetings_q(user, "meeting__") & (
        Q(published=True) | Q(meeting__commission_id__in=commission_ids_of(user))
    )
