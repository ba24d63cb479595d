"""Reaction counts and the reader's own reactions, for many things at once (one query)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.utils.translation import ngettext

from .models import Reaction

if TYPE_CHECKING:
    from social.people.models import User


# Inline SVG paths (24×24) of the reaction buttons: no emoji font, no icon font needed.
ICONS = {
    "like": "M2 10h4v11H2zM8 21h9.5a2 2 0 0 0 1.9-1.4l2.4-7A2 2 0 0 0 19.9 10H14l1-4.5A2 2 0 0 0 "
    "13.1 3L8 9.5z",
    "thanks": "M12 21s-7-4.5-9.5-9A5.5 5.5 0 0 1 12 6a5.5 5.5 0 0 1 9.5 6c-2.5 4.5-9.5 9-9.5 9z",
    "bravo": "M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7.1L12 17.3 5.8 21l1.6-7.1L2 9.2l7.1-.6z",
    "interesting": "M9 21h6v-1.5H9zm3-19a7 7 0 0 0-4 12.7V17a1 1 0 0 0 1 1h6a1 1 0 0 0 1-1v-2.3A7 "
    "7 0 0 0 12 2z",
}


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
    units = {n: ngettext("réaction", "réactions", n) for n in (0, 1, 2)}
    labels = {kind: str(label) for kind, label in Reaction.Kind.choices}
    return {
        pk: [
            {
                "kind": kind,
                "label": label,
                "icon": ICONS[kind],
                "count": (count := found.get((pk, kind), {}).get("count", 0)),
                "unit": units[min(count, 2)],
                "mine": bool(found.get((pk, kind), {}).get("mine")),
            }
            for kind, label in labels.items()
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
