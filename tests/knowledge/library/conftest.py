from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.models import CollectionViewRestriction

import pytest

from knowledge.models import ServiceFolder
from knowledge.services import document_extract, document_upload
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _own_media_root(media_root):
    """Every library test stores its files in a folder of its own."""
    return media_root


@pytest.fixture
def library(home, finances, direction, payroll):
    """Services' folders, and « Dossiers individuels » under HR, restricted to one group."""
    finances_folder = ServiceFolder.objects.get(service=finances).collection
    hr_folder = ServiceFolder.objects.get(service=direction).collection
    payroll_folder = ServiceFolder.objects.get(service=payroll).collection
    private = hr_folder.add_child(name="Dossiers individuels")
    insiders = Group.objects.create(name="Gestionnaires RH")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(insiders)
    return SimpleNamespace(
        finances=finances_folder,
        hr=hr_folder,
        payroll=payroll_folder,
        private=private,
        insiders=insiders,
    )


@pytest.fixture
def hr_insider(library, direction):
    user = UserFactory(email="gestionnaire.rh@exemple.fr", service=direction)
    user.groups.add(library.insiders)
    return user


def upload(user, folder, name: str, data: bytes, *, extract: bool = True, **fields):
    """A document stored as the library stores it, analysed at once unless told otherwise."""
    document = document_upload(
        user=user, folder=folder, uploaded_file=SimpleUploadedFile(name, data), **fields
    )
    if extract:
        document_extract(document_id=document.pk)
        document.refresh_from_db()
    return document
