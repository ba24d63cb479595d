"""Everything that changes projects and tasks. Every rule is checked here, whatever the view
(page, HTMX fragment, a crafted POST); refusals a person can fix are `ProjectError`s with a
message in their language, and a save made from an outdated task is a `TaskConflict`.

Concurrency: moves lock the columns they touch (in id order, so two moves never wait on each
other in a circle) and place the task in the gap between its new neighbours; positions are
unique per column in the database. Edits of a task's content lock the task and compare the
version the editor started from (optimistic locking: nothing is silently overwritten).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F, Max, Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cms.core import live
from cms.core.opengraph import resolve_intranet_link
from cms.core.queueing import queue_after_commit
from cms.core.ratelimit import rate_limited as over_limit
from knowledge.library import filetypes
from knowledge.library.services import document_upload
from knowledge.models import LibraryDocument
from social import markup
from social.comments.services import render_with_mentions
from social.groups.drive import group_drive_ensure
from social.groups.models import Group, Membership
from social.groups.permissions import can_upload_to_group

from . import permissions, tasks
from .models import (
    POSITION_GAP,
    ChecklistItem,
    Column,
    Label,
    Project,
    Task,
    TaskAttachment,
    TaskChange,
    TaskLink,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from social.people.models import User

DEFAULT_COLUMNS = (
    ("À faire", False),
    ("En cours", False),
    ("En validation", False),
    ("Fait", True),
)
MAX_COLUMNS = 12
MAX_LABELS = 30
MAX_CHECKLIST = 100
MAX_ATTACHMENTS = 20
RENUMBER_SHIFT = 1 << 40  # above every position a column can reach
Kind = TaskChange.Kind


class ProjectError(Exception):
    """Something the person can fix, or a decision already taken by someone else."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class TaskConflict(Exception):
    """The task changed since the editor opened it: `current` is the task as saved now."""

    def __init__(self, current: Task) -> None:
        super().__init__(f"Task {current.pk} changed (version {current.version})")
        self.current = current


def _archived_error() -> ProjectError:
    return ProjectError(_("Ce projet est archivé : il se consulte sans se modifier."), status=403)


def _check_work(user: User, project: Project) -> None:
    if project.is_archived:
        raise _archived_error()
    if not permissions.can_work_in_project(user, project):
        raise PermissionDenied


def _check_manage(user: User, project: Project) -> None:
    if project.is_archived:
        raise _archived_error()
    if not permissions.can_manage_project(user, project):
        raise PermissionDenied


