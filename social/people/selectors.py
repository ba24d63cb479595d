"""Read-side questions about people, cached like their access keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Value, When

from .audience import per_user_cached

if TYPE_CHECKING:
    from .models import User


def user_can_access_admin(user: User) -> bool:
    """May this person open Wagtail's admin (to show them the link)? The admin checks again."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return per_user_cached(
        user, "can-access-admin", lambda person: person.has_perm("wagtailadmin.access_admin")
    )


SERVICE_PEOPLE_SHOWN = 12


def service_people(service) -> tuple[list, int]:
    """The active people of `service` (not its sub-services), its head first then by name, at
    most SERVICE_PEOPLE_SHOWN, and how many there are in all."""
    people = service.members.filter(is_active=True).exclude(slug=None)
    ordered = people.annotate(
        is_head=Case(
            When(pk=service.head_id or 0, then=Value(0)),
            When(pk=service.deputy_id or 0, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("is_head", "last_name", "first_name")
    return list(ordered[:SERVICE_PEOPLE_SHOWN]), people.count()
