"""A board's cards, each rendered once and kept in the fragments cache until it changes.

A board of 500 cards rendered card by card costs far more than the page around it; a move
changes one card's place, not what the others show. So each card's HTML is cached under a key
naming everything it shows — the task's version (title, description, due date, priority,
assignees, labels), its checklist progress, whether it is late, the project's stamp (columns
and labels renamed), the reader's right to move cards, the language — and a board reads them
all in one round trip. What the key cannot name (a colleague renamed in the directory) shows
within the hour, the entries' lifetime.
"""

from __future__ import annotations

from datetime import date

from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Project, Task

CARD_TIMEOUT = 60 * 60


def due_state(task: Task, today: date, *, done: bool) -> str:
    if task.due_date is None or done:
        return ""
    if task.due_date < today:
        return "late"
    return "today" if task.due_date == today else ""


def _key(task: Task, project: Project, state: str, work: bool, language: str) -> str:
    return (
        f"project-card:{task.pk}:{task.version}:{task.checklist_done}:{task.checklist_total}:"
        f"{state}:{int(work)}:{project.updated_at.timestamp():.6f}:{language}"
    )


def cards_html(
    project: Project,
    tasks: list[Task],
    *,
    prefetches: list,
    done_columns: set[int],
    work: bool,
    today: date,
) -> dict[int, SafeString]:
    """task id → its card's HTML, from the cache where it is, rendered (and kept) otherwise:
    only the cards to render read their assignees and labels (`prefetches`)."""
    cache = caches["fragments"]
    language = get_language() or "fr"
    states = {
        task.pk: due_state(task, today, done=task.column_id in done_columns) for task in tasks
    }
    keys = {task.pk: _key(task, project, states[task.pk], work, language) for task in tasks}
    found = cache.get_many(list(keys.values()))
    prefetch_related_objects([t for t in tasks if keys[t.pk] not in found], *prefetches)
    rendered, missing = {}, {}
    for task in tasks:
        html = found.get(keys[task.pk])
        if html is None:
            html = render_to_string(
                "projects/_card.html", {"task": task, "work": work, "due_state": states[task.pk]}
            )
            missing[keys[task.pk]] = str(html)
        rendered[task.pk] = mark_safe(html)  # noqa: S308 - our template's output, escaped there
    if missing:
        cache.set_many(missing, CARD_TIMEOUT)
    return rendered