def _clean_name(name: str, *, max_length: int, empty: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ProjectError(empty)
    if len(name) > max_length:
        raise ProjectError(
            _("Ce nom est trop long (%(max)d caractères au plus).") % {"max": max_length}
        )
    return name


def _check_dates(start: date | None, target: date | None) -> None:
    if start and target and target < start:
        raise ProjectError(_("L'échéance visée ne peut précéder le début du projet."))


def _check_managers(project_group: Group, managers) -> list:
    allowed = set(
        permissions.assignable_people_of_group(project_group).values_list("pk", flat=True)
    )
    managers = list(managers)
    if any(person.pk not in allowed for person in managers):
        raise ProjectError(_("Seuls les membres du groupe peuvent être co-responsables."))
    return managers


# --- Projects ----------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    group: Group,
    user: User,
    name: str,
    description: str = "",
    start_date: date | None = None,
    target_date: date | None = None,
    managers=(),
) -> Project:
    """A new project with the four usual columns; its creator owns (and manages) it."""
    if not permissions.can_create_project(user, group):
        raise PermissionDenied
    name = _clean_name(name, max_length=120, empty=_("Donnez un nom au projet."))
    _check_dates(start_date, target_date)
    managers = _check_managers(group, managers)
    if Project.objects.filter(group=group, name__iexact=name).exists():
        raise ProjectError(_("Ce groupe a déjà un projet de ce nom."))
    project = Project.objects.create(
        group=group,
        name=name,
        description=(description or "").strip()[:3000],
        start_date=start_date,
        target_date=target_date,
        owner=user,
        created_by=user,
    )
    Column.objects.bulk_create(
        Column(project=project, name=label, position=index, is_done=done)
        for index, (label, done) in enumerate(DEFAULT_COLUMNS)
    )
    if managers:
        project.managers.set(managers)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    user: User,
    name: str,
    description: str = "",
    status: str | None = None,
    start_date: date | None = None,
    target_date: date | None = None,
    managers=(),
) -> Project:
    _check_manage(user, project)
    name = _clean_name(name, max_length=120, empty=_("Donnez un nom au projet."))
    _check_dates(start_date, target_date)
    managers = _check_managers(project.group, managers)
    if (
        Project.objects.filter(group_id=project.group_id, name__iexact=name)
        .exclude(pk=project.pk)
        .exists()
    ):
        raise ProjectError(_("Ce groupe a déjà un projet de ce nom."))
    if status == Project.Status.ARCHIVED:
        raise ProjectError(_("Archivez le projet avec le bouton « Archiver »."))
    project.name = name
    project.description = (description or "").strip()[:3000]
    project.start_date, project.target_date = start_date, target_date
    if status:
        project.status = status
    project.updated_at = timezone.now()
    project.save(
        update_fields=[
            "name",
            "description",
            "start_date",
            "target_date",
            "status",
            "updated_at",
        ]
    )
    _board_changed(project.pk)
    project.managers.set(managers)
    project.__dict__.pop("_manager_ids", None)
    return project


@transaction.atomic
def project_archive(*, project: Project, user: User) -> Project:
    """Archive: read-only for everyone until a manager restores it."""
    _check_manage(user, project)
    project.status = Project.Status.ARCHIVED
    project.archived_at = timezone.now()
    project.save(update_fields=["status", "archived_at"])
    _board_changed(project.pk)
    return project


@transaction.atomic
def project_restore(*, project: Project, user: User) -> Project:
    if not project.is_archived or not permissions.can_manage_project(user, project):
        raise PermissionDenied
    project.status = Project.Status.DONE
    project.archived_at = None
    project.save(update_fields=["status", "archived_at"])
    _board_changed(project.pk)
    return project


@transaction.atomic
def project_delete(*, project: Project, user: User, confirmation: str) -> None:
    """Delete a project and its tasks (their documents stay in the group's drive)."""
    if not permissions.can_manage_project(user, project):
        raise PermissionDenied
    if confirmation.strip() != project.name:
        raise ProjectError(_("Recopiez le nom du projet pour confirmer sa suppression."))
    project.tasks.all().delete()  # tasks before columns (a column protects its tasks)
    project.delete()


# --- Columns and labels -------------------------------------------------------------------


