"""Write-side operations of the knowledge base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ArticleFeedback, ArticlePage
from .models.pages import next_review_date

if TYPE_CHECKING:
    from social.people.models import User


def article_feedback_give(
    *, user: User, article: ArticlePage, useful: bool, comment: str = ""
) -> ArticleFeedback:
    """Record (or change) a person's answer to « Cette page vous a-t-elle été utile ? ».

    One answer per person and article, enforced by the database: a double click or two tabs
    submitting at once end in one row holding the last answer.
    """
    values = {"useful": useful, "comment": comment.strip()[:1000]}
    try:
        with transaction.atomic():
            feedback, _created = ArticleFeedback.objects.update_or_create(
                user=user, article=article, defaults=values
            )
    except IntegrityError:
        # The other request inserted first: update its row.
        ArticleFeedback.objects.filter(user=user, article=article).update(**values)
        feedback = ArticleFeedback.objects.get(user=user, article=article)
    return feedback


def articles_review_due_mark() -> int:
    """Flag the articles whose review date has passed, unflag the others (idempotent).

    Returns how many articles are due for review.
    """
    today = timezone.localdate()
    rows = ArticlePage.objects.values_list("pk", "last_reviewed_on", "review_interval_months")
    due = [pk for pk, reviewed, months in rows if next_review_date(reviewed, months) < today]
    ArticlePage.objects.filter(pk__in=due, review_due=False).update(review_due=True)
    ArticlePage.objects.exclude(pk__in=due).filter(review_due=True).update(review_due=False)
    return len(due)
