"""One audience rule for everything that is published to some people only.

News today, polls, events and later content reuse `AudienceMixin` and its queryset method
`visible_to(user)`; nothing re-implements who may see what.

An audience is: everyone, the agents, the elected officials (élus), or some services (a service
reaches its sub-services). Each piece of content also exposes *access keys* ("all", "agents",
"elus", "service:12"), and each user holds some: search and caches filter on those keys, one
clause whatever the size of the tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.cache import caches
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField

from cms.core import generations as generation_counters
from social.people.models import Service

if TYPE_CHECKING:
    from social.people.models import User


class Audience(models.TextChoices):
    ALL = "all", _("Tout le monde")
    AGENTS = "agents", _("Les agents")
    ELUS = "elus", _("Les élus")
    SERVICES = "services", _("Certains services")


KEY_ALL = "all"
KEY_EVERYTHING = "*"


def can_view_all_audiences(user: User) -> bool:
    """Superusers and communication officers see every item, whatever its audience."""
    return user.is_active and (user.is_superuser or user.has_perm("people.view_all_audiences"))


ACCESS_KEYS_GENERATION = generation_counters.ACCESS
ACCESS_KEYS_TIMEOUT = 600


def user_access_keys(user: User) -> frozenset[str]:
    """The keys a user holds; `KEY_EVERYTHING` for those who may see every audience.

    Computing them costs a few queries (permissions, the chain of services), so they are cached
    per user; any change to people, services, groups or permissions bumps a generation number
    that is part of the cache key (social/people/signals.py).
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    return per_user_cached(user, "access-keys", _compute_access_keys)


def per_user_cached(user: User, name: str, compute, *, generations: tuple[str, ...] = ()):
    """`compute(user)`, cached per user (in the request's user object, then in the fragment
    cache) until people, services, groups or permissions change (the access generation is part
    of the key), or until any generation counter named in `generations` does (content,
    library folders…). All the counters are read in one query per request
    (cms/core/generations.py)."""
    memo = user.__dict__.setdefault("_per_user_cache", {})
    if name not in memo:
        names = (ACCESS_KEYS_GENERATION, *generations)
        # Kept with the values computed from them: dropping the user's memo forgets both.
        current = generation_counters.current(names, holder=user)
        key = ":".join(str(part) for part in (name, user.pk, *(current[n] for n in names)))
        value = caches["fragments"].get(key)
        if value is None:
            value = compute(user)
            caches["fragments"].set(key, value, ACCESS_KEYS_TIMEOUT)
        memo[name] = value
    return memo[name]


def _compute_access_keys(user: User) -> frozenset[str]:
    if can_view_all_audiences(user):
        return frozenset({KEY_EVERYTHING})
    keys = {KEY_ALL, Audience.ELUS.value if user.is_elu else Audience.AGENTS.value}
    keys.update(f"service:{service_id}" for service_id in user.service_ids)
    return frozenset(keys)


def forget_access_keys() -> None:
    """Make every user's keys be computed again (a person, a service or a right changed)."""
    generation_counters.bump(ACCESS_KEYS_GENERATION)


def user_service_ids(user: User) -> list[int]:
    """The user's service and those above it, from the cached access keys."""
    return [
        int(key.split(":", 1)[1]) for key in user_access_keys(user) if key.startswith("service:")
    ]


def audience_q(model: type[models.Model], user: User) -> Q:
    """A filter on `model` (an AudienceMixin) keeping what `user` may see."""
    keys = user_access_keys(user)
    if KEY_EVERYTHING in keys:
        return Q()
    if not keys:
        return Q(pk__in=[])
    query = Q(audience=Audience.ALL)
    query |= Q(audience=Audience.ELUS if Audience.ELUS.value in keys else Audience.AGENTS)
    service_ids = user_service_ids(user)
    if service_ids:
        through = model._meta.get_field("audience_services").remote_field.through
        source = model._meta.get_field("audience_services").m2m_field_name()
        target = model._meta.get_field("audience_services").m2m_reverse_field_name()
        query |= Q(audience=Audience.SERVICES) & Q(
            Exists(
                through.objects.filter(
                    **{source: OuterRef("pk"), f"{target}__in": service_ids},
                )
            )
        )
    return query