def _board_changed(project_id: int) -> tuple[int, int]:
    """Count one more change of the project's board (in the caller's transaction: the project's
    row stays locked until it commits, so changes are counted one at a time); returns the
    version before and after it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Project._meta.db_table} SET board_version = board_version + 1"  # noqa: S608 - our table's name
            " WHERE id = %s RETURNING board_version, group_id",
            [project_id],
        )
        after, group_id = cursor.fetchone()
    transaction.on_commit(lambda: _board_announce(project_id, group_id, after))
    return after - 1, after


def _board_announce(project_id: int, group_id: int, version: int) -> None:
    """Open boards of the group's members hear of the new version (the live stream; a hint:
    each board then asks for itself, through the view that checks rights)."""
    members = Membership.objects.filter(group_id=group_id, state=Membership.State.ACTIVE)
    live.publish_now(
        members.values_list("user_id", flat=True),
        "board",
        {"project": project_id, "version": version},
    )


def _project_touched(project: Project) -> None:
    """Columns or labels changed: every card shows them (its cached HTML names this stamp)."""
    project.updated_at = timezone.now()
    Project.objects.filter(pk=project.pk).update(updated_at=project.updated_at)
    _board_changed(project.pk)


def _lock_project_columns(project: Project) -> list[Column]:
    return list(Column.objects.select_for_update().filter(project=project).order_by("position"))


def _renumber_columns(columns: list[Column]) -> None:
    """Write positions 0..n-1 in the given order (two passes: never two at one place)."""
    Column.objects.filter(pk__in=[c.pk for c in columns]).update(
        position=F("position") + RENUMBER_SHIFT // POSITION_GAP
    )
    for index, column in enumerate(columns):
        column.position = index
    Column.objects.bulk_update(columns, ["position"])


@transaction.atomic
def column_create(*, project: Project, user: User, name: str, is_done: bool = False) -> Column:
    _check_manage(user, project)
    name = _clean_name(name, max_length=60, empty=_("Donnez un nom à la colonne."))
    columns = _lock_project_columns(project)
    if len(columns) >= MAX_COLUMNS:
        raise ProjectError(_("Un projet compte au plus %(max)d colonnes.") % {"max": MAX_COLUMNS})
    if any(c.name.lower() == name.lower() for c in columns):
        raise ProjectError(_("Une colonne porte déjà ce nom."))
    last = max((c.position for c in columns), default=-1)
    _project_touched(project)
    return Column.objects.create(project=project, name=name, position=last + 1, is_done=is_done)


@transaction.atomic
def column_update(*, column: Column, user: User, name: str, is_done: bool | None = None) -> Column:
    project = column.project
    _check_manage(user, project)
    name = _clean_name(name, max_length=60, empty=_("Donnez un nom à la colonne."))
    columns = _lock_project_columns(project)
    if any(c.name.lower() == name.lower() and c.pk != column.pk for c in columns):
        raise ProjectError(_("Une colonne porte déjà ce nom."))
    column.name = name
    fields = ["name"]
    if is_done is not None and is_done != column.is_done:
        column.is_done = is_done
        fields.append("is_done")
        Task.objects.filter(column=column, completed_at__isnull=is_done).update(
            completed_at=timezone.now() if is_done else None
        )
    column.save(update_fields=fields)
    _project_touched(project)
    return column


@transaction.atomic
def column_shift(*, column: Column, user: User, offset: int) -> Column:
    """Move a column left (-1) or right (+1) among the project's columns."""
    project = column.project
    _check_manage(user, project)
    columns = _lock_project_columns(project)
    index = next(i for i, c in enumerate(columns) if c.pk == column.pk)
    target = index + offset
    if not 0 <= target < len(columns):
        return column
    columns.insert(target, columns.pop(index))
    _renumber_columns(columns)
    _project_touched(project)
    return column


@transaction.atomic
def column_delete(*, column: Column, user: User, move_to: Column | None = None) -> None:
    """Delete a column; its tasks (archived ones included) go to `move_to`, at its end."""
    project = column.project
    _check_manage(user, project)
    columns = _lock_project_columns(project)
    if len(columns) <= 1:
        raise ProjectError(_("Un projet garde au moins une colonne."))
    has_tasks = Task.objects.filter(column=column).exists()
    if has_tasks:
        if move_to is None or move_to.project_id != project.pk or move_to.pk == column.pk:
            raise ProjectError(_("Cette colonne contient des tâches : choisissez où les déplacer."))
        end = _end_position(move_to)
        moving = list(Task.objects.filter(column=column).order_by("position"))
        for offset, task in enumerate(moving, start=1):
            task.column = move_to
            task.position = end + offset * POSITION_GAP
            task.completed_at = (task.completed_at or timezone.now()) if move_to.is_done else None
        Task.objects.bulk_update(moving, ["column", "position", "completed_at"], batch_size=500)
    remaining = [c for c in columns if c.pk != column.pk]
    column.delete()
    _renumber_columns(remaining)
    _project_touched(project)


