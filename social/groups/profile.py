"""The groups and posts shown on a person's profile, as each reader may see them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from social.people.permissions import can_view_field
from social.people.sections import ProfileEntry, ProfileSection

from .models import Group, Membership, Post
from .permissions import readable_post_filter, visible_group_filter

if TYPE_CHECKING:
    from social.people.models import User


def _groups(reader: User, person: User, limit: int) -> list[ProfileEntry]:
    """The groups of `person` that `reader` may know of, if the person shows them to reader."""
    if not can_view_field(reader, person, "groups"):
        return []
    groups = (
        Group.objects.filter(visible_group_filter(reader))
        .filter(memberships__user=person, memberships__state=Membership.State.ACTIVE)
        .order_by("name")[:limit]
    )
    return [
        ProfileEntry(group.name, group.get_absolute_url(), group.get_kind_display())
        for group in groups
    ]


def _posts(reader: User, person: User, limit: int) -> list[ProfileEntry]:
    posts = (
        Post.objects.published()
        .filter(readable_post_filter(reader), author=person)
        .select_related("group")
        .order_by("-created_at")[:limit]
    )
    return [
        ProfileEntry(
            Truncator(post.body).chars(90) or post.group.name,
            post.get_absolute_url(),
            post.group.name,
            post.created_at,
        )
        for post in posts
    ]


PROFILE_SECTIONS = [
    ProfileSection("groups", _("Ses groupes"), _groups, order=10),
    ProfileSection("posts", _("Ses publications récentes"), _posts, order=40),
]
