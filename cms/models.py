from django.db import models


class Generation(models.Model):
    """A generation counter (cms/generations.py): bumped by a change, part of cache keys."""

    name = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField()

    class Meta:
        verbose_name = "generation"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
