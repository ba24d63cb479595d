"""The organisation chart: the tree of services, from the one `Service` model (edited in the
admin), with each service's head, deputy and number of people; and the phone list by service."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Q

from .models import Service, User
from .permissions import visible_profile

if TYPE_CHECKING:
    from .permissions import VisibleProfile


@dataclass
class ServiceNode:
    service: Service
    members: int  # active people of this service itself
    children: list[ServiceNode] = field(default_factory=list)

    @property
    def total(self) -> int:
        """People of this service and every service under it."""
        return self.members + sum(child.total for child in self.children)


def service_tree() -> list[ServiceNode]:
    """Every service as a tree (roots first, names in order), in two queries whatever its size."""
    services = (
        Service.objects.select_related("head", "deputy")
        .annotate(active_members=Count("members", filter=Q(members__is_active=True)))
        .order_by("name")
    )
    nodes = {service.pk: ServiceNode(service, service.active_members) for service in services}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.service.parent_id)
        if parent is None or parent is node:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def service_choices(key: str = "slug") -> list[tuple[str | int, str]]:
    """Every service as (slug, label) in tree order, each label indented by its depth, for a
    list to choose from (the directory's filter; with `key="pk"`, the admin's move): one light
    query whatever the size of the tree."""
    rows = Service.objects.order_by("name").values_list("pk", "slug", "name", "parent_id")
    children: dict[int | None, list[tuple]] = {}
    known = {row[0] for row in rows}
    for row in rows:
        parent = row[3] if row[3] in known and row[3] != row[0] else None
        children.setdefault(parent, []).append(row)
    choices: list[tuple[str, str]] = []
    todo = [(row, 0) for row in reversed(children.get(None, []))]
    seen: set[int] = set()
    while todo:
        (pk, slug, name, _parent), depth = todo.pop()
        if pk in seen:
            continue
        seen.add(pk)
        choices.append((pk if key == "pk" else slug, "\u00a0\u00a0" * depth + name))
        todo.extend((child, depth + 1) for child in reversed(children.get(pk, [])))
    # Services in a loop of parents (never saved so by the admin) are listed all the same.
    choices += [(row[0] if key == "pk" else row[1], row[2]) for row in rows if row[0] not in seen]
    return choices


@dataclass
class PhoneBookService:
    service: Service
    people: list[VisibleProfile]


def phone_book(viewer: User) -> list[PhoneBookService]:
    """Each service's active people with the numbers `viewer` may see, services by name."""
    people = (
        User.objects.filter(is_active=True, service__isnull=False)
        .select_related("service", "site", "manager")
        .order_by("service__name", "last_name", "first_name")
    )
    book: dict[int, PhoneBookService] = {}
    for person in people:
        entry = book.setdefault(person.service_id, PhoneBookService(person.service, []))
        entry.people.append(visible_profile(viewer, person, skills=[]))
    return list(book.values())