@transaction.atomic
def label_save(
    *, project: Project, user: User, name: str, colour: str, label: Label | None = None
) -> Label:
    _check_manage(user, project)
    name = _clean_name(name, max_length=40, empty=_("Donnez un nom à l'étiquette."))
    if colour not in Label.Colour.values:
        colour = Label.Colour.BLUE
    others = Label.objects.filter(project=project)
    if label is not None:
        others = others.exclude(pk=label.pk)
    elif others.count() >= MAX_LABELS:
        raise ProjectError(_("Un projet compte au plus %(max)d étiquettes.") % {"max": MAX_LABELS})
    if others.filter(name__iexact=name).exists():
        raise ProjectError(_("Une étiquette porte déjà ce nom."))
    label = label or Label(project=project)
    label.name, label.colour = name, colour
    label.save()
    _project_touched(project)
    return label


@transaction.atomic
def label_delete(*, label: Label, user: User) -> None:
    _check_manage(user, label.project)
    label.delete()
    _project_touched(label.project)


# --- Tasks --------------------------------------------------------------------------------


def _end_position(column: Column) -> int:
    last = Task.objects.filter(column=column).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last


def _clean_title(title: str) -> str:
    return _clean_name(title, max_length=200, empty=_("Donnez un titre à la tâche."))


def _clean_description(text: str) -> str:
    return markup.clean_text(
        text,
        required=False,
        empty="",
        too_long=_("Une description compte au plus %(max)d caractères (celle-ci en a %(length)d)."),
        error=ProjectError,
    )


def _check_assignees(project: Project, assignees) -> list:
    assignees = list(dict.fromkeys(assignees))
    allowed = set(permissions.assignable_people(project).values_list("pk", flat=True))
    refused = [person for person in assignees if person.pk not in allowed]
    if refused:
        raise ProjectError(
            _("%(name)s n'est pas membre du groupe : on n'assigne une tâche qu'à ses membres.")
            % {"name": refused[0].get_full_name() or refused[0].email}
        )
    return assignees


def _check_labels(project: Project, labels) -> list[Label]:
    labels = list(labels)
    if any(label.project_id != project.pk for label in labels):
        raise ProjectError(_("Ces étiquettes n'appartiennent pas à ce projet."))
    return labels


def _record(task: Task, actor: User | None, kind: str, before: str = "", after: str = ""):
    return TaskChange.objects.create(
        task=task, actor=actor, kind=kind, before=before[:300], after=after[:300]
    )


def _names(people) -> str:
    return ", ".join(sorted(p.get_full_name() or p.email for p in people)) or "—"


def _due_text(value: date | None) -> str:
    return date_format(value, "j F Y") if value else "—"


@transaction.atomic
def task_create(
    *,
    project: Project,
    user: User,
    title: str,
    column: Column | None = None,
    description: str = "",
    assignees=(),
    due_date: date | None = None,
    priority: str = Task.Priority.NORMAL,
    labels=(),
    rate_limited: bool = True,
) -> Task:
    """A new task at the bottom of `column` (the first column by default)."""
    if project.is_archived:
        raise _archived_error()
    if not permissions.can_create_task(user, project):
        raise PermissionDenied
    title = _clean_title(title)
    description = _clean_description(description)
    assignees = _check_assignees(project, assignees)
    labels = _check_labels(project, labels)
    if priority not in Task.Priority.values:
        priority = Task.Priority.NORMAL
    if rate_limited and over_limit("task_create", user.pk):
        raise ProjectError(
            _("Vous avez créé beaucoup de tâches en peu de temps. Patientez un instant."),
            status=429,
        )
    locked = _lock_project_columns(project)
    if column is None:
        column = locked[0]
    elif column.project_id != project.pk:
        raise ProjectError(_("Cette colonne n'appartient pas à ce projet."))
    task = Task.objects.create(
        project=project,
        column=column,
        position=_end_position(column) + POSITION_GAP,
        title=title,
        description=description,
        description_html=render_with_mentions(description),
        due_date=due_date,
        priority=priority,
        created_by=user,
        completed_at=timezone.now() if column.is_done else None,
    )
    if assignees:
        task.assignees.set(assignees)
    if labels:
        task.labels.set(labels)
    task.followers.add(user, *assignees)
    _board_changed(project.pk)
    change = _record(task, user, Kind.CREATED, after=title)
    queue_after_commit(tasks.notify_task_change, change.pk, [p.pk for p in assignees], True)
    return task


