"""Writing comments: post, edit, delete, report, moderate. Every rule is checked here, whatever
the view (page, HTMX fragment, a crafted POST)."""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core.queueing import queue_after_commit
from cms.core.ratelimit import rate_limited as over_limit
from social import markup
from social.people.audience import per_user_cached
from social.targets import CommentsMode

from . import tasks
from .models import Comment, CommentReport

if TYPE_CHECKING:
    from social.people.models import User

MAX_MENTIONS = 20


class CommentError(Exception):
    """Something the author can fix (empty text, comments closed, too many at once)."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def can_moderate(user: User, target=None) -> bool:
    """Communication officers (and superusers) moderate; cached per user with their rights.
    A target may name more moderators (a group's administrators for its posts)."""

    if not user.is_authenticated or not user.is_active:
        return False
    if per_user_cached(
        user, "moderate-comments", lambda person: person.has_perm("comments.moderate_comment")
    ):
        return True
    if target is not None and not hasattr(target, "discussion_can_moderate"):
        target = getattr(target, "get_target", lambda: None)()
    moderates = getattr(target, "discussion_can_moderate", None)
    return bool(moderates and moderates(user))


def mentioned_users(text: str) -> dict[str, User]:
    """handle → active colleague for the @handles of `text` (an ambiguous handle, shared by two
    addresses, names nobody)."""
    handles = sorted(markup.mentioned_handles(text))[:MAX_MENTIONS]
    if not handles:
        return {}
    query = functools.reduce(operator.or_, (Q(email__istartswith=f"{h}@") for h in handles))
    found: dict[str, list[User]] = {}
    for user in get_user_model().objects.filter(query, is_active=True):
        if user.email:
            found.setdefault(user.email.split("@", 1)[0].lower(), []).append(user)
    return {handle: users[0] for handle, users in found.items() if len(users) == 1}


def render_with_mentions(text: str) -> str:
    """`text` as safe HTML, @handles of active colleagues shown with their names (comments and
    group posts)."""
    people = mentioned_users(text)

    def name(handle: str) -> tuple[str, str] | None:
        user = people.get(handle)
        return (user.get_full_name() or handle, user.get_absolute_url()) if user else None

    return markup.render(text, mention=name)


def _clean_body(body: str) -> str:
    return markup.clean_text(
        body,
        required=True,
        empty=_("Écrivez un commentaire avant de publier."),
        too_long=_("Un commentaire compte au plus %(max)d caractères (celui-ci en a %(length)d)."),
        error=CommentError,
    )


@transaction.atomic
def comment_post(
    *,
    author: User,
    target,
    body: str,
    parent: Comment | None = None,
    rate_limited: bool = True,
) -> Comment:
    """Publish `author`'s comment on `target` (or a reply in `parent`'s thread). Imports and
    the demo data pass `rate_limited=False`."""
    if not target.discussion_visible_to(author):
        raise PermissionDenied
    if target.discussion_mode != CommentsMode.OPEN:
        raise CommentError(_("Les commentaires sont fermés ici : vous ne pouvez plus en ajouter."))
    body = _clean_body(body)
    target_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if (parent.target_type_id, parent.target_id) != (target_type.pk, target.pk):
            raise PermissionDenied
        if parent.parent_id is not None:  # replies stay one level deep
            parent = parent.parent
        if parent.is_deleted:
            raise CommentError(_("Ce commentaire a été supprimé : on ne peut plus y répondre."))
    if rate_limited and over_limit("comment", author.pk):
        raise CommentError(
            _(
                "Vous avez publié beaucoup de commentaires en peu de temps. Patientez un "
                "instant avant de publier celui-ci : votre texte est conservé ci-dessous."
            ),
            status=429,
        )
    comment = Comment.objects.create(
        target_type=target_type,
        target_id=target.pk,
        parent=parent,
        author=author,
        body=body,
        body_html=render_with_mentions(body),
    )
    comment._target = target
    # Someone may have to be told: the answered, the mentioned, a group post's author.
    owner_told = parent is None and getattr(target, "discussion_group", None) is not None
    owner_told = owner_told and target.discussion_owner_id not in (None, author.pk)
    if parent is not None or owner_told or markup.mentioned_handles(body):
        queue_after_commit(tasks.notify_comment_posted, comment.pk)
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    target = comment.get_target()
    if comment.author_id != user.pk or not target.discussion_visible_to(user):
        raise PermissionDenied
    if not comment.is_published:
        raise CommentError(_("Ce commentaire ne peut plus être modifié."))
    if target.discussion_mode != CommentsMode.OPEN:
        raise CommentError(
            _("Les commentaires sont fermés ici : ils ne peuvent plus être modifiés.")
        )
    body = _clean_body(body)
    if body != comment.body:
        comment.body = body
        comment.body_html = render_with_mentions(body)
        comment.edited_at = timezone.now()
        comment.save(update_fields=["body", "body_html", "edited_at"])
        # Newly mentioned colleagues are told; those already told are not told twice.
        if markup.mentioned_handles(body):
            queue_after_commit(tasks.notify_comment_posted, comment.pk)
    return comment


def comment_delete(*, comment: Comment, user: User) -> Comment:
    """The author removes their comment, or a moderator does (then the author is told). Its
    text is erased; a placeholder stays where it had replies."""
    own = comment.author_id == user.pk
    if not own and not can_moderate(user, comment.get_target()):
        raise PermissionDenied
    if not comment.get_target().discussion_visible_to(user):
        raise PermissionDenied
    if own:
        with transaction.atomic():
            _erase(comment, by=None)
            report_ids = _resolve_reports(comment, user=user, outcome=CommentReport.Outcome.DELETED)
            if report_ids:
                queue_after_commit(tasks.notify_reports_resolved, report_ids)
        return comment
    return comment_moderate(comment=comment, moderator=user, action="delete")


def _erase(comment: Comment, *, by: User | None) -> None:
    comment.status = Comment.Status.DELETED
    comment.body = ""
    comment.body_html = ""
    fields = ["status", "body", "body_html"]
    if by is not None:
        comment.moderated_at = timezone.now()
        comment.moderated_by = by
        fields += ["moderated_at", "moderated_by"]
    comment.save(update_fields=fields)


def comment_report(*, comment: Comment, user: User, reason: str, details: str = "") -> bool:
    """File `user`'s report; False when they had already reported it (still pending)."""
    if not comment.discussion_visible_to(user) or comment.author_id == user.pk:
        raise PermissionDenied
    if reason not in CommentReport.Reason.values:
        raise CommentError(_("Choisissez le motif du signalement."))
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reporter=user, reason=reason, details=(details or "")[:1000]
            )
    except IntegrityError:
        return False
    return True


