from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Generation(models.Model):
    """A generation counter (cms/core/generations.py): bumped by a change, part of cache keys."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = "generation"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class PendingTask(models.Model):
    """Work handed to Celery that could not be sent nor run at once (Redis down, the database
    busy): kept here until `retry_pending_tasks` (every minute, from beat or make run's
    schedule) gets it done. Tasks are idempotent, so running one twice is harmless."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "pending task"

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


class Submission(models.Model):
    """A form sent once (cms/core/submissions.py): the key the form carried, who sent it and what it
    created. The same form sent again (a retry after an error, a double click) finds this row
    and gets the object already made instead of a second one. Swept after a day."""

    key = models.UUIDField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "submission"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="cms_submission_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
