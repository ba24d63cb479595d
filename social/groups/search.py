"""Groups and their posts in the intranet's search (knowledge.SearchItem rows), filtered by
access keys like everything else: a secret group's name is found by its members (and the
invited) only, a closed or secret group's posts by its members only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from knowledge.search.sources import SearchKind, SearchSource
from knowledge.search.tasks import sync_search_rows_after_commit
from social import markup
from social.people.scope import scope_part

from .models import Group, Post

if TYPE_CHECKING:
    from social.people.models import User

KEY_VISIBLE_GROUPS = "groups:visible"  # open and closed groups: everybody may find them
KEY_OPEN_POSTS = "groups:open"  # posts of open groups: everybody may find them


def group_access_keys(group: Group) -> list[str]:
    return [f"group-known:{group.pk}"] if group.is_secret else [KEY_VISIBLE_GROUPS]


def post_access_keys(post: Post) -> list[str]:
    return [KEY_OPEN_POSTS] if post.group.is_open else [f"group:{post.group_id}"]


def group_search_keys(user: User) -> set[str]:
    """The group keys `user` holds, from the reader scope's "groups" part
    ("group:<id>:<state>:<role>")."""
    if not user.is_authenticated or not user.is_active:
        return set()
    keys = {KEY_VISIBLE_GROUPS, KEY_OPEN_POSTS}
    for entry in scope_part(user, "groups"):
        _prefix, group_id, state, _role = entry.split(":")
        if state == "active":
            keys.update({f"group:{group_id}", f"group-known:{group_id}"})
        elif state == "invited":
            keys.add(f"group-known:{group_id}")
    return keys


def group_fields(group: Group) -> dict:
    return {
        "kind": "group",
        "title": group.name[:255],
        "summary": group.description[:2000],
        "url": group.get_absolute_url(),
        "date": group.created_at,
        "service_id": group.service_id,
        "search_themes": [str(group.theme_id)] if group.theme_id else [],
        "access": group_access_keys(group),
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


def post_fields(post: Post) -> dict | None:
    if not post.is_published:
        return None
    text = markup.to_text(post.body)
    group = post.group
    return {
        "kind": "post",
        "title": (f"{group.name} — {text[:120]}" if text else group.name)[:255],
        "summary": text[:2000],
        "url": post.get_absolute_url(),
        "date": post.created_at,
        "service_id": group.service_id,
        "search_themes": [str(group.theme_id)] if group.theme_id else [],
        "access": post_access_keys(post),
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


def post_search_text(post: Post) -> str:
    parts = [markup.to_text(post.body), post.link_title, post.link_description]
    if post.poll_id and post.poll is not None:
        parts.append(post.poll.question)
    return "\n".join(part for part in parts if part)


def group_search_sync(group: Group, *, posts: bool = False) -> None:
    """The group's row again (and, when its visibility changed, every post's), after commit."""
    sync_search_rows_after_commit(type(group), [group.pk])
    if posts:
        post_model = group.posts.model
        sync_search_rows_after_commit(post_model, list(group.posts.values_list("pk", flat=True)))


GROUP_SOURCE = SearchSource(
    model=Group,
    fields=group_fields,
    text=lambda group: group.description,
    queryset=Group.objects.all,
)
POST_SOURCE = SearchSource(
    model=Post,
    fields=post_fields,
    text=post_search_text,
    queryset=lambda: Post.objects.published().select_related("group", "poll"),
)
GROUP_KINDS = (
    SearchKind("group", _("Groupes"), _("Groupe"), order=50),
    SearchKind("post", _("Publications de groupes"), _("Publication de groupe"), order=60),
)
