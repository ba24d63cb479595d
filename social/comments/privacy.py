"""Comments in a person's export (their own, with the page they are under); others' comments
that @mention an anonymised person are rewritten (cms/core/privacy.py). A comment stays with
its thread after a departure: it belongs to the discussion."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    DataKind,
    ExportPart,
    register_data_kind,
    register_export_part,
    register_mention_text,
)

from .models import Comment, CommentReport


def comment_rows(person):
    comments = (
        Comment.objects.filter(author=person)
        .select_related("target_type")
        .prefetch_related("target")
        .order_by("pk")
    )
    for comment in comments.iterator(chunk_size=500):
        target = comment.target
        yield {
            "date": comment.created_at,
            "edited": comment.edited_at,
            "status": comment.get_status_display(),
            "text": comment.body,
            "under": str(target) if target is not None else None,
            "under_type": comment.target_type.name,
            "reply_to": comment.parent_id,
            "id": comment.pk,
        }


def report_rows(person):
    for report in CommentReport.objects.filter(reporter=person).iterator(chunk_size=500):
        yield {
            "date": report.created_at,
            "comment": report.comment_id,
            "reason": report.get_reason_display(),
            "details": report.details,
            "outcome": report.get_outcome_display() if report.outcome else "",
        }


def register() -> None:
    register_data_kind(
        DataKind(
            key="comments",
            activity="echanges",
            label=_("Commentaires"),
            days=None,
            kept_for=_("Aussi longtemps que le contenu qu'ils commentent."),
        )
    )
    register_export_part(
        ExportPart(
            name="commentaires.json",
            description=_("Vos commentaires, avec le contenu sous lequel ils sont écrits."),
            rows=comment_rows,
            order=20,
        )
    )
    register_export_part(
        ExportPart(
            name="signalements.json",
            description=_("Les commentaires que vous avez signalés et la suite donnée."),
            rows=report_rows,
            order=21,
        )
    )
    register_mention_text(Comment, "body", "body_html")
