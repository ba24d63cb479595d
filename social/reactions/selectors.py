"""Reaction counts and the reader's own reactions, for many things at once (one query)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from .models import Reaction

if TYPE_CHECKING:
    from social.people.models import User


def reaction_summaries(*, user: User, model, ids: Iterable[int]) -> dict[int, list[dict]]:
    """For each id of `model`: every reaction kind with its count and whether `user` gave it."""
    ids = list(ids)
    found: dict[tuple[int, str], dict] = {}
    if ids:
        rows = (
            Reaction.objects.filter(
                target_type=ContentType.objects.get_for_model(model), target_id__in=ids
            )
            .values("target_id", "kind")
            .annotate(count=Count("pk"), mine=Count("pk", filter=Q(user_id=user.pk)))
            .order_by()
        )
        found = {(row["target_id"], row["kind"]): row for row in rows}
    return {
        pk: [
            {
                "kind": kind,
                "label": label,
                "count": found.get((pk, kind), {}).get("count", 0),
                "mine": bool(found.get((pk, kind), {}).get("mine")),
            }
            for kind, label in Reaction.Kind.choices
        ]
        for pk in ids
    }


def reactors_of(target) -> list[dict]:
    """Who reacted to `target`, by kind (names only, for the « who reacted » list)."""
    reactions = (
        Reaction.objects.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )
        .select_related("user")
        .order_by("kind", "created_at")
    )
    by_kind: dict[str, list] = {}
    for reaction in reactions:
        by_kind.setdefault(reaction.kind, []).append(reaction.user)
    return [
        {"kind": kind, "label": label, "people": by_kind[kind]}
        for kind, label in Reaction.Kind.choices
        if kind in by_kind
    ]
