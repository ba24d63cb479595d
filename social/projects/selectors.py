"""What the projects' pages read: a board, a list, a month of due dates, « Mes tâches »; each
in a fixed number of queries whatever the number of cards (asserted in tests at two sizes)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from knowledge.models import LibraryDocument

from .models import Column, Label, Project, Task
from .permissions import visible_project_filter, visible_task_filter

if TYPE_CHECKING:
    from social.groups.models import Group
    from social.people.models import User

PERSON_FIELDS = ("pk", "first_name", "last_name", "email", "slug", "is_active")
CARD_FIELDS = (
    "pk",
    "project_id",
    "column_id",
    "position",
    "title",
    "priority",
    "due_date",
    "checklist_total",
    "checklist_done",
    "completed_at",
    "archived_at",
)


def _people():
    return get_user_model().objects.only(*PERSON_FIELDS).order_by("first_name", "last_name")


def cards(queryset: QuerySet) -> QuerySet:
    """Tasks as cards: their assignees and labels read in one query each."""
    return queryset.only(*CARD_FIELDS).prefetch_related(
        Prefetch("assignees", queryset=_people()),
        Prefetch("labels", queryset=Label.objects.order_by("name")),
    )


def group_projects(user: User, group: Group, *, archived: bool = False) -> list[Project]:
    """The group's projects with their counts of open and finished tasks."""
    projects = (
        Project.objects.filter(visible_project_filter(user), group=group)
        .select_related("owner")
        .annotate(
            open_count=Count(
                "tasks",
                filter=Q(tasks__archived_at__isnull=True, tasks__column__is_done=False),
            ),
            done_count=Count(
                "tasks",
                filter=Q(tasks__archived_at__isnull=True, tasks__column__is_done=True),
            ),
        )
    )
    if archived:
        return list(projects.filter(status=Project.Status.ARCHIVED))
    return list(projects.exclude(status=Project.Status.ARCHIVED))


@dataclass
class Board:
    columns: list[Column]
    archived_count: int


def board(project: Project) -> Board:
    """The project's columns, each with its cards (archived tasks stay off the board)."""
    columns = list(project.columns.order_by("position"))
    by_column = {column.pk: column for column in columns}
    for column in columns:
        column.cards = []
    for task in cards(Task.objects.current().filter(project=project).order_by("position")):
        by_column[task.column_id].cards.append(task)
    archived = Task.objects.filter(project=project, archived_at__isnull=False).count()
    return Board(columns=columns, archived_count=archived)


SORTS = {
    "echeance": ("due_date", "position"),
    "-echeance": ("-due_date", "position"),
    "titre": ("title",),
    "priorite": ("-priority_rank", "due_date"),
    "colonne": ("column__position", "position"),
    "recent": ("-created_at",),
}


@dataclass
class ListFilters:
    sort: str = "colonne"
    column: int | None = None
    assignee: int | None = None
    label: int | None = None
    priority: str = ""
    archived: bool = False
    text: str = ""

    @classmethod
    def parse(cls, data) -> ListFilters:
        def number(name: str) -> int | None:
            value = data.get(name, "")
            return int(value) if value.isdigit() else None

        sort = data.get("tri", "colonne")
        priority = data.get("priorite", "")
        return cls(
            sort=sort if sort in SORTS else "colonne",
            column=number("colonne"),
            assignee=number("personne"),
            label=number("etiquette"),
            priority=priority if priority in Task.Priority.values else "",
            archived=data.get("archivees") == "1",
            text=data.get("q", "").strip()[:100],
        )