@transaction.atomic
def task_update(
    *,
    task: Task,
    user: User,
    version: int,
    title: str,
    description: str = "",
    assignees=(),
    due_date: date | None = None,
    priority: str = Task.Priority.NORMAL,
    labels=(),
) -> Task:
    """Save the task's content, made from `version`. If someone saved it since, nothing is
    written: `TaskConflict` carries the task as it is now, for the editor to compare."""
    project = task.project
    _check_work(user, project)
    title = _clean_title(title)
    description = _clean_description(description)
    assignees = _check_assignees(project, assignees)
    labels = _check_labels(project, labels)
    if priority not in Task.Priority.values:
        priority = Task.Priority.NORMAL
    current = Task.objects.select_for_update().select_related("project__group").get(pk=task.pk)
    if current.version != version:
        raise TaskConflict(current)
    before_assignees = list(current.assignees.all())
    before_labels = list(current.labels.all())
    changes = []
    if current.title != title:
        changes.append((Kind.TITLE, current.title, title))
    if current.description != description:
        changes.append((Kind.DESCRIPTION, "", ""))
    if current.due_date != due_date:
        changes.append((Kind.DUE_DATE, _due_text(current.due_date), _due_text(due_date)))
    if current.priority != priority:
        changes.append(
            (
                Kind.PRIORITY,
                str(Task.Priority(current.priority).label),
                str(Task.Priority(priority).label),
            )
        )
    if {p.pk for p in before_assignees} != {p.pk for p in assignees}:
        changes.append((Kind.ASSIGNEES, _names(before_assignees), _names(assignees)))
    if {label.pk for label in before_labels} != {label.pk for label in labels}:
        changes.append(
            (
                Kind.LABELS,
                ", ".join(sorted(label.name for label in before_labels)) or "—",
                ", ".join(sorted(label.name for label in labels)) or "—",
            )
        )
    if not changes:
        return current
    current.title, current.description = title, description
    current.description_html = render_with_mentions(description)
    current.due_date, current.priority = due_date, priority
    current.version = version + 1
    current.updated_at = timezone.now()
    current.save()
    current.assignees.set(assignees)
    current.labels.set(labels)
    added = [p for p in assignees if p.pk not in {b.pk for b in before_assignees}]
    if added:
        current.followers.add(*added)
    _board_changed(project.pk)
    last = None
    for kind, before, after in changes:
        last = _record(current, user, kind, before, after)
    queue_after_commit(tasks.notify_task_change, last.pk, [p.pk for p in added], False)
    return current


def _lock_task_and_columns(task: Task, target_column_id: int) -> tuple[Task, dict]:
    """Lock the columns a move touches, in id order, then the task; again if the task moved
    to another column while we waited."""
    column_id = task.column_id
    while True:
        ids = sorted({column_id, target_column_id})
        columns = {
            c.pk: c for c in Column.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        }
        if target_column_id not in columns:
            raise ProjectError(_("Cette colonne n'existe plus."), status=404)
        locked = Task.objects.select_for_update().filter(pk=task.pk).first()
        if locked is None:
            raise ProjectError(_("Cette tâche n'existe plus."), status=404)
        if locked.column_id == column_id:
            return locked, columns
        column_id = locked.column_id


def _renumber_tasks(column: Column) -> None:
    """Spread a column's positions again (the gap between two neighbours ran out)."""
    rows = list(Task.objects.filter(column=column).order_by("position").only("pk", "position"))
    Task.objects.filter(column=column).update(position=F("position") + RENUMBER_SHIFT)
    for index, row in enumerate(rows, start=1):
        row.position = index * POSITION_GAP
    Task.objects.bulk_update(rows, ["position"], batch_size=500)


