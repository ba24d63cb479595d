"""Two people working on one board at the same moment: no move is lost, no two cards share a
place, and of two saves made from the same version the second is told, not applied."""

import pytest

from social.projects import services
from social.projects.models import Column, Task
from tests.social.conftest import at_once

from .conftest import add_task, column, titles

pytestmark = pytest.mark.django_db(transaction=True)


def _move(task_id: int, user, column_id: int, after_id):
    def call():
        return services.task_move(
            task=Task.objects.select_related("project__group").get(pk=task_id),
            user=user,
            column=Column.objects.get(pk=column_id),
            after_id=after_id,
        )

    return call


def test_cards_dropped_at_the_same_place_at_once_all_land_in_distinct_places(
    project, member, other_member
):
    todo, doing = column(project, "À faire"), column(project, "En cours")
    anchor = add_task(project, member, "Repère", column_name="En cours")
    last = add_task(project, member, "Fin", column_name="En cours")
    moving = [add_task(project, member, f"Carte {i}") for i in range(8)]
    people = [member, other_member]
    at_once(
        *(
            _move(task.pk, people[index % 2], doing.pk, anchor.pk)
            for index, task in enumerate(moving)
        )
    )
    order = titles(doing)
    assert order[0] == "Repère" and order[-1] == "Fin"
    assert sorted(order[1:-1]) == sorted(f"Carte {i}" for i in range(8))
    assert titles(todo) == []
    positions = list(Task.objects.filter(column=doing).values_list("position", flat=True))
    assert len(positions) == len(set(positions)) == 10
    assert last.pk


def test_moves_across_columns_in_both_directions_at_once_neither_lost_nor_deadlocked(
    project, member, other_member
):
    todo, doing = column(project, "À faire"), column(project, "En cours")
    left = [add_task(project, member, f"Gauche {i}") for i in range(5)]
    right = [add_task(project, member, f"Droite {i}", column_name="En cours") for i in range(5)]
    calls = [_move(task.pk, member, doing.pk, None) for task in left]
    calls += [_move(task.pk, other_member, todo.pk, None) for task in right]
    at_once(*calls)
    assert sorted(titles(doing)) == sorted(f"Gauche {i}" for i in range(5))
    assert sorted(titles(todo)) == sorted(f"Droite {i}" for i in range(5))


def test_a_card_dropped_twice_at_once_ends_in_one_place(project, member, other_member):
    task = add_task(project, member, "Disputée")
    doing, checking = column(project, "En cours"), column(project, "En validation")
    at_once(_move(task.pk, member, doing.pk, None), _move(task.pk, other_member, checking.pk, None))
    task.refresh_from_db()
    assert Task.objects.filter(pk=task.pk).count() == 1
    assert task.column_id in (doing.pk, checking.pk)
    assert task.changes.filter(kind="moved").count() == 2  # both moves recorded, in order


def test_two_saves_from_the_same_version_one_wins_the_other_is_told(project, member, other_member):
    task = add_task(project, member, "Plan des bureaux")

    def save(user, title):
        def call():
            try:
                services.task_update(
                    task=Task.objects.select_related("project__group").get(pk=task.pk),
                    user=user,
                    version=1,
                    title=title,
                )
            except services.TaskConflict as conflict:
                return ("conflict", conflict.current.title)
            return ("saved", title)

        return call

    results = at_once(save(member, "Version de Paul"), save(other_member, "Version de Léa"))
    outcomes = sorted(kind for kind, _title in results)
    assert outcomes == ["conflict", "saved"]
    saved = next(title for kind, title in results if kind == "saved")
    told = next(title for kind, title in results if kind == "conflict")
    assert told == saved  # the one refused sees what the other saved
    task.refresh_from_db()
    assert (task.title, task.version) == (saved, 2)
