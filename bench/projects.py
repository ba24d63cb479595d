"""Projects figures for `make bench` (issue 24).

`prepare`: eight projects of 2,000 tasks (500 on the board over four columns, the other 1,500
archived), each task with one or two assignees and a label, and the agent in 30 groups whose
projects hold 20,000 tasks (one in ten assigned to the agent). Measured like the other pages:
the first board, and « Mes tâches »; then cards dropped by drag and drop as browsers do it
(bench/moves.lua): eight clients, each on a board of its own, sending the board version they
last saw. Idempotent: found again by the projects' names.
"""

import json

from discussion import run_code

BOARD_TASKS = 2_000
BOARD_VISIBLE = 500
GROUPS = 30
BOARDS = 8
MINE_TASKS = 20_000

CODE = f"""
import json, random, django
django.setup()
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from cms.core.generations import bump
from social.groups.models import Group, GroupKind, Membership, Visibility
from social.groups.permissions import membership_generation
from social.projects import services
from social.projects.models import POSITION_GAP, Project, Task

User = get_user_model()
agent = User.objects.get(email="agent@val-de-parvis.fr")
rng = random.Random(24)
NAME = "Bench tableau"


def tasks_for(project, count, visible, people, mine_every=0):
    columns = list(project.columns.order_by("position"))
    labels = [services.label_save(project=project, user=project.owner, name=f"Étiquette {{i}}",
                                  colour="blue") for i in range(5)]
    today = timezone.localdate()
    now = timezone.now()
    rows = []
    for n in range(count):
        column = columns[n % len(columns)]
        rows.append(Task(
            project=project, column=column, position=(n + 1) * POSITION_GAP,
            title=f"Tâche {{n}} du banc d'essai", priority=rng.choice(("low", "normal", "high")),
            due_date=today + timedelta(days=rng.randint(-20, 40)) if n % 4 else None,
            checklist_total=n % 6, checklist_done=(n % 6) // 2, created_by=project.owner,
            archived_at=None if n < visible else now,
            completed_at=now if column.is_done else None,
        ))
    Task.objects.bulk_create(rows, batch_size=2000)
    created = list(Task.objects.filter(project=project).order_by("pk").values_list("pk", flat=True))
    assigned = Task.assignees.through
    links = []
    for index, pk in enumerate(created):
        chosen = {{rng.choice(people).pk for _ in range(rng.randint(1, 2))}}
        if mine_every and index % mine_every == 0:
            chosen.add(agent.pk)
        links += [assigned(task_id=pk, user_id=user_id) for user_id in chosen]
    assigned.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    labelled = Task.labels.through
    labelled.objects.bulk_create(
        [labelled(task_id=pk, label_id=labels[i % 5].pk) for i, pk in enumerate(created)],
        batch_size=5000)


if not Project.objects.filter(name=NAME).exists():
    owner = User.objects.filter(is_active=True, is_superuser=False).exclude(pk=agent.pk).first()
    people = list(User.objects.filter(is_active=True, is_superuser=False).order_by("pk")[:40])
    # Groups and memberships written in bulk: through the services, each would queue its
    # notifications and drive rights for the Celery worker, hundreds of tasks the library's
    # figures (measured later with that worker) would wait behind.
    Group.objects.bulk_create(
        [Group(name=f"Bench projets {{index}}", slug=f"bench-projets-{{index}}",
               kind=GroupKind.TRANSVERSE, visibility=Visibility.CLOSED, created_by=owner)
         for index in range({GROUPS})])
    groups = list(Group.objects.filter(slug__startswith="bench-projets-").order_by("pk"))
    members = [owner, agent, *[p for p in people[:20] if p.pk not in (owner.pk, agent.pk)]]
    Membership.objects.bulk_create(
        [Membership(group=group, user=person, state=Membership.State.ACTIVE,
                    role=Membership.Role.ADMIN if person == owner else Membership.Role.MEMBER)
         for group in groups for person in members])
    for person in members:
        bump(membership_generation(person.pk))
    for index in range({BOARDS}):
        board = services.project_create(
            group=groups[index], user=owner, name=NAME if index == 0 else f"{{NAME}} {{index}}"
        )
        tasks_for(board, {BOARD_TASKS}, {BOARD_VISIBLE}, people[:20])
    per_group = {MINE_TASKS} // {GROUPS}
    for index, group in enumerate(groups):
        project = services.project_create(group=group, user=owner, name=f"Projet {{index}}")
        tasks_for(project, per_group, per_group, people[:20], mine_every=10)
    for table in ("projects_task", "projects_task_assignees", "projects_task_labels"):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + table)
board = Project.objects.get(name=NAME)
moves = []
for project in Project.objects.filter(name__startswith=NAME).order_by("pk"):
    first_column = project.columns.order_by("position").first()
    card = (
        Task.objects.current().filter(project=project, column=first_column)
        .order_by("-position").first()
    )
    moves.append([
        f"/taches/{{card.pk}}/deplacer/",
        f"colonne={{first_column.pk}}&apres=&projet={{project.pk}}&tableau={{{{version}}}}",
        project.board_version,
    ])
print(json.dumps({{
    "board": board.get_absolute_url(),
    "moves": moves,
    "mine": "/mes-taches/",
    "board_tasks": Task.objects.filter(project=board).count(),
    "board_visible": Task.objects.current().filter(project=board).count(),
    "my_open_tasks": Task.objects.open().filter(assignees=agent).count(),
    "tasks": Task.objects.count(),
}}))
"""


def prepare(env: dict) -> dict:
    return run_code(CODE, env)


if __name__ == "__main__":
    print(json.dumps({"module": "projects"}))