def _position_after(column: Column, after_id: int | None, moving_id: int) -> int:
    """A free position in `column` just after task `after_id` (at the top for None)."""
    for _attempt in range(2):
        others = Task.objects.filter(column=column).exclude(pk=moving_id)
        if after_id is None:
            first = others.aggregate(first=Min("position"))["first"]
            return POSITION_GAP if first is None else first - POSITION_GAP
        previous = others.filter(pk=after_id).values_list("position", flat=True).first()
        if previous is None:
            raise ProjectError(
                _("La tâche voisine a bougé entre-temps : la colonne est à jour, recommencez."),
                status=409,
            )
        following = (
            others.filter(position__gt=previous)
            .order_by("position")
            .values_list("position", flat=True)
            .first()
        )
        if following is None:
            return previous + POSITION_GAP
        if following - previous > 1:
            return (previous + following) // 2
        _renumber_tasks(column)
    raise RuntimeError("No room in a renumbered column")  # unreachable: the gaps are spread


def _moved(task: Task, user: User, source: Column, target: Column) -> None:
    if source.pk == target.pk:
        return
    task.completed_at = (task.completed_at or timezone.now()) if target.is_done else None
    task.save(update_fields=["completed_at"])
    change = _record(task, user, Kind.MOVED, source.name, target.name)
    queue_after_commit(tasks.notify_task_change, change.pk, [], False)


@transaction.atomic
def task_move(*, task: Task, user: User, column: Column, after_id: int | None = None) -> Task:
    """Put the task in `column`, just after task `after_id` (first when None). Two people moving
    cards at once are served one after the other; neither move is lost."""
    project = task.project
    _check_work(user, project)
    if column.project_id != project.pk:
        raise ProjectError(_("Cette colonne n'appartient pas à ce projet."))
    if after_id == task.pk:
        return task
    locked, columns = _lock_task_and_columns(task, column.pk)
    source, target = columns[locked.column_id], columns[column.pk]
    locked.position = _position_after(target, after_id, locked.pk)
    locked.column = target
    locked.save(update_fields=["column", "position"])
    _moved(locked, user, source, target)
    locked.board_versions = _board_changed(project.pk)
    return locked


@transaction.atomic
def task_move_step(*, task: Task, user: User, direction: str) -> Task:
    """« Monter » / « Descendre »: swap places with the visible neighbour in the column, the way
    a keyboard or a screen reader moves a card (WCAG 2.5.7)."""
    project = task.project
    _check_work(user, project)
    locked, columns = _lock_task_and_columns(task, task.column_id)
    column = columns[locked.column_id]
    visible = Task.objects.current().filter(column=column).exclude(pk=locked.pk)
    if direction == "up":
        neighbour = visible.filter(position__lt=locked.position).order_by("-position").first()
        if neighbour is None:
            return locked
        before = (
            visible.filter(position__lt=neighbour.position)
            .order_by("-position")
            .values_list("pk", flat=True)
            .first()
        )
        after_id = before
    else:
        neighbour = visible.filter(position__gt=locked.position).order_by("position").first()
        if neighbour is None:
            return locked
        after_id = neighbour.pk
    locked.position = _position_after(column, after_id, locked.pk)
    locked.save(update_fields=["position"])
    _board_changed(project.pk)
    return locked


@transaction.atomic
def task_move_to_column(*, task: Task, user: User, column: Column) -> Task:
    """« Déplacer vers… »: to the bottom of another column."""
    if column.pk == task.column_id:
        return task
    _check_work(user, task.project)
    if column.project_id != task.project_id:
        raise ProjectError(_("Cette colonne n'appartient pas à ce projet."))
    locked, columns = _lock_task_and_columns(task, column.pk)
    source, target = columns[locked.column_id], columns[column.pk]
    end = _end_position(target)
    locked.column, locked.position = target, end + POSITION_GAP
    locked.save(update_fields=["column", "position"])
    _moved(locked, user, source, target)
    _board_changed(locked.project_id)
    return locked