MODERATION_ACTIONS = {
    "hide": CommentReport.Outcome.HIDDEN,
    "delete": CommentReport.Outcome.DELETED,
    "keep": CommentReport.Outcome.KEPT,
    "restore": CommentReport.Outcome.KEPT,
}


@transaction.atomic
def comment_moderate(*, comment: Comment, moderator: User, action: str) -> Comment:
    """Hide, restore, delete or keep a comment; pending reports are closed with that outcome,
    reporters are told the outcome and the author is told what happened to their comment."""
    if not can_moderate(moderator, comment.get_target()):
        raise PermissionDenied
    if action not in MODERATION_ACTIONS:
        raise CommentError(_("Action de modération inconnue."))
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_deleted:
        raise CommentError(_("Ce commentaire a déjà été supprimé."))
    before = comment.status
    if action == "delete":
        _erase(comment, by=moderator)
    elif action in {"hide", "restore"}:
        comment.status = Comment.Status.HIDDEN if action == "hide" else Comment.Status.PUBLISHED
        comment.moderated_at = timezone.now()
        comment.moderated_by = moderator
        comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    report_ids = _resolve_reports(comment, user=moderator, outcome=MODERATION_ACTIONS[action])
    if comment.status != before and comment.author_id and comment.author_id != moderator.pk:
        detail = {"hide": "hidden", "delete": "deleted", "restore": "restored"}[action]
        queue_after_commit(tasks.notify_comment_moderated, comment.pk, detail)
    if report_ids:
        queue_after_commit(tasks.notify_reports_resolved, report_ids)
    return comment


def _resolve_reports(comment: Comment, *, user: User, outcome: str) -> list[int]:
    pending = list(
        CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    CommentReport.objects.filter(pk__in=pending).update(
        resolved_at=timezone.now(), resolved_by=user, outcome=outcome
    )
    return pending
