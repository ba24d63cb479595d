"""Who may do what with projects and tasks: one function per question, used by views, search,
« Mes tâches », notifications and templates alike.

A group's projects are its members' work: only its active members (and superusers) see them,
whatever the group's visibility — an open group's feed is for everyone, its task lists are
not; joining an open group is one click. Everywhere else a project or a task is a 404: its
board, list, calendar, task pages, fragments, attachments, search results and notifications.

- **members** read, create tasks (unless the group reserves creation to managers), move,
  edit, tick, comment;
- **managers** (the group's administrators, the project's owner and the members chosen as
  co-managers) also edit the project, its columns and labels, archive and delete;
- an **archived** project is read-only for everyone, superusers included, until a manager
  restores it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from social.groups.models import Group, Membership
from social.groups.permissions import can_admin_group, is_member, member_group_ids

from .models import Project, Task

if TYPE_CHECKING:
    from social.people.models import User


def _active(user: User) -> bool:
    return user.is_authenticated and user.is_active


def _superuser(user: User) -> bool:
    return _active(user) and user.is_superuser


def readable_project_groups(user: User) -> list[int] | None:
    """The groups whose projects `user` may see; None for all (superusers)."""
    if _superuser(user):
        return None
    if not _active(user):
        return []
    return member_group_ids(user)


def visible_project_filter(user: User, prefix: str = "") -> Q:
    """A filter on Project (or, with `prefix="project__"`, on Task) keeping what `user` may
    see."""
    groups = readable_project_groups(user)
    if groups is None:
        return Q()
    return Q(**{f"{prefix}group_id__in": groups})


def visible_task_filter(user: User) -> Q:
    return visible_project_filter(user, "project__")


def can_view_group_projects(user: User, group: Group) -> bool:
    return _superuser(user) or is_member(user, group)


def can_view_project(user: User, project: Project) -> bool:
    return can_view_group_projects(user, project.group)


def can_view_task(user: User, task: Task) -> bool:
    return can_view_project(user, task.project)


def can_create_project(user: User, group: Group) -> bool:
    """Members start projects in their group (and manage them); superusers anywhere."""
    return _superuser(user) or is_member(user, group)


def _manager_ids(project: Project) -> set[int]:
    if "_manager_ids" not in project.__dict__:  # asked for every card of a board
        project._manager_ids = set(project.managers.values_list("pk", flat=True))
    return project._manager_ids


def can_manage_project(user: User, project: Project) -> bool:
    """Edit the project, its columns and labels, archive it, delete tasks."""
    if _superuser(user):
        return True
    if not is_member(user, project.group):
        return False
    return (
        can_admin_group(user, project.group)
        or project.owner_id == user.pk
        or user.pk in _manager_ids(project)
    )


def can_work_in_project(user: User, project: Project) -> bool:
    """Move, edit and tick tasks, comment (an archived project is read-only)."""
    if project.is_archived:
        return False
    return _superuser(user) or is_member(user, project.group)


def can_create_task(user: User, project: Project) -> bool:
    if not can_work_in_project(user, project):
        return False
    return project.group.members_can_create_tasks or can_manage_project(user, project)


def can_delete_task(user: User, task: Task) -> bool:
    if not can_work_in_project(user, task.project):
        return False
    return task.created_by_id == user.pk or can_manage_project(user, task.project)


def project_abilities(user: User, project: Project) -> dict[str, bool]:
    """Which buttons the project's pages show `user` (views check the same functions)."""
    manage = can_manage_project(user, project)
    work = can_work_in_project(user, project)
    return {
        "manage": manage and not project.is_archived,
        "restore": manage and project.is_archived,
        "work": work,
        "create": can_create_task(user, project),
    }


def project_readers(project: Project | None):
    """The people who may see `project` (mention suggestions, notifications)."""
    users = get_user_model().objects.filter(is_active=True)
    if project is None:
        return users.none()
    members = Membership.objects.filter(
        group_id=project.group_id, state=Membership.State.ACTIVE
    ).values("user_id")
    return users.filter(Q(pk__in=members) | Q(is_superuser=True))


def assignable_people_of_group(group: Group):
    """Whom a task may be assigned to (or a project managed by): the group's active members."""
    members = Membership.objects.filter(group=group, state=Membership.State.ACTIVE).values(
        "user_id"
    )
    return get_user_model().objects.filter(is_active=True, pk__in=members)


def assignable_people(project: Project):
    return assignable_people_of_group(project.group)


def task_writers_readers(user: User, project_id: int):
    """The readers of a task `user` is writing in project `project_id` (whom they may mention);
    Http404 if they may not work there."""
    project = Project.objects.select_related("group").filter(pk=project_id).first()
    if project is None or not can_work_in_project(user, project):
        raise Http404
    return project_readers(project)
