"""Importing people from an HR export: idempotent on the matricule, dry run first, errors by
line with nothing written, departures deactivated (never deleted), imported fields read-only,
field agents without e-mail; from the command line and from the admin."""

from io import StringIO

from django.core.management import CommandError, call_command

from wagtail.models import ModelLogEntry

import pytest

from home.models import FeedToken
from knowledge.models import SearchItem
from social.people.imports import ImportRefused, people_import_apply, people_import_plan
from social.people.models import ProfileChange, Site, User

pytestmark = pytest.mark.django_db

HEADER = "Matricule;Nom;Prénom;Email;Fonction;Service;Responsable;Site;Téléphone;Mobile\n"
FILE = HEADER + (
    "A001;Duval;Camille;camille.duval@exemple.fr;Gestionnaire paie;rh;A002;Hôtel de ville;01 23 45 67 89;\n"
    "A002;Martin;Hugo;hugo.martin@exemple.fr;Directeur RH;rh;;Hôtel de ville;01 23 45 00 00;\n"
    "T001;Lemaire;Kévin;;Jardinier;Ressources humaines;A002;Centre technique;;06 11 22 33 44\n"
)


def imported(text: str, **options) -> dict:
    plan = people_import_plan(text.encode(), **options)
    assert plan.is_valid, plan.errors
    return people_import_apply(plan)


def test_an_import_creates_people_with_service_manager_site_and_read_only_fields(hr):
    counts = imported(FILE)
    assert counts == {"created": 3, "changed": 0, "unchanged": 0, "deactivated": 0}
    camille = User.objects.get(employee_number="A001")
    assert camille.service == hr and camille.manager.employee_number == "A002"
    assert camille.site.name == "Hôtel de ville" and camille.slug == "camille-duval"
    assert camille.synced_from == "Import RH" and "job_title" in camille.synced_fields
    assert not camille.has_usable_password()
    assert "gestionnaire paie" in camille.directory_text
    field_agent = User.objects.get(employee_number="T001")
    assert field_agent.email is None and field_agent.mobile == "06 11 22 33 44"
    assert Site.objects.filter(name="Centre technique").exists()


def test_importing_the_same_file_again_changes_nothing(hr):
    imported(FILE)
    plan = people_import_plan(FILE.encode())
    assert (len(plan.creations), len(plan.changes), plan.unchanged) == (0, 0, 3)
    assert people_import_apply(plan)["created"] == 0
    assert User.objects.filter(employee_number__isnull=False).count() == 3


def test_a_change_is_applied_and_logged_with_its_source(hr):
    imported(FILE)
    imported(FILE.replace("Gestionnaire paie", "Responsable paie"))
    camille = User.objects.get(employee_number="A001")
    assert camille.job_title == "Responsable paie"
    change = ProfileChange.objects.get(person=camille, field="job_title")
    assert (change.old_value, change.new_value, change.source) == (
        "Gestionnaire paie",
        "Responsable paie",
        "Import RH",
    )


def test_someone_missing_from_a_full_import_is_deactivated_not_deleted(hr, news_index):
    from social.comments.services import comment_post
    from tests.factories import make_news

    imported(FILE)
    kevin = User.objects.get(employee_number="T001")
    FeedToken.objects.create_for(user=User.objects.get(employee_number="A001"), name="RSS")
    news = make_news(news_index, title="Fête")
    comment_post(
        author=User.objects.get(employee_number="A001"),
        target=news,
        body="Bravo",
        rate_limited=False,
    )
    without_camille = (
        "\n".join(line for line in FILE.splitlines() if not line.startswith("A001")) + "\n"
    )
    assert imported(without_camille, full=False)["deactivated"] == 0
    counts = imported(without_camille)
    assert counts["deactivated"] == 1
    camille = User.objects.get(employee_number="A001")
    assert not camille.is_active and camille.comments.exists()
    assert camille.departed_at is not None  # counted for the anonymisation after a delay
    assert not FeedToken.objects.active().filter(user=camille).exists()  # departure steps ran
    assert ModelLogEntry.objects.filter(
        action="parvis.privacy.deactivate", object_id=str(camille.pk)
    ).exists()  # in the audit log
    assert User.objects.get(pk=kevin.pk).is_active
    # Back in the next export: active again
    imported(FILE)
    camille = User.objects.get(employee_number="A001")
    assert camille.is_active and camille.departed_at is None


def test_people_without_a_matricule_are_never_deactivated(hr, agent):
    imported(FILE)
    agent.refresh_from_db()
    assert agent.is_active


