import pytest

from social.people.models import Site
from tests.factories import ServiceFactory, UserFactory


@pytest.fixture
def hr(direction):
    """The human resources service, under the direction."""
    return ServiceFactory(name="Ressources humaines", slug="rh", acronym="DRH", parent=direction)


@pytest.fixture
def town_hall(db):
    return Site.objects.create(name="Hôtel de ville", address="1 place de la Mairie")


@pytest.fixture
def people_indexed(db):
    """Write every person's search row and its words, as the worker does once a change is
    committed: the directory corrects a misspelt name from those words."""

    def index() -> None:
        from django.contrib.contenttypes.models import ContentType

        from knowledge.search.index import search_rows_sync
        from social.people.models import User

        search_rows_sync(
            content_type_id=ContentType.objects.get_for_model(User).pk,
            object_ids=list(User.objects.values_list("pk", flat=True)),
        )

    return index


@pytest.fixture
def camille(hr, town_hall):
    person = UserFactory(
        email="camille.duval@exemple.fr",
        first_name="Camille",
        last_name="Duval",
        job_title="Gestionnaire paie",
        service=hr,
        site=town_hall,
        phone="01 23 45 67 89",
    )
    person.skills.add("marchés publics", "premiers secours")
    return person


@pytest.fixture
def manager_of_people(db):
    """HR staff: they may change people (Django's people.change_user)."""
    from django.contrib.auth.models import Permission

    person = UserFactory(email="rh.admin@exemple.fr", first_name="Hélène", last_name="Rh")
    person.user_permissions.add(Permission.objects.get(codename="change_user"))
    return person
