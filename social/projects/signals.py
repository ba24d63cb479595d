"""Keep tasks' search rows in step: written after a task's content changes (not after a mere
move or tick, which the row does not show), again for every task when their project changes
(its name and state are in the rows), removed with the task."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from knowledge.search.index import search_item_remove
from knowledge.search.tasks import sync_search_rows_after_commit

from .models import Project, Task

# Fields a move, a tick or a checklist change writes: the search row shows none of them.
BOARD_FIELDS = {"column", "position", "completed_at", "checklist_total", "checklist_done"}


def connect() -> None:
    post_save.connect(task_saved, sender=Task, dispatch_uid="projects-task-save")
    post_save.connect(project_saved, sender=Project, dispatch_uid="projects-project-save")
    post_delete.connect(task_deleted, sender=Task, dispatch_uid="projects-task-gone")


def task_saved(sender, instance: Task, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields and set(update_fields) <= BOARD_FIELDS):
        return
    sync_search_rows_after_commit(Task, [instance.pk])


def project_saved(sender, instance: Project, raw: bool = False, created: bool = False, **kw):
    if raw or created:
        return
    task_ids = list(instance.tasks.values_list("pk", flat=True))
    if task_ids:
        sync_search_rows_after_commit(Task, task_ids)


def task_deleted(sender, instance: Task, **kwargs) -> None:
    search_item_remove(instance)
