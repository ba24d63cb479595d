"""The rules of projects and tasks, whatever the view: columns, moves and their order,
completion, optimistic locking, who may assign and manage, archived projects read-only."""

from django.core.exceptions import PermissionDenied

import pytest

from social.groups.models import Group
from social.projects import services
from social.projects.models import POSITION_GAP, Project, Task, TaskChange

from .conftest import add_task, column, titles

pytestmark = pytest.mark.django_db


def test_a_new_project_has_the_four_usual_columns(project):
    names = list(project.columns.values_list("name", "is_done"))
    assert names == [
        ("À faire", False),
        ("En cours", False),
        ("En validation", False),
        ("Fait", True),
    ]


def test_tasks_go_to_the_bottom_of_their_column(project, member):
    for title in ("Un", "Deux", "Trois"):
        add_task(project, member, title)
    assert titles(column(project, "À faire")) == ["Un", "Deux", "Trois"]


def test_a_drop_places_the_card_after_the_one_it_follows(project, member):
    one, two, three = (add_task(project, member, t) for t in ("Un", "Deux", "Trois"))
    services.task_move(task=three, user=member, column=column(project, "À faire"), after_id=one.pk)
    assert titles(column(project, "À faire")) == ["Un", "Trois", "Deux"]
    services.task_move(task=two, user=member, column=column(project, "À faire"), after_id=None)
    assert titles(column(project, "À faire")) == ["Deux", "Un", "Trois"]


def test_a_drop_into_another_column_is_recorded_and_completes_in_a_done_column(project, member):
    task = add_task(project, member, "Réserver le camion")
    done = column(project, "Fait")
    services.task_move(task=task, user=member, column=done, after_id=None)
    task.refresh_from_db()
    assert task.column == done and task.completed_at is not None
    change = task.changes.first()
    assert (change.kind, change.before, change.after) == (TaskChange.Kind.MOVED, "À faire", "Fait")
    services.task_move(task=task, user=member, column=column(project, "En cours"))
    task.refresh_from_db()
    assert task.completed_at is None


def test_the_keyboard_moves_swap_with_the_visible_neighbour(project, member):
    one, two, three = (add_task(project, member, t) for t in ("Un", "Deux", "Trois"))
    archived = add_task(project, member, "Archivée")
    services.task_move(
        task=archived, user=member, column=column(project, "À faire"), after_id=one.pk
    )
    services.task_archive(task=archived, user=member)
    services.task_move_step(task=two, user=member, direction="up")
    assert titles(column(project, "À faire")) == ["Deux", "Un", "Trois"]
    services.task_move_step(task=two, user=member, direction="down")
    services.task_move_step(task=two, user=member, direction="down")
    assert titles(column(project, "À faire")) == ["Un", "Trois", "Deux"]
    services.task_move_step(task=two, user=member, direction="down")  # already last
    assert titles(column(project, "À faire")) == ["Un", "Trois", "Deux"]


def test_a_column_runs_out_of_room_and_is_renumbered_keeping_the_order(project, member):
    first, last = add_task(project, member, "Premier"), add_task(project, member, "Dernier")
    moved = []
    for index in range(20):  # always between the first and the one just placed: halves the gap
        task = add_task(project, member, f"Milieu {index}")
        services.task_move(
            task=task, user=member, column=column(project, "À faire"), after_id=first.pk
        )
        moved.append(f"Milieu {index}")
    expected = ["Premier", *reversed(moved), "Dernier"]
    assert titles(column(project, "À faire")) == expected
    positions = list(column(project, "À faire").tasks.values_list("position", flat=True))
    assert len(set(positions)) == len(positions)
    assert last.pk  # still there


def test_tick_from_anywhere_goes_to_the_done_column_and_back(project, member):
    task = add_task(project, member, "Étiqueter les armoires", column_name="En cours")
    services.task_complete(task=task, user=member, done=True)
    task.refresh_from_db()
    assert task.column.name == "Fait"
    services.task_complete(task=task, user=member, done=False)
    task.refresh_from_db()
    assert task.column.name == "À faire"


def test_a_save_from_an_old_version_is_refused_and_overwrites_nothing(
    project, member, other_member
):
    task = add_task(project, member, "Plan des bureaux")
    services.task_update(
        task=task, user=member, version=1, title="Plan des bureaux (v2)", description="Étage 2"
    )
    with pytest.raises(services.TaskConflict) as conflict:
        services.task_update(
            task=task, user=other_member, version=1, title="Plan des bureaux (Léa)"
        )
    assert conflict.value.current.title == "Plan des bureaux (v2)"
    task.refresh_from_db()
    assert (task.title, task.description, task.version) == ("Plan des bureaux (v2)", "Étage 2", 2)


def test_changes_are_kept_in_the_history(project, member, other_member):
    task = add_task(project, member, "Plan")
    services.task_update(
        task=task,
        user=member,
        version=1,
        title="Plan des bureaux",
        assignees=[other_member],
        due_date=None,
        priority=Task.Priority.HIGH,
    )
    kinds = set(task.changes.values_list("kind", flat=True))
    assert {"created", "title", "assignees", "priority"} <= kinds
    assigned = task.changes.get(kind="assignees")
    assert assigned.after == "Léa Collègue"


