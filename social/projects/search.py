"""Tasks in the intranet's search (knowledge.SearchItem rows): found by the members of their
project's group only, whatever the group's visibility (permissions.py), through the group's
member key that the groups' search keys already give each member."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from knowledge.search.sources import SearchKind, SearchSource
from social import markup

from .models import Task


def task_access_keys(task: Task) -> list[str]:
    return [f"group:{task.project.group_id}"]


def task_fields(task: Task) -> dict:
    project = task.project
    title = task.title
    if task.is_archived or project.is_archived:
        title = _("%(title)s (archivée)") % {"title": title}
    return {
        "kind": "task",
        "title": str(title)[:255],
        "summary": f"{project.name} — {markup.to_text(task.description, limit=1800)}"[:2000],
        "url": task.get_absolute_url(),
        "date": task.created_at,
        "service_id": project.group.service_id,
        "search_themes": [str(project.group.theme_id)] if project.group.theme_id else [],
        "access": task_access_keys(task),
        "family": "",
        "mime_type": "",
        "file_size": None,
    }


def task_search_text(task: Task) -> str:
    parts = [markup.to_text(task.description, limit=100_000), task.project.name]
    return "\n".join(part for part in parts if part)


TASK_SOURCE = SearchSource(
    model=Task,
    fields=task_fields,
    text=task_search_text,
    queryset=lambda: Task.objects.select_related("project__group"),
)
TASK_KIND = SearchKind("task", _("Tâches"), _("Tâche"), order=65)