class AudienceQuerySetMixin:
    def visible_to(self, user: User):
        return self.filter(audience_q(self.model, user))


class AudienceMixin(models.Model):
    """Who may see this: everyone, agents, élus or some services."""

    audience = models.CharField(
        _("public"),
        max_length=10,
        choices=Audience.choices,
        default=Audience.ALL,
        help_text=_("Les personnes hors de ce public ne voient ce contenu nulle part."),
    )
    audience_services = ParentalManyToManyField(
        "people.Service",
        verbose_name=_("services destinataires"),
        blank=True,
        related_name="+",
        help_text=_("Avec « Certains services » : ces services et leurs sous-services."),
    )

    class Meta:
        abstract = True

    def access_keys(self) -> list[str]:
        if self.audience == Audience.SERVICES:
            return [f"service:{service.pk}" for service in self.audience_services.all()]
        return [self.audience]

    def is_visible_to(self, user: User) -> bool:
        keys = user_access_keys(user)
        return KEY_EVERYTHING in keys or bool(keys.intersection(self.access_keys()))


def visible_ids(model: type[AudienceMixin], user: User, ids) -> set[int]:
    """Which of these `model` ids `user`'s audience may see: the keys rule of
    `AudienceMixin.is_visible_to`, for many items in one light query."""
    keys = user_access_keys(user)
    if KEY_EVERYTHING in keys:
        return set(ids)
    rows = model._base_manager.filter(pk__in=ids).values_list("pk", "audience", "audience_services")
    visible = set()
    for pk, audience, service_id in rows:
        key = f"service:{service_id}" if audience == Audience.SERVICES else audience
        if key in keys:
            visible.add(pk)
    return visible


def services_reached(service_ids) -> set[int]:
    """The services `service_ids` name and every service under them (an audience of services
    reaches their sub-services)."""
    reached = set(service_ids)
    if not reached:
        return reached
    parents = dict(Service.objects.values_list("pk", "parent_id"))
    for service_id in parents:
        chain, current = [], service_id
        while current is not None and current not in chain:
            chain.append(current)
            current = parents.get(current)
        if reached.intersection(chain):
            reached.add(service_id)
    return reached


def audience_targets_q(audience: str, service_ids) -> Q:
    """A filter on users keeping the people an audience is *for* (active agents, élus, the
    people of some services and their sub-services) — not those who merely may see everything
    (communication officers): whom a mandatory reading asks, whom its read rate counts."""
    if audience == Audience.ALL:
        return Q(is_active=True)
    if audience == Audience.SERVICES:
        return Q(is_active=True, service_id__in=services_reached(service_ids))
    return Q(is_active=True, role="elu" if audience == Audience.ELUS else "agent")


def is_audience_target(user: User, audience: str, service_ids) -> bool:
    """Is `user` one of the people `audience_targets_q` keeps?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if audience == Audience.ALL:
        return True
    if audience == Audience.SERVICES:
        return bool(set(service_ids).intersection(user.service_ids))
    return user.is_elu == (audience == Audience.ELUS)


def audience_members_q(item: AudienceMixin) -> Q:
    """The other side of `audience_q`: a filter on users keeping those who may see `item`
    (for mention suggestions). Checked against `is_visible_to` by the tests."""
    from django.contrib.auth.models import Permission

    everything = Q(is_superuser=True)
    permission = Permission.objects.filter(
        content_type__app_label="people", codename="view_all_audiences"
    ).first()
    if permission is not None:
        everything |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    service_ids = (
        [service.pk for service in item.audience_services.all()]
        if item.audience == Audience.SERVICES
        else []
    )
    return audience_targets_q(item.audience, service_ids) | (Q(is_active=True) & everything)
