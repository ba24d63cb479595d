"""Each service has its folder, nested like the organisation chart, that its people may add to;
the folders follow the chart and people's moves."""

import pytest

from knowledge.library.selectors import can_add_to_folder, can_view_folder
from knowledge.models import ServiceFolder
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_service_gets_a_folder_under_its_parents(home, direction):
    training = ServiceFactory(name="Formation", slug="formation", parent=direction)

    folder = ServiceFolder.objects.get(service=training).collection
    assert folder.name == "Formation"
    assert folder.get_parent() == ServiceFolder.objects.get(service=direction).collection
    assert folder.get_parent().get_parent().name == "Services"


def test_renaming_or_moving_a_service_follows_in_the_library(home, direction, finances):
    training = ServiceFactory(name="Formation", slug="formation", parent=direction)
    training.name = "Formation et compétences"
    training.parent = finances
    training.save()

    folder = ServiceFolder.objects.get(service=training).collection
    folder.refresh_from_db()
    assert folder.name == "Formation et compétences"
    assert folder.get_parent() == ServiceFolder.objects.get(service=finances).collection


def test_people_may_add_to_their_services_folder_and_its_sub_folders_only(
    home, agent, finances, direction
):
    own = ServiceFolder.objects.get(service=finances).collection
    sub = own.add_child(name="Marchés 2027")
    other = ServiceFolder.objects.get(service=direction).collection

    assert can_add_to_folder(agent, own)
    assert can_add_to_folder(agent, sub)
    assert not can_add_to_folder(agent, other)
    assert can_view_folder(agent, other)  # seeing is not adding


def test_moving_to_another_service_moves_the_right_to_add(home, agent, finances, direction):
    agent.service = direction
    agent.save()
    agent = type(agent).objects.get(pk=agent.pk)  # permissions are cached on the user object

    assert can_add_to_folder(agent, ServiceFolder.objects.get(service=direction).collection)
    assert not can_add_to_folder(agent, ServiceFolder.objects.get(service=finances).collection)


def test_a_deactivated_person_can_neither_see_nor_add(home, finances):
    person = UserFactory(email="parti@exemple.fr", service=finances, is_active=False)
    folder = ServiceFolder.objects.get(service=finances).collection

    assert not can_view_folder(person, folder)
    assert not can_add_to_folder(person, folder)


def test_setting_up_twice_creates_nothing_new(home, finances):
    from wagtail.models import Collection

    from knowledge.library.folders import library_ensure_all

    before = Collection.objects.count()
    library_ensure_all()
    library_ensure_all()
    assert Collection.objects.count() == before