def test_only_group_members_may_be_assigned(project, member, outsider):
    with pytest.raises(services.ProjectError, match="membre du groupe"):
        add_task(project, member, "Plan", assignees=[outsider])
    assert not Task.objects.exists()


def test_non_members_change_nothing(project, member, outsider):
    task = add_task(project, member, "Plan")
    with pytest.raises(PermissionDenied):
        add_task(project, outsider, "Intrus")
    with pytest.raises(PermissionDenied):
        services.task_move(task=task, user=outsider, column=column(project, "Fait"))
    with pytest.raises(PermissionDenied):
        services.task_update(task=task, user=outsider, version=1, title="Piraté")
    with pytest.raises(PermissionDenied):
        services.checklist_add(task=task, user=outsider, text="Intrus")
    task.refresh_from_db()
    assert (task.title, task.column.name) == ("Plan", "À faire")


def test_columns_and_labels_are_for_managers(project, member, owner):
    with pytest.raises(PermissionDenied):
        services.column_create(project=project, user=member, name="Bloqué")
    with pytest.raises(PermissionDenied):
        services.label_save(project=project, user=member, name="Urgent", colour="red")
    project.managers.add(member)
    project = Project.objects.get(pk=project.pk)
    services.column_create(project=project, user=member, name="Bloqué")
    assert project.columns.count() == 5


def test_a_group_may_reserve_task_creation_to_managers(project, member, owner):
    Group.objects.filter(pk=project.group_id).update(members_can_create_tasks=False)
    project = Project.objects.select_related("group").get(pk=project.pk)
    with pytest.raises(PermissionDenied):
        add_task(project, member, "Plan")
    task = add_task(project, owner, "Plan")
    services.task_move(task=task, user=member, column=column(project, "En cours"))  # still moves


def test_columns_are_renamed_reordered_and_deleted_with_their_tasks_moved(project, owner, member):
    doing = column(project, "En cours")
    task = add_task(project, member, "Plan", column_name="En cours")
    services.column_update(column=doing, user=owner, name="Commencé")
    services.column_shift(column=doing, user=owner, offset=-1)
    assert list(project.columns.values_list("name", flat=True)) == [
        "Commencé",
        "À faire",
        "En validation",
        "Fait",
    ]
    with pytest.raises(services.ProjectError, match="choisissez où"):
        services.column_delete(column=doing, user=owner)
    services.column_delete(column=doing, user=owner, move_to=column(project, "Fait"))
    task.refresh_from_db()
    assert task.column.name == "Fait" and task.completed_at is not None
    assert list(project.columns.values_list("position", flat=True)) == [0, 1, 2]


def test_the_checklist_keeps_its_progress_on_the_task(project, member):
    task = add_task(project, member, "Cartons")
    items = [services.checklist_add(task=task, user=member, text=f"Pièce {i}") for i in range(5)]
    for item in items[:3]:
        services.checklist_toggle(item=item, user=member, done=True)
    services.checklist_toggle(item=items[0], user=member, done=True)  # a double click
    task.refresh_from_db()
    assert (task.checklist_done, task.checklist_total) == (3, 5)
    services.checklist_delete(item=items[4], user=member)
    task.refresh_from_db()
    assert (task.checklist_done, task.checklist_total) == (3, 4)
    # Each tick is a line of the history (the double click made none).
    ticks = task.changes.filter(kind=TaskChange.Kind.CHECKLIST).values_list("after", flat=True)
    assert sorted(ticks) == ["« Pièce 0 » coché", "« Pièce 1 » coché", "« Pièce 2 » coché"]


def test_dependencies_refuse_a_circle(project, member):
    a, b, c = (add_task(project, member, t) for t in ("A", "B", "C"))
    services.dependency_set(task=b, user=member, other_id=a.pk, add=True)
    services.dependency_set(task=c, user=member, other_id=b.pk, add=True)
    with pytest.raises(services.ProjectError, match="cercle"):
        services.dependency_set(task=a, user=member, other_id=c.pk, add=True)
    assert list(c.blocked_by.all()) == [b]


def test_an_archived_project_is_read_only_until_restored(project, owner, member):
    task = add_task(project, member, "Plan")
    services.project_archive(project=project, user=owner)
    for attempt in (
        lambda: add_task(project, member, "Encore"),
        lambda: services.task_move(task=task, user=member, column=column(project, "Fait")),
        lambda: services.task_update(task=task, user=member, version=1, title="Autre"),
        lambda: services.checklist_add(task=task, user=member, text="Élément"),
        lambda: services.column_create(project=project, user=owner, name="Nouvelle"),
    ):
        with pytest.raises(services.ProjectError, match="archivé"):
            attempt()
    with pytest.raises(PermissionDenied):
        services.project_restore(project=project, user=member)
    services.project_restore(project=project, user=owner)
    add_task(project, member, "Encore")


def test_positions_are_unique_per_column_in_the_database(project, member):
    from django.db import IntegrityError, transaction

    one, two = add_task(project, member, "Un"), add_task(project, member, "Deux")
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=two.pk).update(position=one.position)
    assert two.position - one.position == POSITION_GAP
