"""Who may do what in groups: one function per question, used by views, feeds, search,
notifications, mentions and templates alike.

- **open**: every colleague sees the group and its content, and may join;
- **closed**: every colleague sees the group exists (name, description, admins) and may ask
  to join; its feed, members, drive and posts are for members;
- **secret**: only members (and the invited) know it exists: elsewhere it is a 404 and it is
  counted, listed, found, suggested and notified nowhere.

Superusers see and moderate every group; site editors and communication officers are
ordinary colleagues here: a group is not editorial content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from social.people.audience import per_user_cached

from .models import Group, Membership, Post, Visibility

if TYPE_CHECKING:
    from social.people.models import User

ACTIVE = Membership.State.ACTIVE
INVITED = Membership.State.INVITED
REQUESTED = Membership.State.REQUESTED
ADMIN = Membership.Role.ADMIN


def memberships_of(user: User) -> dict[int, tuple[str, str]]:
    """group id → (state, role) of every membership, request and invitation of `user`;
    cached per user until any membership changes (they change people's Django groups, which
    bumps the access generation)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    return per_user_cached(
        user,
        "group-memberships",
        _compute_memberships,
        generations=(membership_generation(user.pk),),
    )


def membership_generation(user_id: int) -> str:
    """The name of the counter bumped whenever `user_id`'s memberships change (signals.py)."""
    return f"group-memberships:{user_id}"


def _compute_memberships(user: User) -> dict[int, tuple[str, str]]:
    rows = Membership.objects.filter(user=user).values_list("group_id", "state", "role")
    return {group_id: (state, role) for group_id, state, role in rows}


def _is_superuser(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def member_group_ids(user: User) -> list[int]:
    """The groups `user` is an active member of ("my groups")."""
    return sorted(pk for pk, (state, _role) in memberships_of(user).items() if state == ACTIVE)


def membership_state(user: User, group: Group) -> str | None:
    found = memberships_of(user).get(group.pk)
    return found[0] if found else None


def visible_group_filter(user: User) -> Q:
    """A filter on Group keeping those `user` may know of."""
    if _is_superuser(user):
        return Q()
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    known = [
        pk for pk, (state, _role) in memberships_of(user).items() if state in (ACTIVE, INVITED)
    ]
    return ~Q(visibility=Visibility.SECRET) | Q(pk__in=known)


def readable_group_filter(user: User) -> Q:
    """A filter on Group keeping those whose content `user` may read: open groups and those
    they are a member of."""
    if _is_superuser(user):
        return Q()
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Q(visibility=Visibility.OPEN) | Q(pk__in=member_group_ids(user))


def readable_post_filter(user: User) -> Q:
    """The same rule as a filter on Post."""
    if _is_superuser(user):
        return Q()
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Q(group__visibility=Visibility.OPEN) | Q(group_id__in=member_group_ids(user))


def readable_polls_filter(user: User) -> Q:
    """A filter on Poll keeping the polls of the group posts `user` may read."""
    readable = Post.objects.published().filter(readable_post_filter(user))
    return Q(pk__in=readable.values("poll_id"))


def can_see_group(user: User, group: Group) -> bool:
    """May `user` know the group exists (its page, its name in lists, search, notifications)."""
    if _is_superuser(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return not group.is_secret or membership_state(user, group) in (ACTIVE, INVITED)


def can_read_group(user: User, group: Group) -> bool:
    """May `user` read the group's feed, posts, members and drive."""
    if _is_superuser(user):
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    return group.is_open or membership_state(user, group) == ACTIVE


def is_member(user: User, group: Group) -> bool:
    return membership_state(user, group) == ACTIVE


def can_admin_group(user: User, group: Group) -> bool:
    """Manage members, approve requests, moderate posts and comments, edit the group."""
    if _is_superuser(user):
        return True
    found = memberships_of(user).get(group.pk)
    return found == (ACTIVE, ADMIN)


def can_post_in_group(user: User, group: Group) -> bool:
    if not is_member(user, group):
        return False
    return group.members_can_post or can_admin_group(user, group)


def can_upload_to_group(user: User, group: Group) -> bool:
    if not is_member(user, group):
        return False
    return group.members_can_upload or can_admin_group(user, group)


def can_join_group(user: User, group: Group) -> bool:
    """Join at once (open groups, or an invitation to accept)."""
    state = membership_state(user, group)
    if not user.is_authenticated or not user.is_active or state == ACTIVE:
        return False
    return state == INVITED or group.is_open


def can_request_group(user: User, group: Group) -> bool:
    """Ask to join a closed group."""
    if not user.is_authenticated or not user.is_active:
        return False
    return group.visibility == Visibility.CLOSED and membership_state(user, group) is None


def can_create_group(user: User) -> bool:
    """Every active colleague may start a group (and becomes its administrator)."""
    return user.is_authenticated and user.is_active


def group_abilities(user: User, group: Group) -> dict[str, bool]:
    """Which buttons the group's pages show `user` (the views check the same functions)."""
    state = membership_state(user, group)
    return {
        "read": can_read_group(user, group),
        "join": can_join_group(user, group),
        "accept_invitation": state == INVITED,
        "request": can_request_group(user, group),
        "requested": state == REQUESTED,
        "leave": state == ACTIVE,
        "member": state == ACTIVE,
        "post": can_post_in_group(user, group),
        "upload": can_upload_to_group(user, group),
        "admin": can_admin_group(user, group),
    }


def group_readers(group: Group | None):
    """The people who may read `group` (mention suggestions, notifications)."""
    users = get_user_model().objects.filter(is_active=True)
    if group is None:
        return users.none()
    if group.is_open:
        return users
    members = Membership.objects.filter(group=group, state=ACTIVE).values("user_id")
    return users.filter(Q(pk__in=members) | Q(is_superuser=True))


def group_writers_readers(user: User, group_id: int):
    """The readers of a post `user` is writing in group `group_id` (whom they may mention);
    Http404 if they may not post there."""
    group = Group.objects.filter(pk=group_id).first()
    if group is None or not can_post_in_group(user, group):
        raise Http404
    return group_readers(group)


def post_abilities(user: User, post, *, admin: bool) -> dict[str, bool]:
    own = user.pk is not None and user.pk == post.author_id
    published = post.is_published
    return {
        "edit": own and published,
        "delete": (own or admin) and post.status != post.Status.DELETED,
        "hide": admin and published,
        "restore": admin and post.status == post.Status.HIDDEN,
        "pin": admin and published,
        "choose_answer": own and published and post.is_question,
    }
