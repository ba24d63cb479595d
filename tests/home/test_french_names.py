"""What Wagtail creates in English is named in French, and the admin's tab says Parvis."""

import importlib
import re

from django.contrib.auth.models import Group

from wagtail.models import Task, Workflow

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def wagtails_english_defaults():
    """What Wagtail's own migrations create on a new install, as before ours ran (this test
    database has them renamed already, or flushed by an earlier test)."""
    Group.objects.filter(name__in=["Modérateurs", "Éditeurs"]).delete()
    Task.objects.filter(name="Validation par les modérateurs").delete()
    Workflow.objects.filter(name="Validation par les modérateurs").delete()
    for name in ("Moderators", "Editors"):
        Group.objects.get_or_create(name=name)
    task = Task.objects.create(name="Moderators approval")
    workflow = Workflow.objects.create(name="Moderators approval")
    return task, workflow


def test_the_migration_names_wagtails_defaults_in_french(wagtails_english_defaults):
    from django.apps import apps

    migration = importlib.import_module("home.migrations.0005_french_names")
    migration.to_french(apps, None)

    names = set(Group.objects.values_list("name", flat=True))
    assert {"Modérateurs", "Éditeurs"} <= names
    assert not names & {"Moderators", "Editors"}
    for model, english in zip((Task, Workflow), wagtails_english_defaults, strict=True):
        assert model.objects.get(pk=english.pk).name == "Validation par les modérateurs"


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/users/", "/admin/sites/"])
def test_the_admins_browser_title_says_parvis(login, superuser, home, path):
    page = login(superuser).get(path).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.strip().endswith("Parvis"), title
    assert "Wagtail" not in title


def test_the_sites_listing_names_its_columns_in_french(login, superuser, home):
    page = login(superuser).get("/admin/sites/").content.decode()

    assert "Nom du site" in page and "Page racine" in page
    assert "Site name" not in page and "Root page" not in page


def test_the_admin_says_its_french_without_gendered_slips(login, superuser, home):
    client = login(superuser)
    polls = client.get("/admin/snippets/polls/poll/").content.decode()
    dashboard = client.get("/admin/").content.decode()

    assert "un(e)" not in polls and "Ajouter\u00a0: sondage" in polls
    assert "crées" not in dashboard
