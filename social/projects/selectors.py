"""What the projects' pages read: a board, a list, a month of due dates, « Mes tâches »; each
in a fixed number of queries whatever the number of cards (asserted in tests at two sizes)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from knowledge.models import LibraryDocument

from .cards import cards_html, my_rows_html
from .models import Column, Label, Project, Task
from .permissions import readable_project_groups, visible_project_filter, visible_task_filter

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
    "version",
)


def _people():
    return get_user_model().objects.only(*PERSON_FIELDS).order_by("first_name", "last_name")


def card_prefetches() -> list[Prefetch]:
    return [
        Prefetch("assignees", queryset=_people()),
        Prefetch("labels", queryset=Label.objects.order_by("name")),
    ]


def cards(queryset: QuerySet) -> QuerySet:
    """Tasks as cards: their assignees and labels read in one query each."""
    return queryset.only(*CARD_FIELDS).prefetch_related(*card_prefetches())


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


def board(project: Project, *, work: bool, today: date) -> Board:
    """The project's columns, each with its cards' HTML in order (archived tasks stay off the
    board): the tasks and their people and labels in three queries, the cards from the cache."""
    columns = list(project.columns.order_by("position"))
    by_column = {column.pk: column for column in columns}
    tasks = list(
        Task.objects.current().filter(project=project).order_by("position").only(*CARD_FIELDS)
    )
    html = cards_html(
        project,
        tasks,
        prefetches=card_prefetches(),
        done_columns={column.pk for column in columns if column.is_done},
        work=work,
        today=today,
    )
    for column in columns:
        column.cards = []
    for task in tasks:
        by_column[task.column_id].cards.append(html[task.pk])
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


SECTION_ROWS = 25  # rows of each part of « Mes tâches »; the rest one click away


@dataclass
class MySection:
    key: str
    title: str
    tasks: list[Task]
    total: int
    rows: list = field(default_factory=list)  # each task's row, rendered (cards.my_rows_html)


# The parts of « Mes tâches », in order (which task goes where: `my_tasks`).
MY_SECTIONS = (
    ("retard", _("En retard")),
    ("aujourdhui", _("Aujourd'hui")),
    ("semaine", _("Cette semaine")),
    ("plus-tard", _("Plus tard")),
    ("sans-date", _("Sans échéance")),
)
MY_SECTION_KEYS = tuple(key for key, _title in MY_SECTIONS)


def my_open_tasks(user: User) -> QuerySet:
    """The open tasks assigned to `user`, in projects they may still see (leaving a group takes
    its tasks out), not archived."""
    return (
        Task.objects.open()
        .filter(visible_task_filter(user), assignees=user)
        .exclude(project__status=Project.Status.ARCHIVED)
    )


def _my_open_due_dates(user: User) -> list[tuple[date | None, int]]:
    """(due date, id) of each task `my_open_tasks(user)` holds: the person's assignments
    first, then those tasks looked up by their keys (one array parameter). Joined in one
    statement, PostgreSQL prefers to scan every task once a person holds thousands."""
    groups = readable_project_groups(user)
    if groups is not None and not groups:
        return []
    assigned = list(
        Task.assignees.through.objects.filter(user=user).values_list("task_id", flat=True)
    )
    if not assigned:
        return []
    if connection.vendor != "postgresql":  # make run's SQLite: a person's few tasks
        tasks = my_open_tasks(user).filter(pk__in=assigned).order_by()
        return list(tasks.values_list("due_date", "pk"))
    task, project = Task._meta.db_table, Project._meta.db_table
    # Our tables' names only; the values are parameters (an array each: one parameter for
    # thousands of ids, where `__in` writes one per id).
    sql = (
        f"SELECT t.due_date, t.id FROM {task} t JOIN {project} p ON p.id = t.project_id"  # noqa: S608
        " WHERE t.id = ANY(%s) AND t.archived_at IS NULL AND t.completed_at IS NULL"
        " AND p.status <> %s"
    )
    params: list = [assigned, Project.Status.ARCHIVED]
    if groups is not None:
        sql += " AND p.group_id = ANY(%s)"
        params.append(list(groups))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def my_tasks(user: User, today: date, *, only: str = "", rows: int = SECTION_ROWS):
    """`user`'s open tasks by due date — overdue, today, this week, later, without a date —
    each part with its first `rows` tasks and its total; `only`: one part alone (« voir
    toutes »). Two queries whatever the number of tasks: the ids and due dates of all of them
    (a person has hundreds at most, thousands in the bench), then the rows shown."""
    dated = sorted(
        _my_open_due_dates(user), key=lambda pair: (pair[0] is None, pair[0] or today, pair[1])
    )
    sunday = today + timedelta(days=6 - today.weekday())

    def part(due: date | None) -> str:
        if due is None:
            return "sans-date"
        if due < today:
            return "retard"
        if due == today:
            return "aujourdhui"
        return "semaine" if due <= sunday else "plus-tard"

    wanted = [(key, title) for key, title in MY_SECTIONS if not only or key == only]
    members: dict[str, list[int]] = {key: [] for key, _title in wanted}
    for due, pk in dated:
        key = part(due)
        if key in members:
            members[key].append(pk)
    shown_ids = [pk for ids in members.values() for pk in ids[:rows]]
    found = {
        task.pk: task
        for task in Task.objects.filter(pk__in=shown_ids)
        .select_related("project__group", "column")
        .only(
            *CARD_FIELDS,
            "project__name",
            "project__updated_at",
            "project__group__name",
            "project__group__slug",
            "column__name",
            "column__is_done",
        )
    }
    sections = []
    for key, title in wanted:
        shown = [found[pk] for pk in members[key][:rows] if pk in found]
        html = my_rows_html(shown, today=today)
        sections.append(
            MySection(
                key=key,
                title=title,
                tasks=shown,
                total=len(members[key]),
                rows=[html[task.pk] for task in shown],
            )
        )
    return sections


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
