"""LDAP / Active Directory against a real slapd started by the test: signing in with the
directory's password, and `sync_directory` creating, updating and deactivating people — from
the refused side too: a person who left cannot sign in by any way, nor read their feeds."""

import io

from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

import pytest

from cms.settings.directory import directory_settings
from cms.setup import COMMUNICATION_GROUP
from home.services import feed_token_create
from social.accounts.directory import directory_sync
from social.accounts.models import ExternalIdentity, SignInEvent, UserSession
from social.accounts.tasks import sync_directory
from social.people.models import ProfileChange, User
from tests.factories import ServiceFactory, UserFactory
from tests.ldap.directory import ADMIN_DN, ADMIN_PASSWORD, GROUPS, PEOPLE, group_dn, start_directory

pytestmark = pytest.mark.django_db

JEAN = {
    "uid": "jdupont",
    "givenName": "Jean",
    "sn": "Dupont",
    "mail": "jean.dupont@mairie.test",
    "title": "Agent de voirie",
    "telephoneNumber": "03 20 00 00 01",
    "employeeNumber": "A100",
    "departmentNumber": "DST",
    "userPassword": "Annuaire-Jean-2026!",
}
MARIE = {
    "uid": "mmartin",
    "givenName": "Marie",
    "sn": "Martin",
    "mail": "marie.martin@mairie.test",
    "title": "Adjointe au maire",
    "userPassword": "Annuaire-Marie-2026!",
}


@pytest.fixture
def directory(settings, tmp_path, home):
    running = start_directory(
        tmp_path / "slapd",
        [JEAN, MARIE],
        {"elus": ["mmartin"], "communication": [], "direction": []},
    )
    values = directory_settings(
        {
            "LDAP_SERVER_URI": running.uri,
            "LDAP_BIND_DN": ADMIN_DN,
            "LDAP_BIND_PASSWORD": ADMIN_PASSWORD,
            "LDAP_USER_BASE": PEOPLE,
            "LDAP_GROUP_BASE": GROUPS,
            "LDAP_ELU_GROUP": group_dn("elus"),
            "LDAP_GROUP_MAP": f"{group_dn('communication')}={COMMUNICATION_GROUP}",
            "LDAP_SERVICE_ATTRIBUTE": "departmentNumber",
            "LDAP_SERVICE_MAP": "DST=voirie",
        }
    )
    for name, value in values.items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        django_settings.AUTHENTICATION_BACKENDS[0],
        "social.accounts.directory.DirectoryBackend",
        *django_settings.AUTHENTICATION_BACKENDS[1:],
    ]
    ServiceFactory(name="Voirie", slug="voirie", acronym="DST")
    yield running
    running.stop()


