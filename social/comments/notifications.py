"""Who is told what when people comment, and when moderators act (notifications made in
social/comments/tasks.py, after the comment's transaction commits)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from social import markup
from social.notifications.services import Kind, notify

from . import services
from .models import Comment, CommentReport


def notifications_for_comment(*, comment_id: int) -> int:
    """A comment was posted or edited: its parent's author is told of the reply, colleagues
    mentioned are told of the mention, when they may see the page (otherwise nobody is told
    anything). Returns how many notifications were made."""

    comment = (
        Comment.objects.select_related("author", "parent__author").filter(pk=comment_id).first()
    )
    if comment is None or not comment.is_published or comment.author is None:
        return 0
    target = comment.get_target()
    if target is None:
        return 0
    parent_author = comment.parent.author if comment.parent_id else None
    group = getattr(target, "discussion_group", None)
    # Whoever is both answered and mentioned is told once, of the reply.
    candidates = [(parent_author, Kind.REPLY, f"reply:{comment.pk}", "")] if parent_author else []
    if group is not None and not comment.parent_id and target.discussion_owner_id:
        post_author = get_user_model().objects.filter(pk=target.discussion_owner_id).first()
        if post_author is not None:  # a comment on a group post: its author is told
            candidates.append((post_author, Kind.REPLY, f"reply:{comment.pk}", "post"))
    candidates += [
        (person, Kind.MENTION, f"mention:comment:{comment.pk}", "")
        for person in services.mentioned_users(comment.body).values()
    ]
    made, told = 0, {comment.author_id}
    for person, kind, event_key, detail in candidates:
        if person.pk in told:
            continue
        told.add(person.pk)
        if target.discussion_visible_to(person):  # otherwise nobody is told anything
            made += bool(
                notify(
                    recipient=person,
                    kind=kind,
                    actor=comment.author,
                    title=target.discussion_title,
                    url=comment.discussion_url(),
                    excerpt=markup.to_text(comment.body),
                    detail=detail,
                    event_key=event_key,
                    group=group,
                )
            )
    return made


def notifications_for_moderation(*, comment_id: int, detail: str) -> bool:
    """A moderator hid, restored or deleted a comment: its author is told."""

    comment = Comment.objects.select_related("author", "moderated_by").filter(pk=comment_id).first()
    if comment is None or comment.author is None or comment.moderated_at is None:
        return False
    target = comment.get_target()
    return bool(
        notify(
            recipient=comment.author,
            kind=Kind.MODERATION,
            actor=comment.moderated_by,
            title=target.discussion_title,
            url=comment.discussion_url() if comment.is_published else target.discussion_url(),
            detail=detail,
            event_key=f"moderation:{comment.pk}:{comment.moderated_at.timestamp():.6f}",
        )
    )


def notifications_for_reports(*, report_ids: list[int]) -> int:
    """Reports were dealt with: each reporter is told the outcome (not who moderated)."""

    made, targets = 0, {}
    reports = CommentReport.objects.filter(pk__in=report_ids, resolved_at__isnull=False)
    for report in reports.select_related("reporter", "comment"):
        if report.comment_id not in targets:  # reports of one comment share its page
            targets[report.comment_id] = report.comment.get_target()
        target = targets[report.comment_id]
        made += bool(
            notify(
                recipient=report.reporter,
                kind=Kind.REPORT_OUTCOME,
                actor=None,
                title=target.discussion_title,
                url=target.discussion_url(),
                detail="kept" if report.outcome == report.Outcome.KEPT else "removed",
                event_key=f"report:{report.pk}",
            )
        )
    return made
