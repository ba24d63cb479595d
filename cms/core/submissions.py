"""Forms that create something are sent once, whatever happens to the answer.

A form carries a fresh key (`{% submission_field %}`, from cms/templatetags/submissions.py).
`submit_once` records the key with what the form created, in the same transaction: the same
form sent again — a retry after a server error although the first send was saved, a double
click, a browser's "resend" — gets the object already created instead of a second one. Two
sends at the same moment are serialised by the unique constraint: the second waits for the
first to commit, then finds its row. A refused send (the service raised) leaves no row, so
the same form can be corrected and sent again. Rows older than a day are swept by beat.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from ..models import Submission

FIELD = "submission"
KEEP = timedelta(days=1)

M = TypeVar("M", bound=models.Model)


def new_key() -> str:
    return uuid.uuid4().hex


def posted_key(request: HttpRequest) -> str | None:
    """The key the form carried, or None (an old form, a hand-made request: no guard)."""
    try:
        return uuid.UUID(request.POST.get(FIELD, "")).hex
    except ValueError:
        return None


def file_key(key: str | None, uploaded, *, index: int = 0) -> str | None:
    """One key per file of a form that sends several: the form's key, the file's place, name
    and size. The same file sent again with the same form is recognised; another is not."""
    if key is None:
        return None
    return uuid.uuid5(uuid.UUID(key), f"{index}:{uploaded.name}:{uploaded.size}").hex


def submit_once(*, user, key: str | None, create: Callable[[], M]) -> tuple[M, bool]:
    """Run `create` unless this person already sent this key; return (object, created)."""
    if key is None or not getattr(user, "is_authenticated", False):
        return create(), True
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = Submission.objects.create(user=user, key=key)
        except IntegrityError:
            previous = _previous_object(user=user, key=key)
            if previous is not None:
                return previous, False
            # What the first send created is gone (deleted since): this send creates anew.
            record = Submission.objects.select_for_update().get(user=user, key=key)
        created = create()
        record.content_type = ContentType.objects.get_for_model(created)
        record.object_id = created.pk
        record.save(update_fields=["content_type", "object_id"])
        return created, True


def _previous_object(*, user, key: str):
    record = Submission.objects.filter(user=user, key=key).select_related("content_type").first()
    if record is None or record.content_type is None:
        return None
    model = record.content_type.model_class()
    return model._default_manager.filter(pk=record.object_id).first() if model else None


def submissions_purge(*, now=None) -> int:
    """Forget keys older than a day: nobody resends a form that old."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = Submission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
