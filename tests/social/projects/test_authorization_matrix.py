"""Who may reach what in projects: anonymous, non-member, requester (or invited), member, group
administrator, site editor (communication officer) and superuser, for a group of each
visibility. A group's projects are its members' work whatever the group's visibility: every
refused cell is asserted — status, and the task's words absent from what comes back (pages,
fragments, the comments and their suggestions, files, search, « Mes tâches »,
notifications)."""

import pytest

from social.comments.services import comment_post
from social.groups.models import Membership, Visibility
from social.groups.services import group_invite
from social.notifications.models import Notification
from social.people.models import User
from social.projects import services
from social.projects.models import Task
from tests.social.groups.conftest import make_group, pdf

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "requester", "member", "admin", "editor", "superuser"]
READERS = {"member", "admin", "superuser"}  # every visibility
MANAGERS = {"admin", "superuser"}
# Who may know the group exists (and so is told « members only » rather than « not found »).
KNOWERS = {
    Visibility.OPEN: {"outsider", "requester", "member", "admin", "editor", "superuser"},
    Visibility.CLOSED: {"outsider", "requester", "member", "admin", "editor", "superuser"},
    Visibility.SECRET: {"requester", "member", "admin", "superuser"},
}


@pytest.fixture
def world(home, committed, owner, member, outsider, requester, communication_officer, superuser):
    people = {
        "outsider": outsider,
        "requester": requester,
        "member": member,
        "admin": owner,
        "editor": communication_officer,
        "superuser": superuser,
    }
    data = {}
    with committed():
        for visibility, name in (
            (Visibility.OPEN, "Pause café"),
            (Visibility.CLOSED, "Référents numériques"),
            (Visibility.SECRET, "Cellule de crise"),
        ):
            group = make_group(owner, visibility, name, members=[member])
            if visibility == Visibility.CLOSED:
                Membership.objects.create(
                    group=group, user=requester, state=Membership.State.REQUESTED
                )
            if visibility == Visibility.SECRET:
                group_invite(group=group, admin=owner, user=requester)
            word = f"Zorglub{visibility}"
            project = services.project_create(group=group, user=owner, name=f"Projet {word}")
            task = services.task_create(
                project=project,
                user=member,
                title=f"Tâche {word}",
                description=f"Préparer {word} avec @claire.admin et @nina.dehors",
                assignees=[member],
                rate_limited=False,
            )
            other = services.task_create(
                project=project, user=owner, title=f"Autre {word}", rate_limited=False
            )
            item = services.checklist_add(task=task, user=member, text=f"Élément {word}")
            attachment = services.attachment_upload(
                task=task, user=member, uploaded=pdf(f"plan-{visibility}.pdf")
            )
            comment_post(author=owner, target=task, body=f"Avis {word}", rate_limited=False)
            data[visibility] = {
                "group": group,
                "project": project,
                "task": task,
                "other": other,
                "item": item,
                "document": attachment.document,
                "word": word,
            }
    return people, data


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, login, client, visibility, role):
    people, data = world
    item = data[visibility]
    group, project, task, word = item["group"], item["project"], item["task"], item["word"]
    http = client if role == "anonymous" else login(people[role])
    reads = role in READERS
    manages = role in MANAGERS
    knows = role in KNOWERS[visibility]
    failures = []

    def check(label, response, *, allowed, refused=404, text=None):
        if role == "anonymous":
            if not (response.status_code == 302 and "/connexion/" in response["Location"]):
                failures.append(f"{label}: anonymous got {response.status_code}")
            return
        body = response.content.decode(errors="replace") if not response.streaming else ""
        if allowed:
            if response.status_code not in (200, 302):
                failures.append(f"{label}: allowed but got {response.status_code}")
            elif text and text not in body:
                failures.append(f"{label}: allowed but {text!r} missing")
        else:
            if response.status_code != refused:
                failures.append(f"{label}: refused should be {refused}, got {response.status_code}")
            if word in body:
                failures.append(f"{label}: refused but the task's words are shown")

    base = f"/groupes/{group.slug}/projets/"
    check("projects", http.get(base), allowed=reads, refused=403 if knows else 404, text=word)
    check("new project", http.get(f"{base}nouveau/"), allowed=reads)
    board = project.get_absolute_url()
    check("board", http.get(board), allowed=reads, text=f"Tâche {word}")
    check("board fragment", http.get(board, HTTP_HX_REQUEST="true"), allowed=reads, text=word)
    check("list", http.get(f"{board}liste/"), allowed=reads, text=f"Tâche {word}")
    check(
        "list fragment",
        http.get(f"{board}liste/", {"tri": "titre"}, HTTP_HX_REQUEST="true"),
        allowed=reads,
        text=word,
    )
    check("archived list", http.get(f"{board}liste/", {"archivees": "1"}), allowed=reads)
    check("calendar", http.get(f"{board}calendrier/"), allowed=reads)
    check("calendar month", http.get(f"{board}calendrier/2026/12/"), allowed=reads)
    check("task", http.get(task.get_absolute_url()), allowed=reads, text=f"Élément {word}")
    check("task form", http.get(f"/taches/{task.pk}/modifier/"), allowed=reads, text=word)
    check("new task form", http.get(f"{board}taches/nouvelle/"), allowed=reads)
    check("move menu", http.get(f"/taches/{task.pk}/deplacer/"), allowed=reads, text=word)
    check(
        "move menu fragment",
        http.get(f"/taches/{task.pk}/deplacer/", HTTP_HX_REQUEST="true"),
        allowed=reads,
        text=word,
    )
    check(
        "settings",
        http.get(f"{board}parametres/"),
        allowed=manages,
        refused=403 if reads else 404,
    )
    check("columns", http.get(f"{board}colonnes/"), allowed=manages, refused=403 if reads else 404)
    # The discussion under the task, and whom one may mention there.
    check(
        "comments fragment",
        http.get(f"/commentaires/tache/{task.pk}/", {"commentaires": "1"}, HTTP_HX_REQUEST="true"),
        allowed=reads,
        text=f"Avis {word}",
    )
    check(
        "mention suggestions",
        http.get("/commentaires/mentions/", {"cible": f"tache-{task.pk}", "q": "Paul"}),
        allowed=reads,
    )
    check(
        "description suggestions",
        http.get("/commentaires/mentions/", {"cible": f"projet-{project.pk}", "q": "Paul"}),
        allowed=reads,
    )
    check("who reacted", http.get(f"/reactions/tache/{task.pk}/qui/"), allowed=reads)
    # The file joined to the task lives in the group's drive, with the drive's rights: an open
    # group's drive is everyone's (its feed's files are), so only closed and secret ones refuse.
    document = item["document"]
    drive_readers = READERS | (
        {"outsider", "requester", "editor"} if visibility == "open" else set()
    )
    check(
        "attachment download",
        http.get(f"/bibliotheque/documents/{document.pk}/telecharger/"),
        allowed=role in drive_readers,
    )
    # Search: found by members only, whatever the group's visibility.
    if role != "anonymous":
        found = (
            task.get_absolute_url()
            in http.get("/recherche/", {"q": f"Tâche {word}"}).content.decode()
        )
        if found != reads:
            failures.append(f"search finds the task: {found}")
    # Writing: every change is refused to those who may not see the project, fragments
    # included, and changes nothing.
    task_url = f"/taches/{task.pk}/"
    writes = [
        ("move", f"{task_url}deplacer/", {"sens": "bas"}, {"HTTP_HX_REQUEST": "true"}),
        ("move to", f"{task_url}deplacer/", {"vers": task.column_id}, {}),
        ("tick", f"{task_url}terminer/", {"fait": "0"}, {}),
        (
            "checklist",
            f"{task_url}liste/",
            {"action": "add", "texte": "Ajout"},
            {"HTTP_HX_REQUEST": "true"},
        ),
        (
            "checklist toggle",
            f"{task_url}liste/",
            {"element": item["item"].pk, "fait": "1"},
            {"HTTP_HX_REQUEST": "true"},
        ),
        ("follow", f"{task_url}suivre/", {"suivre": "1"}, {}),
        ("link", f"{task_url}liens/", {"adresse": "/"}, {}),
        ("dependency", f"{task_url}dependances/", {"tache": item["other"].pk}, {}),
        ("attach", f"{task_url}documents/", {"document": document.pk}, {}),
        ("create", f"{board}taches/nouvelle/", {"title": "Nouvelle", "column": task.column_id}, {}),
        ("comment", f"/commentaires/tache/{task.pk}/publier/", {"body": "Bonjour"}, {}),
        ("react", f"/reactions/tache/{task.pk}/", {"reaction": "like:on"}, {}),
    ]
    for label, url, payload, headers in writes:
        check(label, http.post(url, payload, **headers), allowed=reads)
    # Destructive actions: only their refusal is tried here (the services' tests allow them).
    if not reads:
        for label, url, payload in (
            ("archive task", f"{task_url}archiver/", {}),
            ("delete task", f"{task_url}supprimer/", {}),
            ("archive project", f"{board}archiver/", {}),
            ("delete project", f"{board}supprimer/", {"confirmation": project.name}),
            ("edit", f"/taches/{task.pk}/modifier/", {"title": "Piratée", "version": 1}),
            ("columns", f"{board}colonnes/", {"action": "column_add", "name": "Piratée"}),
        ):
            check(label, http.post(url, payload), allowed=False)
        task.refresh_from_db()
        assert task.title == f"Tâche {word}" and task.archived_at is None
        assert project.columns.count() == 4
    elif not manages:
        for label, url, payload in (
            ("archive project", f"{board}archiver/", {}),
            ("delete project", f"{board}supprimer/", {"confirmation": project.name}),
            ("columns", f"{board}colonnes/", {"action": "column_add", "name": "Piratée"}),
        ):
            response = http.post(url, payload)
            if response.status_code != 403:
                failures.append(f"{label}: a plain member got {response.status_code}")
        assert project.columns.count() == 4
    # « Mes tâches » and notifications: nobody outside the group is told anything about it (the
    # description mentioned the outsider).
    if role != "anonymous":
        user = User.objects.get(pk=people[role].pk)
        if word in http.get("/mes-taches/").content.decode() and role != "member":
            failures.append("« Mes tâches » shows someone else's task")
        told = Notification.objects.filter(recipient=user, group=group).exclude(
            kind=Notification.Kind.GROUP_MEMBERSHIP  # the invitation into the secret group
        )
        if not reads and told.exists():
            failures.append("notified about a task they cannot see")
    assert not failures, f"{role} × {visibility}:\n" + "\n".join(failures)


def test_the_mentioned_and_assigned_members_are_told_and_the_outsider_is_not(world):
    people, data = world
    for item in data.values():
        group = item["group"]
        assert Notification.objects.filter(
            recipient=people["admin"], group=group, kind=Notification.Kind.MENTION
        ).exists()
        assert not Notification.objects.filter(recipient=people["outsider"], group=group).exists()


def test_leaving_the_group_takes_its_tasks_out_of_everything(world, login):
    from social.groups.services import group_leave

    people, data = world
    item = data[Visibility.OPEN]
    member, task = people["member"], item["task"]
    http = login(member)
    assert item["word"] in http.get("/mes-taches/").content.decode()
    group_leave(group=item["group"], user=member)
    member = User.objects.get(pk=member.pk)
    http = login(member)
    assert item["word"] not in http.get("/mes-taches/").content.decode()
    assert item["word"] not in http.get("/").content.decode()
    assert http.get(task.get_absolute_url()).status_code == 404
    assert Task.objects.filter(pk=task.pk, assignees=member).exists()  # kept, just not shown
