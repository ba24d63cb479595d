from celery import shared_task

from .services import articles_review_due_mark


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def mark_articles_due_for_review() -> int:
    """Nightly: flag articles past their review date for their service's editors."""
    return articles_review_due_mark()