def sync(*args) -> str:
    out = io.StringIO()
    call_command("sync_directory", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_the_changes_and_writes_nothing(directory):
    before = User.objects.count()

    said = sync("--dry-run")

    assert "créer     jean.dupont@mairie.test" in said
    assert "Essai à blanc" in said and "2 création(s)" in said
    assert User.objects.count() == before


def test_the_sync_creates_people_as_the_directory_describes_them(directory):
    sync()

    jean = User.objects.get(email="jean.dupont@mairie.test")
    assert (jean.first_name, jean.last_name, jean.job_title) == (
        "Jean",
        "Dupont",
        "Agent de voirie",
    )
    assert jean.employee_number == "A100" and jean.service.slug == "voirie"
    assert jean.role == User.Role.AGENT and not jean.has_usable_password()
    assert jean.synced_from == django_settings.LDAP_SOURCE_NAME
    assert {"last_name", "job_title", "service"} <= set(jean.synced_fields)
    assert User.objects.get(email="marie.martin@mairie.test").role == User.Role.ELU
    assert ExternalIdentity.objects.filter(provider="ldap", user=jean).exists()


def test_a_second_run_changes_nothing(directory):
    sync()

    said = sync()

    assert "Rien à changer" in said
    assert directory_sync()[1] is None


def test_a_change_in_the_directory_reaches_parvis_and_is_logged(directory):
    sync()
    directory.change("jdupont", title="Chef d'équipe voirie")

    sync()

    assert User.objects.get(email="jean.dupont@mairie.test").job_title == "Chef d'équipe voirie"
    assert ProfileChange.objects.filter(
        field="job_title", new_value="Chef d'équipe voirie"
    ).exists()


def test_an_existing_account_is_joined_not_duplicated(directory):
    existing = UserFactory(email="jean.dupont@mairie.test", first_name="J.")

    sync()

    assert User.objects.filter(email="jean.dupont@mairie.test").count() == 1
    existing.refresh_from_db()
    assert existing.first_name == "Jean"
    assert ExternalIdentity.objects.get(provider="ldap", user=existing)


def test_someone_who_left_the_directory_is_deactivated_and_locked_out_everywhere(
    directory, client, login
):
    sync()
    jean = User.objects.get(email="jean.dupont@mairie.test")
    jean.set_password("Mot-de-passe-local-2026!")  # even a local password left behind
    jean.save()
    _token, secret = feed_token_create(user=jean, name="Lecteur")
    session = login(jean)
    assert session.get("/").status_code == 200
    assert client.get(f"/flux/{secret}/actualites.rss").status_code == 200
    directory.remove_person("jdupont")

    sync()

    jean.refresh_from_db()
    assert not jean.is_active
    assert session.get("/")["Location"].startswith("/connexion/")
    assert not UserSession.objects.filter(user=jean).exists()
    for password in (JEAN["userPassword"], "Mot-de-passe-local-2026!"):
        client.post("/connexion/", {"username": jean.email, "password": password})
        assert "_auth_user_id" not in client.session
    assert client.get(f"/flux/{secret}/actualites.rss").status_code == 404


def test_someone_back_in_the_directory_is_active_again(directory):
    sync()
    directory.remove_person("jdupont")
    sync()

    directory.add_person(JEAN)
    sync()

    assert User.objects.get(email="jean.dupont@mairie.test").is_active


def test_directory_groups_give_parvis_groups_and_take_them_back(directory):
    sync()
    directory.set_members("communication", ["jdupont"])
    sync()
    jean = User.objects.get(email="jean.dupont@mairie.test")
    assert jean.groups.filter(name=COMMUNICATION_GROUP).exists()

    directory.set_members("communication", [])
    sync()

    assert not jean.groups.filter(name=COMMUNICATION_GROUP).exists()


def test_an_unreachable_directory_changes_nothing_and_says_so(directory, settings):
    sync()
    directory.stop()

    with pytest.raises(CommandError, match="Annuaire injoignable"):
        sync()

    assert User.objects.filter(is_active=True, synced_from=settings.LDAP_SOURCE_NAME).count() == 2


def test_a_person_signs_in_with_the_directory_password(directory, client):
    response = client.post(
        "/connexion/", {"username": "jean.dupont@mairie.test", "password": JEAN["userPassword"]}
    )

    assert response.status_code == 302
    jean = User.objects.get(email="jean.dupont@mairie.test")
    assert client.session["_auth_user_id"] == str(jean.pk)
    assert jean.first_name == "Jean"
    assert ExternalIdentity.objects.filter(provider="ldap", user=jean).exists()
    assert SignInEvent.objects.filter(user=jean, kind="signed_in", method="ldap").exists()


def test_a_wrong_directory_password_is_refused_and_logged(directory, client):
    client.post("/connexion/", {"username": "jean.dupont@mairie.test", "password": "faux"})

    assert "_auth_user_id" not in client.session
    assert SignInEvent.objects.filter(identifier="jean.dupont@mairie.test", kind="failed").exists()


def test_an_account_deactivated_in_parvis_stays_out_with_the_directory_password(directory, client):
    sync()
    User.objects.filter(email="jean.dupont@mairie.test").update(is_active=False)

    client.post(
        "/connexion/", {"username": "jean.dupont@mairie.test", "password": JEAN["userPassword"]}
    )

    assert "_auth_user_id" not in client.session


def test_the_beat_task_syncs(directory):
    counts = sync_directory.delay().get()

    assert counts["created"] == 2


def test_the_directory_groups_survive_a_person_joining_by_sign_in(directory, client):
    Group.objects.get_or_create(name=COMMUNICATION_GROUP)
    client.post(
        "/connexion/", {"username": "marie.martin@mairie.test", "password": MARIE["userPassword"]}
    )

    sync()

    assert User.objects.filter(email="marie.martin@mairie.test").count() == 1


def test_what_the_directory_gives_is_read_only_in_parvis(directory, login, superuser):
    sync()
    jean = User.objects.get(email="jean.dupont@mairie.test")

    page = login(superuser).get(f"/admin/users/edit/{jean.pk}/").content.decode()

    assert "Synchronisé depuis" in page
    assert 'name="job_title"' in page and "disabled" in page.split('name="job_title"')[1][:200]
