"""Who may add documents to which folder, tested by an actual upload from each side: only the
folder's own service (and the groups a folder grants explicitly). Editors, contributors and
approvers of a service's pages, and the communication team, used to hold « add » on the root
collection, which reached every service's folder and « Services » itself."""

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.demo import files
from knowledge.curation import service_curation_ensure
from knowledge.library.folders import services_folder
from knowledge.models import LibraryDocument, ServicePage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_curation(home, direction):
    page = ServicePage(title="Ressources humaines", slug="rh", service=direction)
    home.add_child(instance=page)
    return service_curation_ensure(service_page=page)


@pytest.fixture
def people(hr_curation, direction, communication_officer):
    def member_of(group, email):
        user = UserFactory(email=email, service=direction, is_staff=True)
        user.groups.add(group)
        return user

    return {
        "HR editor": member_of(hr_curation["editors"], "editeur.rh@exemple.fr"),
        "HR contributor": member_of(hr_curation["contributors"], "contrib.rh@exemple.fr"),
        "HR approver": member_of(hr_curation["approvers"], "valid.rh@exemple.fr"),
        "communication officer": communication_officer,
    }


def upload(client, folder, title):
    return client.post(
        f"/bibliotheque/dossiers/{folder.pk}/deposer/",
        {"files": SimpleUploadedFile(f"{title}.pdf", files.pdf_with_text([title]))},
        HTTP_ACCEPT="application/json",
    )


@pytest.mark.parametrize(
    "role", ["HR editor", "HR contributor", "HR approver", "communication officer"]
)
def test_curators_cannot_add_to_another_services_folder_nor_to_the_services_root(
    people, library, login, role
):
    client = login(people[role])
    for name, folder in (("Finances", library.finances), ("Services", services_folder())):
        response = upload(client, folder, f"Intrus {name}")
        assert response.status_code in (403, 404), (role, name)
        assert not LibraryDocument.objects.filter(title__startswith="Intrus").exists()


def test_the_folders_own_service_still_adds(people, library, login):
    response = upload(login(people["HR editor"]), library.hr, "Note de service")

    assert response.status_code == 201
    assert LibraryDocument.objects.filter(collection=library.hr, title="Note de service").exists()


def test_the_admin_offers_only_the_folders_one_may_add_to(people, library, login):
    page = login(people["HR editor"]).get("/admin/documents/multiple/add/").content.decode()

    assert "Direction des ressources humaines" in page
    assert "Finances" not in page
    assert "Dossiers individuels" not in page


def test_the_root_collection_grants_no_one_the_right_to_add_documents(people):
    from wagtail.models import Collection, GroupCollectionPermission

    codenames = set(
        GroupCollectionPermission.objects.filter(
            collection=Collection.get_first_root_node(),
            permission__content_type__app_label="wagtaildocs",
            group__in=Group.objects.all(),
        ).values_list("permission__codename", flat=True)
    )
    assert "add_document" not in codenames


@pytest.mark.parametrize("path", ["/admin/documents/", "/admin/documents/chooser/"])
def test_the_admins_folder_lists_never_name_a_folder_one_may_not_see(
    library, communication_officer, superuser, login, path
):
    assert "Dossiers individuels" in login(superuser).get(path).content.decode()

    page = login(communication_officer).get(path).content.decode()

    assert "Dossiers individuels" not in page
