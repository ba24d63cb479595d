"""Communication officers moderate comments and make polls, on new and existing installs."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group

import pytest

from cms.setup import COMMUNICATION_GROUP

pytestmark = pytest.mark.django_db

RIGHTS = {"comments.moderate_comment", "polls.add_poll", "polls.change_poll", "polls.delete_poll"}


def rights_of(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_a_new_install_gives_the_rights(home):
    assert rights_of(Group.objects.get(name=COMMUNICATION_GROUP)) >= RIGHTS


def test_the_migration_gives_them_to_an_existing_group(db):
    group = Group.objects.create(name=COMMUNICATION_GROUP)
    migration = importlib.import_module(
        "social.comments.migrations.0002_communication_officers_rights"
    )
    migration.grant(apps, None)
    assert rights_of(group) >= RIGHTS
    assert apps.get_app_config("comments").models_module is not True  # left as it was
