"""Who is told what about tasks: assigned, due tomorrow (once however often the beat runs),
mentioned, a followed task changed; each kind in the notification preferences; nothing for
whoever may not see the project."""

from datetime import timedelta

from django.utils import timezone

import pytest

from social.groups.models import Membership
from social.notifications.models import Notification, NotificationPreference
from social.projects import notifications, services

from .conftest import add_task, column

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def test_the_assigned_colleague_is_told_once(project, member, other_member, committed):
    with committed():
        task = add_task(project, member, "Plan des bureaux", assignees=[other_member])
    told = Notification.objects.filter(recipient=other_member, kind=Kind.TASK_ASSIGNED)
    assert told.count() == 1
    assert told.get().url == task.get_absolute_url()
    assert "Plan des bureaux" in told.get().message
    with committed():  # saved again, same people: nobody is told again
        services.task_update(
            task=task, user=member, version=1, title="Plan", assignees=[other_member]
        )
    assert told.count() == 1


def test_followers_are_told_of_changes_in_one_unread_notice(
    project, member, other_member, owner, committed
):
    with committed():
        task = add_task(project, member, "Plan", assignees=[other_member])
        services.task_move(task=task, user=owner, column=column(project, "En cours"))
        services.task_update(task=task, user=owner, version=1, title="Plan v2")
    changed = Notification.objects.filter(recipient=other_member, kind=Kind.TASK_CHANGED)
    assert changed.count() == 1  # gathered while unread
    assert changed.get().actor == owner
    # The creator follows it too; the one who acted is never told of their own change.
    assert Notification.objects.filter(recipient=member, kind=Kind.TASK_CHANGED).exists()
    assert not Notification.objects.filter(recipient=owner, kind=Kind.TASK_CHANGED).exists()


def test_a_colleague_mentioned_in_the_description_is_told_if_a_member(
    project, member, other_member, outsider, committed
):
    with committed():
        add_task(project, member, "Plan", description="Avec @lea.membre et @nina.dehors")
    assert Notification.objects.filter(recipient=other_member, kind=Kind.MENTION).exists()
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_due_tomorrow_is_told_once_per_task_and_date(project, member, other_member):
    today = timezone.localdate()
    due = add_task(
        project, member, "À rendre", assignees=[other_member], due_date=today + timedelta(days=1)
    )
    add_task(project, member, "Plus tard", assignees=[other_member], due_date=today + timedelta(3))
    done = add_task(
        project,
        member,
        "Déjà faite",
        assignees=[other_member],
        due_date=today + timedelta(days=1),
        column_name="Fait",
    )
    assert notifications.notifications_for_due_tasks(today=today) == 1
    assert notifications.notifications_for_due_tasks(today=today) == 0  # the beat again
    told = Notification.objects.get(recipient=other_member, kind=Kind.TASK_DUE)
    assert told.url == due.get_absolute_url()
    assert done.pk


def test_each_kind_can_be_turned_off(project, member, other_member, committed):
    NotificationPreference.objects.create(user=other_member, kind=Kind.TASK_ASSIGNED, in_app=False)
    with committed():
        add_task(project, member, "Plan", assignees=[other_member])
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_a_member_following_the_group_for_mentions_only_still_hears_of_their_tasks(
    project, member, other_member, committed
):
    Membership.objects.filter(group=project.group, user=other_member).update(
        notifications=Membership.Level.MENTIONS
    )
    with committed():
        task = add_task(project, member, "Plan", assignees=[other_member])
        services.task_update(task=task, user=member, version=1, title="Plan v2")
    kinds = set(Notification.objects.filter(recipient=other_member).values_list("kind", flat=True))
    assert kinds == {Kind.TASK_ASSIGNED}  # not the change: their setting for the group


def test_the_due_reminder_runs_from_the_beat_through_celery(project, member, other_member):
    from social.projects.tasks import notify_due_tasks

    add_task(
        project,
        member,
        "À rendre",
        assignees=[other_member],
        due_date=timezone.localdate() + timedelta(days=1),
    )
    assert notify_due_tasks.apply().get() == 1
