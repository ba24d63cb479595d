"""Who is told what about tasks, from Celery tasks made after the change commits. Every
notification names the project's group, so it follows the group's rules (a member's setting
for the group; nothing for someone who left it) and is made once however often the task runs
(event keys and batch keys)."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from social import markup
from social.comments.services import mentioned_users
from social.notifications.models import Notification
from social.notifications.services import notify

from .models import Task, TaskChange
from .permissions import can_view_task

Kind = Notification.Kind


def _task(task_id: int) -> Task | None:
    return Task.objects.select_related("project__group").filter(pk=task_id).first()


def notifications_for_task_change(*, change_id: int, assigned_ids: list[int], created: bool) -> int:
    """A task was created or changed (`change_id`, a line of its history): the newly assigned
    are told they have it, the people mentioned in its description of the mention, and, for a
    change, its followers that it changed (one unread notice per task, gathering the changes)."""
    change = (
        TaskChange.objects.select_related("task__project__group", "actor")
        .filter(pk=change_id)
        .first()
    )
    if change is None:
        return 0
    task, actor, made = change.task, change.actor, 0
    group, title, url = task.project.group, task.title, task.get_absolute_url()
    people = get_user_model().objects.filter(is_active=True)
    told = {actor.pk} if actor else set()
    for person in people.filter(pk__in=assigned_ids):
        told.add(person.pk)
        if can_view_task(person, task):
            made += bool(
                notify(
                    recipient=person,
                    kind=Kind.TASK_ASSIGNED,
                    actor=actor,
                    title=title,
                    url=url,
                    excerpt=task.project.name,
                    event_key=f"task-assigned:{change.pk}",
                    group=group,
                )
            )
    for person in mentioned_users(task.description).values():
        if person.pk in told or not can_view_task(person, task):
            continue
        told.add(person.pk)
        made += bool(
            notify(
                recipient=person,
                kind=Kind.MENTION,
                actor=actor,
                title=task.discussion_title,
                url=url,
                excerpt=markup.to_text(task.description),
                event_key=f"mention:task:{task.pk}",
                group=group,
            )
        )
    if created:
        return made
    for person in people.filter(followed_tasks=task).exclude(pk__in=told):
        if can_view_task(person, task):
            made += bool(
                notify(
                    recipient=person,
                    kind=Kind.TASK_CHANGED,
                    actor=actor,
                    title=title,
                    url=url,
                    excerpt=f"{change.get_kind_display()} {change.after}".strip(),
                    batch_key=f"task:{task.pk}",
                    group=group,
                )
            )
    return made


def notifications_for_due_tasks(*, today: date | None = None) -> int:
    """Each assignee of an open task due tomorrow is told, once per task and due date (the beat
    runs this every hour: a missed run is caught up, a repeated one tells nobody twice)."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    due = (
        Task.objects.open()
        .filter(due_date=tomorrow)
        .exclude(project__status="archived")
        .select_related("project__group")
        .prefetch_related("assignees")
    )
    made = 0
    for task in due.iterator(chunk_size=200):
        for person in task.assignees.all():
            if person.is_active and can_view_task(person, task):
                made += bool(
                    notify(
                        recipient=person,
                        kind=Kind.TASK_DUE,
                        actor=None,
                        title=task.title,
                        url=task.get_absolute_url(),
                        excerpt=task.project.name,
                        event_key=f"task-due:{task.pk}:{tomorrow.isoformat()}",
                        group=task.project.group,
                    )
                )
    return made
