"""Board cards and « Mes tâches » rows, each rendered once and kept in the fragments cache
until it changes.

A board of 500 cards rendered card by card costs far more than the page around it; a move
changes one card's place, not what the others show. So each card's (and row's) HTML is cached
under a key naming everything it shows — the task's version (title, description, due date,
priority, assignees, labels), its checklist progress, whether it is late, the project's stamp
(columns and labels renamed, the project renamed), the reader's right to move cards, the
language — and a page reads them all in one round trip. What the key cannot name (a colleague
or a group renamed) shows within the hour, the entries' lifetime. Nothing cached depends on
the reader: a row's CSRF token is a placeholder the view replaces as the page leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Project, Task

TIMEOUT = 60 * 60
CSRF_PLACEHOLDER = "parvis-csrf-placeholder"


def due_state(task: Task, today: date, *, done: bool) -> str:
    if task.due_date is None or done:
        return ""
    if task.due_date < today:
        return "late"
    return "today" if task.due_date == today else ""


def _cached(
    tasks: list[Task],
    *,
    key: Callable[[Task], str],
    render: Callable[[Task], str],
    prefetches: list = (),
) -> dict[int, SafeString]:
    """task id → its fragment, from the cache where it is, rendered (and kept) otherwise; only
    the tasks to render read what `prefetches` names."""
    cache = caches["fragments"]
    keys = {task.pk: key(task) for task in tasks}
    found = cache.get_many(list(keys.values()))
    if prefetches:
        prefetch_related_objects([t for t in tasks if keys[t.pk] not in found], *prefetches)
    fragments, missing = {}, {}
    for task in tasks:
        html = found.get(keys[task.pk])
        if html is None:
            html = str(render(task))
            missing[keys[task.pk]] = html
        fragments[task.pk] = mark_safe(html)  # noqa: S308 - our templates' output, escaped there
    if missing:
        cache.set_many(missing, TIMEOUT)
    return fragments


def _stamp(project: Project) -> str:
    return f"{project.updated_at.timestamp():.6f}"


def cards_html(
    project: Project,
    tasks: list[Task],
    *,
    prefetches: list,
    done_columns: set[int],
    work: bool,
    today: date,
) -> dict[int, SafeString]:
    """The board's cards (with their assignees and labels, read for those to render only)."""
    language = get_language() or "fr"
    states = {t.pk: due_state(t, today, done=t.column_id in done_columns) for t in tasks}
    return _cached(
        tasks,
        key=lambda task: (
            f"project-card:{task.pk}:{task.version}:{task.checklist_done}:"
            f"{task.checklist_total}:{states[task.pk]}:{int(work)}:{_stamp(project)}:{language}"
        ),
        render=lambda task: render_to_string(
            "projects/_card.html", {"task": task, "work": work, "due_state": states[task.pk]}
        ),
        prefetches=prefetches,
    )


def my_rows_html(tasks: list[Task], *, today: date) -> dict[int, SafeString]:
    """The rows of « Mes tâches » (each task with its project, group and column)."""
    language = get_language() or "fr"
    states = {t.pk: due_state(t, today, done=t.column.is_done) for t in tasks}
    return _cached(
        tasks,
        key=lambda task: (
            f"my-task:{task.pk}:{task.version}:{task.checklist_done}:{task.checklist_total}:"
            f"{task.column_id}:{states[task.pk]}:{_stamp(task.project)}:{language}"
        ),
        render=lambda task: render_to_string(
            "projects/_my_task.html",
            {"task": task, "due_state": states[task.pk], "csrf_token": CSRF_PLACEHOLDER},
        ),
    )
