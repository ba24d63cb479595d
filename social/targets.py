"""What people can discuss: the one generic mechanism behind comments, reactions and mentions.

A *discussion target* is any object that answers these questions (a page today, a group post in
a later issue):

- `discussion_visible_to(user)`: may this person see it (and so read, comment, react)?
- `discussion_viewers()`: the users who may see it, as a queryset (mention suggestions);
- `discussion_mode`: comments "open", "closed" (kept, no new ones) or "disabled" (not shown);
- `discussion_title`, `discussion_url`, `discussion_owner_id`: for notifications.

Targets are named in URLs by a short kind and an id (`page/12`, `commentaire/34`), never by a
content-type id a client could point anywhere. Each app registers its kinds in its `ready()`
(`register_discussion_target("publication", resolve)`); pages with `DiscussionPageMixin` are
registered here, since the mixin is. This module imports no content app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PageViewRestriction

from social.people.audience import audience_members_q
from social.people.scope import page_is_visible

if TYPE_CHECKING:
    from social.people.models import User


class CommentsMode(models.TextChoices):
    OPEN = "open", _("Ouverts")
    CLOSED = "closed", _("Fermés : les commentaires restent lisibles, plus aucun ajout")
    DISABLED = "disabled", _("Désactivés : aucun commentaire affiché")


class DiscussionPageMixin(models.Model):
    """A Wagtail page people may comment and react on (news, knowledge articles)."""

    comments_mode = models.CharField(
        _("commentaires"),
        max_length=10,
        choices=CommentsMode.choices,
        default=CommentsMode.OPEN,
        help_text=_("Fermer garde les commentaires publiés ; désactiver les masque tous."),
    )

    class Meta:
        abstract = True

    discussion_kind = "page"

    @property
    def discussion_mode(self) -> str:
        return self.comments_mode

    @property
    def discussion_title(self) -> str:
        return self.title

    @property
    def discussion_owner_id(self) -> int | None:
        return self.owner_id

    def discussion_url(self) -> str:
        return self.url or ""

    def discussion_visible_to(self, user: User) -> bool:
        if not user.is_authenticated or not user.is_active or not self.live:
            return False
        if not page_is_visible(user, self):
            return False
        is_visible_to = getattr(self, "is_visible_to", None)  # pages with an audience (news)
        return is_visible_to is None or is_visible_to(user)

    def discussion_viewers(self):
        users = get_user_model().objects.filter(is_active=True)
        if not self.live:
            return users.none()
        ancestors = [self.path[:i] for i in range(self.steplen, len(self.path) + 1, self.steplen)]
        restrictions = PageViewRestriction.objects.filter(page__path__in=ancestors)
        for restriction in restrictions.prefetch_related("groups"):
            if restriction.restriction_type == PageViewRestriction.GROUPS:
                groups = [group.pk for group in restriction.groups.all()]
                users = users.filter(Q(is_superuser=True) | Q(groups__in=groups))
            elif restriction.restriction_type != PageViewRestriction.LOGIN:
                users = users.filter(is_superuser=True)
        if hasattr(self, "audience"):
            users = users.filter(audience_members_q(self))
        return users.distinct()


Resolve = Callable[[int], object | None]

_kinds: dict[str, Resolve] = {}


def register_discussion_target(kind: str, resolve: Resolve) -> None:
    """Declare a kind of target: `resolve(pk)` gives the object named `kind`/`pk`, or None.
    An object whose comments hang elsewhere (a comment: people react to it, they do not comment
    under it) says `discussion_commentable = False`."""
    _kinds[kind] = resolve


def visible_target_or_404(user: User, kind: str, pk: int, *, commentable: bool = False):
    """The target named `kind`/`pk` if `user` may see it, else Http404 — the one check every
    comment, reaction and mention view starts with. `commentable`: a target people may comment
    under, whose comments are not disabled."""
    target = target_resolve(kind, pk)
    if target is None or not target.discussion_visible_to(user):
        raise Http404
    if commentable and (
        not getattr(target, "discussion_commentable", True)
        or target.discussion_mode == CommentsMode.DISABLED
    ):
        raise Http404
    return target


MentionReaders = Callable[["User", int], models.QuerySet]

_mention_places: dict[str, MentionReaders] = {}


def register_mention_place(kind: str, readers: MentionReaders) -> None:
    """Declare a place where something not yet saved is being written (a post in a group):
    `readers(user, pk)` gives the users who will read it, or raises Http404 if `user` may not
    write there. Mention suggestions offer only them."""
    _mention_places[kind] = readers


def mention_readers(user: User, kind: str, pk: int) -> models.QuerySet:
    """Who may be mentioned by `user` writing at `kind`/`pk`: the readers of a place being
    written in (`register_mention_place`), else the viewers of a visible discussion target;
    Http404 if `user` may not write or see there."""
    place = _mention_places.get(kind)
    if place is not None:
        return place(user, pk)
    return visible_target_or_404(user, kind, pk).discussion_viewers()


def target_resolve(kind: str, pk: int):
    """The discussion target named `kind`/`pk`, or None (unknown kind, missing object)."""
    resolve = _kinds.get(kind)
    return resolve(pk) if resolve is not None and pk else None


def _page(pk: int):
    page = Page.objects.filter(pk=pk).first()
    specific = page.specific if page is not None else None
    return specific if isinstance(specific, DiscussionPageMixin) else None


register_discussion_target(DiscussionPageMixin.discussion_kind, _page)