@transaction.atomic
def task_complete(*, task: Task, user: User, done: bool) -> Task:
    """Tick (or untick) a task from anywhere: it goes to the bottom of the project's first
    « done » column (or back to its first column)."""
    _check_work(user, task.project)
    columns = list(Column.objects.filter(project_id=task.project_id).order_by("position"))
    if done:
        target = next((c for c in columns if c.is_done), None)
        if target is None:
            raise ProjectError(
                _("Ce projet n'a pas de colonne « terminée » : demandez à ses responsables.")
            )
    else:
        target = next((c for c in columns if not c.is_done), None)
        if target is None:
            raise ProjectError(_("Ce projet n'a pas de colonne pour les tâches à faire."))
    current_column = next(c for c in columns if c.pk == task.column_id)
    if current_column.is_done == done:
        return task
    return task_move_to_column(task=task, user=user, column=target)


@transaction.atomic
def task_archive(*, task: Task, user: User, archived: bool = True) -> Task:
    """Archive a task (off the board, still found by its members) or bring it back."""
    _check_work(user, task.project)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.is_archived == archived:
        return locked
    locked.archived_at = timezone.now() if archived else None
    locked.save(update_fields=["archived_at"])
    _board_changed(locked.project_id)
    _record(locked, user, Kind.ARCHIVED if archived else Kind.RESTORED)
    return locked


@transaction.atomic
def task_delete(*, task: Task, user: User) -> None:
    if task.project.is_archived:
        raise _archived_error()
    if not permissions.can_delete_task(user, task):
        raise PermissionDenied
    project_id = task.project_id
    task.delete()
    _board_changed(project_id)


def task_follow(*, task: Task, user: User, follow: bool) -> None:
    if not permissions.can_view_task(user, task):
        raise PermissionDenied
    if follow:
        task.followers.add(user)
    else:
        task.followers.remove(user)


# --- Checklist, attachments, links, dependencies ---------------------------------------------


def _checklist_counts(task: Task) -> None:
    items = ChecklistItem.objects.filter(task=task)
    task.checklist_total = items.count()
    task.checklist_done = items.filter(done=True).count()
    task.save(update_fields=["checklist_total", "checklist_done"])
    _board_changed(task.project_id)


@transaction.atomic
def checklist_add(*, task: Task, user: User, text: str) -> ChecklistItem:
    _check_work(user, task.project)
    text = _clean_name(text, max_length=300, empty=_("Écrivez l'élément à ajouter."))
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.checklist_total >= MAX_CHECKLIST:
        raise ProjectError(
            _("Une liste de contrôle compte au plus %(max)d éléments.") % {"max": MAX_CHECKLIST}
        )
    last = locked.checklist.aggregate(last=Max("position"))["last"]
    item = ChecklistItem.objects.create(
        task=locked, text=text, position=0 if last is None else last + 1
    )
    _checklist_counts(locked)
    return item


@transaction.atomic
def checklist_toggle(*, item: ChecklistItem, user: User, done: bool) -> ChecklistItem:
    """Tick or untick an item (the state asked for, not a flip: a double click stays ticked)."""
    task = item.task
    _check_work(user, task.project)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk)
    if item.done != done:
        item.done = done
        item.done_by = user if done else None
        item.done_at = timezone.now() if done else None
        item.save(update_fields=["done", "done_by", "done_at"])
        _checklist_counts(locked)
        done_text = _("« %(item)s » coché") if done else _("« %(item)s » décoché")
        _record(locked, user, Kind.CHECKLIST, after=done_text % {"item": item.text})
    return item


@transaction.atomic
def checklist_delete(*, item: ChecklistItem, user: User) -> None:
    task = item.task
    _check_work(user, task.project)
    locked = Task.objects.select_for_update().get(pk=task.pk)
    item.delete()
    _checklist_counts(locked)