def test_an_existing_account_is_matched_by_its_address_the_first_time(hr):
    existing = User.objects.create_user(
        "camille.duval@exemple.fr", first_name="Camille", last_name="Duval"
    )
    imported(FILE)
    existing.refresh_from_db()
    assert existing.employee_number == "A001" and existing.job_title == "Gestionnaire paie"
    assert User.objects.filter(last_name="Duval").count() == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("A003;;Zoé;z@exemple.fr;;rh;;;;", "nom manquant"),
        ("A003;Zola;Zoé;pas-une-adresse;;rh;;;;", "adresse électronique invalide"),
        ("A003;Zola;Zoé;;;Service imaginaire;;;;", "service inconnu"),
        ("A003;Zola;Zoé;;;rh;B999;;;", "responsable inconnu"),
        ("A003;Zola;Zoé;;;rh;;;appelez-moi;", "numéro de téléphone invalide"),
        ("A001;Zola;Zoé;;;rh;;;;", "matricule A001 en double"),
        ("A003;Zola;Zoé;camille.duval@exemple.fr;;rh;;;;", "déjà donnée ligne 2"),
    ],
)
def test_an_error_names_its_line_and_nothing_is_written(hr, line, message):
    plan = people_import_plan((FILE + line + "\n").encode())
    assert not plan.is_valid
    assert any(error.startswith("Ligne 5") and message in error for error in plan.errors), (
        plan.errors
    )
    with pytest.raises(ImportRefused):
        people_import_apply(plan)
    assert not User.objects.filter(employee_number__isnull=False).exists()


def test_an_address_held_by_someone_else_is_an_error(hr):
    User.objects.create_user("hugo.martin@exemple.fr", employee_number="Z999")
    plan = people_import_plan(FILE.encode())
    assert any("déjà celle d'une autre personne" in error for error in plan.errors)


def test_a_file_that_is_not_an_export_is_refused_with_a_message(hr):
    with pytest.raises(ImportRefused, match="Colonnes obligatoires manquantes"):
        people_import_plan(b"Nom;Fonction\nDuval;Paie\n")
    with pytest.raises(ImportRefused, match="pas un fichier CSV"):
        people_import_plan(b"%PDF-1.4\x00\x01")


def test_a_windows_1252_export_with_commas_is_read(hr):
    text = "matricule,nom,prenom,service\nA010,Lefèvre,Éloïse,rh\n"
    imported(text.encode("cp1252").decode("latin-1"))  # the bytes as Excel writes them
    assert User.objects.get(employee_number="A010").first_name == "Éloïse"


def test_imported_people_are_found_in_search(hr, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        imported(FILE)
    assert SearchItem.objects.filter(kind="person", title="Kévin Lemaire").exists()


def test_the_command_simulates_then_imports(hr, tmp_path):
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8") as file:
        file.write(FILE)
    out = StringIO()
    call_command("import_people", path, "--dry-run", stdout=out)
    assert "+ A001 Camille Duval" in out.getvalue() and "Simulation" in out.getvalue()
    assert not User.objects.filter(employee_number="A001").exists()
    call_command("import_people", path, stdout=StringIO())
    assert User.objects.filter(employee_number="A001").exists()
    with open(path, "w", encoding="utf-8") as file:
        file.write(FILE + "A003;;Zoé;;;rh;;;;\n")
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_people", path, stdout=StringIO(), stderr=StringIO())


def test_a_large_import_writes_search_rows_in_bulk_and_removes_those_who_left(
    login, agent, hr, django_capture_on_commit_callbacks
):
    from knowledge.search.index import BULK_SYNC

    lines = [f"C{n:03d};Nom{n};Prénom{n};;Agent;rh;;;;" for n in range(BULK_SYNC + 10)]
    with django_capture_on_commit_callbacks(execute=True):
        imported(HEADER + "\n".join(lines) + "\n")
    assert SearchItem.objects.filter(kind="person", title__startswith="Prénom").count() == len(
        lines
    )
    assert (
        "/annuaire/prenom7-nom7/" in login(agent).get("/recherche/", {"q": "Nom7"}).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        imported(HEADER + "\n".join(lines[:BULK_SYNC]) + "\n")
    assert SearchItem.objects.filter(kind="person", title__startswith="Prénom").count() == BULK_SYNC


def test_the_command_speaks_the_language_of_the_install(hr, tmp_path):
    from django.utils import translation

    path = tmp_path / "export.csv"
    path.write_text(FILE, encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("import_people", path, "--dry-run", stdout=out)
    assert "Dry run: 3 creation(s)" in out.getvalue() and "Nothing was written" in out.getvalue()
