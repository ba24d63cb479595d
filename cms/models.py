from django.db import models


class Generation(models.Model):
    """A generation counter (cms/generations.py): bumped by a change, part of cache keys."""

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
