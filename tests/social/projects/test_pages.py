"""The projects' pages as people use them: the board and its fragment, moves from the menu
without JavaScript, the quick add, the list's filters and sorts, the calendar, « Mes tâches »
and the homepage block, the conflict page that shows both versions, uploads through the
library's checks, and the query counts at two sizes."""

import json
import re
from datetime import timedelta

from django.utils import timezone

import pytest

from social.projects import services
from social.projects.models import Task
from social.projects.selectors import SECTION_ROWS
from tests.social.groups.conftest import pdf

from .conftest import add_task, column, titles

pytestmark = pytest.mark.django_db


def test_the_board_shows_each_column_with_its_cards(project, member, login):
    add_task(
        project, member, "Commander les cartons", assignees=[member], due_date=timezone.localdate()
    )
    archived = add_task(project, member, "Ancienne")
    services.task_archive(task=archived, user=member)
    body = login(member).get(project.get_absolute_url()).content.decode()
    for name in ("À faire", "En cours", "En validation", "Fait", "Commander les cartons"):
        assert name in body
    assert "Ancienne" not in body
    assert "1 tâche archivée" in body


def test_the_board_fragment_is_the_board_alone(project, member, login):
    add_task(project, member, "Commander les cartons")
    response = login(member).get(project.get_absolute_url(), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="board"')
    assert "<html" not in body


def test_the_menu_moves_a_card_without_javascript(project, member, login):
    one, two = add_task(project, member, "Un"), add_task(project, member, "Deux")
    http = login(member)
    response = http.post(f"/taches/{two.pk}/deplacer/", {"sens": "haut"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#tache-{two.pk}")
    assert titles(column(project, "À faire")) == ["Deux", "Un"]
    http.post(f"/taches/{one.pk}/deplacer/", {"vers": column(project, "Fait").pk})
    one.refresh_from_db()
    assert one.column.name == "Fait" and one.completed_at


def test_a_drop_answers_with_the_board_as_it_is_now(project, member, other_member, login):
    one, two = add_task(project, member, "Un"), add_task(project, member, "Deux")
    # Someone else moved a card meanwhile: the answer shows it too.
    services.task_move(task=one, user=other_member, column=column(project, "En cours"))
    response = login(member).post(
        f"/taches/{two.pk}/deplacer/",
        {"colonne": column(project, "Fait").pk, "apres": ""},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="board"')
    doing = body.index(f'id="colonne-{column(project, "En cours").pk}"')
    done = body.index(f'id="colonne-{column(project, "Fait").pk}"')
    assert doing < body.index("Un") < done < body.index("Deux")


def test_a_drop_after_a_card_that_moved_meanwhile_says_so(project, member, login):
    one, two = add_task(project, member, "Un"), add_task(project, member, "Deux")
    services.task_move(task=one, user=member, column=column(project, "Fait"))
    response = login(member).post(
        f"/taches/{two.pk}/deplacer/",
        {"colonne": column(project, "En cours").pk, "apres": one.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "a bougé entre-temps" in response.content.decode()
    two.refresh_from_db()
    assert two.column.name == "À faire"


def test_the_quick_add_puts_a_task_at_the_bottom_of_the_column(project, member, login):
    add_task(project, member, "Premier", column_name="En cours")
    response = login(member).post(
        f"/projets/{project.pk}/taches/nouvelle/",
        {"title": "Ajoutée vite", "column": column(project, "En cours").pk, "next": "/projets/"},
    )
    assert response.status_code == 302
    assert titles(column(project, "En cours")) == ["Premier", "Ajoutée vite"]


def test_an_empty_title_is_refused_with_a_message_and_nothing_created(project, member, login):
    response = login(member).post(
        f"/projets/{project.pk}/taches/nouvelle/",
        {"title": "   ", "column": column(project, "À faire").pk, "description": "Mon texte"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mon texte" in body  # kept
    assert not Task.objects.exists()


def test_the_second_editor_sees_both_versions_and_nothing_is_lost(
    project, member, other_member, login
):
    task = add_task(project, member, "Plan des bureaux")
    form_version = 1
    services.task_update(
        task=task, user=member, version=1, title="Plan validé", description="Par Paul"
    )
    response = login(other_member).post(
        f"/taches/{task.pk}/modifier/",
        {
            "title": "Plan de Léa",
            "description": "Mon ajout",
            "version": form_version,
            "priority": "normal",
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "a changé pendant que vous la modifiiez" in body
    assert "Plan validé" in body and "Par Paul" in body  # theirs
    assert "Plan de Léa" in body and "Mon ajout" in body  # mine, still in the form
    assert 'name="version" value="2"' in body
    task.refresh_from_db()
    assert task.title == "Plan validé"


def test_the_list_filters_and_sorts_by_named_fields_only(project, member, other_member, login):
    today = timezone.localdate()
    add_task(project, member, "Tard", due_date=today + timedelta(days=9), assignees=[member])
    add_task(project, member, "Tôt", due_date=today + timedelta(days=1), assignees=[other_member])
    add_task(project, member, "Urgente", priority="urgent")
    http = login(member)
    body = http.get(f"/projets/{project.pk}/liste/", {"tri": "echeance"}).content.decode()
    assert body.index("Tôt") < body.index("Tard")
    body = http.get(f"/projets/{project.pk}/liste/", {"tri": "priorite"}).content.decode()
    assert body.index("Urgente") < body.index("Tôt")
    body = http.get(f"/projets/{project.pk}/liste/", {"personne": other_member.pk}).content.decode()
    assert "Tôt" in body and "Tard" not in body
    body = http.get(
        f"/projets/{project.pk}/liste/", {"tri": "password", "colonne": "1 OR 1=1"}
    ).content.decode()
    assert "Tard" in body  # unknown values are ignored, never passed on


def test_the_calendar_shows_due_dates_of_its_month(project, member, login):
    today = timezone.localdate()
    add_task(project, member, "Échéance du mois", due_date=today)
    body = login(member).get(f"/projets/{project.pk}/calendrier/").content.decode()
    assert "Échéance du mois" in body
    other = today.replace(day=1) + timedelta(days=70)
    body = (
        login(member)
        .get(f"/projets/{project.pk}/calendrier/{other.year}/{other.month}/")
        .content.decode()
    )
    assert "Échéance du mois" not in body


def test_my_tasks_sorts_them_by_due_date_and_ticks_them(project, member, other_member, login):
    today = timezone.localdate()
    late = add_task(project, member, "En retard", assignees=[member], due_date=today - timedelta(2))
    add_task(project, member, "Du jour", assignees=[member], due_date=today)
    add_task(project, member, "Sans date", assignees=[member])
    add_task(project, member, "Pas à moi", assignees=[other_member], due_date=today)
    add_task(project, member, "Finie", assignees=[member], column_name="Fait")
    http = login(member)
    body = http.get("/mes-taches/").content.decode()
    assert body.index("En retard") < body.index("Du jour") < body.index("Sans date")
    assert "Pas à moi" not in body and "Finie" not in body
    assert "parvis-csrf-placeholder" not in body and 'name="csrfmiddlewaretoken"' in body
    response = http.post(
        f"/taches/{late.pk}/terminer/",
        {"fait": "1", "depuis": "mes-taches"},
        HTTP_HX_REQUEST="true",
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="my-tasks"') and "En retard" not in fragment
    late.refresh_from_db()
    assert late.column.is_done


def test_the_homepage_shows_my_overdue_and_todays_tasks(project, member, login):
    today = timezone.localdate()
    add_task(
        project, member, "Rapport en retard", assignees=[member], due_date=today - timedelta(1)
    )
    add_task(project, member, "Appel du jour", assignees=[member], due_date=today)
    add_task(
        project, member, "La semaine prochaine", assignees=[member], due_date=today + timedelta(8)
    )
    body = login(member).get("/").content.decode()
    assert "Mes tâches du jour" in body
    assert "Rapport en retard" in body and "Appel du jour" in body
    assert "La semaine prochaine" not in body


def test_a_file_joined_to_a_task_lands_in_the_group_drive(project, member, login):
    task = add_task(project, member, "Plan")
    response = login(member).post(f"/taches/{task.pk}/documents/", {"fichier": pdf("plan.pdf")})
    assert response.status_code == 302
    attachment = task.attachments.get()
    assert attachment.document.collection_id == project.group.folder_id
    body = login(member).get(task.get_absolute_url()).content.decode()
    assert attachment.document.title in body


def _board_queries(project, member, login, django_assert_max_num_queries, count):
    people = [member]
    for index in range(count):
        add_task(project, member, f"Carte {index}", assignees=people, due_date=timezone.localdate())
    http = login(member)
    http.get(project.get_absolute_url())  # caches warm (the reader's memberships)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = http.get(project.get_absolute_url())
    assert response.status_code == 200
    return len(queries)


def test_the_board_reads_as_many_queries_for_500_cards_as_for_10(
    project, member, login, django_assert_max_num_queries
):
    small = _board_queries(project, member, login, django_assert_max_num_queries, 10)
    Task.objects.all().delete()
    large = _board_queries(project, member, login, django_assert_max_num_queries, 500)
    assert large == small


def test_a_drop_on_the_latest_board_is_answered_with_its_new_version_only(project, member, login):
    one, two = add_task(project, member, "Un"), add_task(project, member, "Deux")
    version = type(project).objects.get(pk=project.pk).board_version
    response = login(member).post(
        f"/taches/{two.pk}/deplacer/",
        {"colonne": column(project, "Fait").pk, "apres": "", "tableau": version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204 and response.content == b""
    assert json.loads(response["HX-Trigger"]) == {
        "boardVersion": {"version": version + 1, "project": project.pk}
    }
    assert titles(column(project, "Fait")) == ["Deux"]
    # Someone else changed the board since the version shown: the whole board comes back.
    add_task(project, member, "Trois")
    response = login(member).post(
        f"/taches/{one.pk}/deplacer/",
        {"colonne": column(project, "Fait").pk, "apres": two.pk, "tableau": version + 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Trois" in response.content.decode()


def test_the_cached_board_shows_every_change_and_each_reader_their_own_token(
    project, member, other_member, login
):
    from django.test import Client

    add_task(project, member, "Un")
    paul, lea = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    paul.force_login(member)
    lea.force_login(other_member)
    assert "Un" in paul.get(project.get_absolute_url()).content.decode()  # cached now
    add_task(project, other_member, "Ajoutée par Léa")
    page = lea.get(project.get_absolute_url()).content.decode()
    assert "Ajoutée par Léa" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert "parvis-csrf-placeholder" not in page
    response = lea.post(
        f"/projets/{project.pk}/taches/nouvelle/",
        {
            "title": "Par le formulaire",
            "column": column(project, "À faire").pk,
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert "Par le formulaire" in paul.get(project.get_absolute_url()).content.decode()


def test_my_tasks_shows_a_few_per_part_and_the_rest_one_click_away(project, member, login):
    late = timezone.localdate() - timedelta(days=3)
    for index in range(55):
        add_task(project, member, f"Relance {index:02d}", assignees=[member], due_date=late)
    http = login(member)
    body = http.get("/mes-taches/").content.decode()
    assert body.count('class="my-task"') == SECTION_ROWS
    assert "Voir les 55 tâches" in body
    body = http.get("/mes-taches/", {"section": "retard"}).content.decode()
    assert body.count('class="my-task"') == 55


def _my_tasks_queries(project, member, login, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    for index in range(count):
        add_task(
            project,
            member,
            f"Tâche {index}",
            assignees=[member],
            due_date=today + timedelta(days=index % 12 - 4),
        )
    http = login(member)
    http.get("/mes-taches/")
    with CaptureQueriesContext(connection) as queries:
        assert http.get("/mes-taches/").status_code == 200
    return len(queries)


def test_my_tasks_reads_as_many_queries_for_300_tasks_as_for_12(project, member, login):
    small = _my_tasks_queries(project, member, login, 12)
    Task.objects.all().delete()
    assert _my_tasks_queries(project, member, login, 300) == small