def task_list(project: Project, filters: ListFilters) -> QuerySet:
    """The project's tasks as a table, filtered and sorted (fields named by the filters only,
    never taken from the request as they come)."""
    tasks = Task.objects.filter(project=project).select_related("column")
    tasks = tasks.filter(archived_at__isnull=not filters.archived)
    if filters.column:
        tasks = tasks.filter(column_id=filters.column)
    if filters.assignee:
        tasks = tasks.filter(assignees=filters.assignee)
    if filters.label:
        tasks = tasks.filter(labels=filters.label)
    if filters.priority:
        tasks = tasks.filter(priority=filters.priority)
    if filters.text:
        tasks = tasks.filter(title__icontains=filters.text)
    if filters.sort == "priorite":
        ranks = [
            When(priority=value, then=Value(rank))
            for rank, value in enumerate(Task.Priority.values)
        ]
        tasks = tasks.annotate(priority_rank=Case(*ranks, output_field=IntegerField()))
    return cards(tasks.order_by(*SORTS[filters.sort], "pk")).select_related("column")


def month_weeks(project: Project, year: int, month: int) -> list[list[tuple[date, list[Task]]]]:
    """The month's weeks (Monday first), each day with the tasks due that day."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    start = first - timedelta(days=first.weekday())
    end = last + timedelta(days=6 - last.weekday())
    due: dict[date, list[Task]] = {}
    for task in (
        cards(Task.objects.current().filter(project=project, due_date__range=(start, end)))
        .select_related("column")
        .order_by("due_date", "position")
    ):
        due.setdefault(task.due_date, []).append(task)
    weeks, day = [], start
    while day <= end:
        weeks.append(
            [(day + timedelta(days=i), due.get(day + timedelta(days=i), [])) for i in range(7)]
        )
        day += timedelta(days=7)
    return weeks


@dataclass
class MyTasks:
    overdue: list[Task]
    today: list[Task]
    this_week: list[Task]
    later: list[Task]
    undated: list[Task]

    @property
    def sections(self) -> list[tuple[str, str, list[Task]]]:
        return [
            ("retard", _("En retard"), self.overdue),
            ("aujourdhui", _("Aujourd'hui"), self.today),
            ("semaine", _("Cette semaine"), self.this_week),
            ("plus-tard", _("Plus tard"), self.later),
            ("sans-date", _("Sans échéance"), self.undated),
        ]

    @property
    def count(self) -> int:
        return sum(
            len(part)
            for part in (self.overdue, self.today, self.this_week, self.later, self.undated)
        )


def my_open_tasks(user: User) -> QuerySet:
    """The open tasks assigned to `user`, in projects they may still see (leaving a group takes
    its tasks out), not archived."""
    return (
        Task.objects.open()
        .filter(visible_task_filter(user), assignees=user)
        .exclude(project__status=Project.Status.ARCHIVED)
    )


def my_tasks(user: User, today: date, *, limit: int = 500) -> MyTasks:
    """`user`'s open tasks by due date: overdue, today, this week, later, without a date."""
    rows = list(
        cards(my_open_tasks(user))
        .select_related("project__group", "column")
        .only(
            *CARD_FIELDS,
            "project__name",
            "project__group__name",
            "project__group__slug",
            "column__name",
            "column__is_done",
        )
        .order_by("due_date", "pk")[:limit]
    )
    sunday = today + timedelta(days=6 - today.weekday())
    parts = MyTasks([], [], [], [], [])
    for task in rows:
        if task.due_date is None:
            parts.undated.append(task)
        elif task.due_date < today:
            parts.overdue.append(task)
        elif task.due_date == today:
            parts.today.append(task)
        elif task.due_date <= sunday:
            parts.this_week.append(task)
        else:
            parts.later.append(task)
    return parts


def my_urgent_tasks(user: User, today: date, *, limit: int = 8) -> list[Task]:
    """The homepage block: overdue and today's tasks."""
    return list(
        my_open_tasks(user)
        .filter(due_date__lte=today)
        .select_related("project")
        .only("pk", "title", "due_date", "project__name")
        .order_by("due_date", "pk")[:limit]
    )


def drive_documents(task: Task) -> list[LibraryDocument]:
    """The documents of the task's group drive, to join one (the newest first)."""
    folder_id = task.project.group.folder_id
    if folder_id is None:
        return []
    documents = LibraryDocument.objects.filter(collection_id=folder_id, deleted_at__isnull=True)
    return list(documents.only("pk", "title").order_by("-created_at")[:200])