@transaction.atomic
def attachment_upload(*, task: Task, user: User, uploaded: UploadedFile) -> TaskAttachment:
    """Store a file in the group's drive (the library's upload checks: type by content, size,
    antivirus) and join it to the task."""
    project = task.project
    _check_work(user, project)
    if not can_upload_to_group(user, project.group) and not user.is_superuser:
        raise ProjectError(_("Dans ce groupe, seuls les administrateurs déposent des documents."))
    if task.attachments.count() >= MAX_ATTACHMENTS:
        raise ProjectError(
            _("Une tâche compte au plus %(max)d documents joints.") % {"max": MAX_ATTACHMENTS}
        )
    folder = project.group.folder or group_drive_ensure(project.group)
    try:
        document = document_upload(user=user, folder=folder, uploaded_file=uploaded)
    except filetypes.Rejected as rejected:
        raise ProjectError(f"{uploaded.name} : {rejected.message}") from None
    attachment = TaskAttachment.objects.create(task=task, document=document, added_by=user)
    _record(task, user, Kind.ATTACHMENT, after=document.title)
    return attachment


@transaction.atomic
def attachment_add(*, task: Task, user: User, document_id: int) -> TaskAttachment:
    """Join a document already in the group's drive."""
    project = task.project
    _check_work(user, project)
    document = LibraryDocument.objects.filter(
        pk=document_id, collection_id=project.group.folder_id, deleted_at__isnull=True
    ).first()
    if document is None or project.group.folder_id is None:
        raise ProjectError(_("Choisissez un document de l'espace documentaire du groupe."))
    if task.attachments.count() >= MAX_ATTACHMENTS:
        raise ProjectError(
            _("Une tâche compte au plus %(max)d documents joints.") % {"max": MAX_ATTACHMENTS}
        )
    attachment, created = TaskAttachment.objects.get_or_create(
        task=task, document=document, defaults={"added_by": user}
    )
    if created:
        _record(task, user, Kind.ATTACHMENT, after=document.title)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: TaskAttachment, user: User) -> None:
    """Unjoin a document (it stays in the group's drive)."""
    _check_work(user, attachment.task.project)
    attachment.delete()


@transaction.atomic
def link_add(*, task: Task, user: User, url: str) -> TaskLink:
    """Name a page of the intranet (its address, as copied from the browser)."""
    _check_work(user, task.project)
    url = (url or "").strip()
    target = None
    if url and len(url) <= 500:
        target, _graph = resolve_intranet_link(url)
    if target is None or isinstance(target, LibraryDocument):
        raise ProjectError(
            _("Collez l'adresse d'une page de l'intranet (les documents se joignent plus haut).")
        )
    link, _created = TaskLink.objects.get_or_create(task=task, page=target)
    return link


@transaction.atomic
def link_remove(*, link: TaskLink, user: User) -> None:
    _check_work(user, link.task.project)
    link.delete()


def _depends_on(task_id: int, other_id: int) -> bool:
    """Does task `task_id` already wait, directly or not, on `other_id`?"""
    seen, frontier = set(), {task_id}
    while frontier:
        if other_id in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                Task.blocked_by.through.objects.filter(from_task_id__in=frontier).values_list(
                    "to_task_id", flat=True
                )
            )
            - seen
        )
    return False


@transaction.atomic
def dependency_set(*, task: Task, user: User, other_id: int, add: bool) -> None:
    """`task` comes after `other` (or no longer). Tasks of the same project only; no circle."""
    _check_work(user, task.project)
    other = Task.objects.filter(pk=other_id, project_id=task.project_id).first()
    if other is None or other.pk == task.pk:
        raise ProjectError(_("Choisissez une autre tâche de ce projet."))
    # One dependency change per project at a time: two opposite links cannot both pass the
    # circle check.
    Project.objects.select_for_update().filter(pk=task.project_id).first()
    if add:
        if _depends_on(other.pk, task.pk):
            raise ProjectError(
                _("« %(other)s » attend déjà cette tâche : ce serait un cercle.")
                % {"other": other.title}
            )
        task.blocked_by.add(other)
    else:
        task.blocked_by.remove(other)
    _record(task, user, Kind.DEPENDENCY, after=other.title if add else "")
