"""Retention, enforced: every night each declared kind of data (cms/core/privacy.py) older
than its policy is deleted by its own `purge`, and the run records what went, kind by kind.
The policies are the declared defaults unless administrators changed them (admin
« Paramètres › Durées de conservation »)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import DatabaseError
from django.utils import timezone

from cms.core.privacy import registry

from .models import RetentionPolicy, RetentionRun

logger = logging.getLogger(__name__)


def retention_days(kind: str) -> int | None:
    """How many days `kind` is kept: the administrators' policy, or the declared default."""
    declared = registry.kinds.get(kind)
    if declared is None:
        raise KeyError(kind)
    policy = RetentionPolicy.objects.filter(kind=kind).first()
    return policy.days if policy is not None else declared.days


def retention_table() -> dict[str, int | None]:
    """Every declared kind and its days (one query)."""
    chosen = dict(RetentionPolicy.objects.values_list("kind", "days"))
    return {key: chosen.get(key, kind.days) for key, kind in registry.kinds.items()}


def retention_apply(*, now=None) -> RetentionRun:
    """Delete, kind by kind, what is older than its policy; a kind that fails is said in the
    run and does not stop the others (each purge commits its own batches)."""
    now = now or timezone.now()
    run = RetentionRun.objects.create(started_at=now)
    removed, errors = {}, {}
    for key, days in retention_table().items():
        kind = registry.kinds[key]
        if kind.purge is None or not days:
            continue
        try:
            count = kind.purge(now - timedelta(days=days))
        except DatabaseError as error:
            logger.exception("retention of %s failed", key)
            errors[key] = str(error)[:300]
            continue
        if count:
            removed[key] = count
            logger.info("retention: %s removed from %s (older than %s days)", count, key, days)
    run.removed, run.errors, run.finished_at = removed, errors, timezone.now()
    run.save(update_fields=["removed", "errors", "finished_at"])
    return run


def retention_runs_purge(cutoff) -> int:
    return RetentionRun.objects.filter(started_at__lt=cutoff).delete()[0]
