"""Deleting in the administration what other rows still need: a theme or a service with its
page, a service with sub-services, the Django group of a service's library folder. Each stays,
and the editor is told what to delete or change first (a theme or a service with its page, and
the group, were server errors), alone or in a bulk deletion, in French and in English; what
nothing needs goes."""

import pytest

from knowledge.models import ServiceFolder, Theme, ThemePage
from social.people.models import Service

pytestmark = pytest.mark.django_db

THEMES = "/admin/snippets/knowledge/theme/"
SERVICES = "/admin/snippets/people/service/"


def refused(client, url: str, back: str) -> str:
    """Asked to confirm and confirmed, the deletion is refused: the message, as shown."""
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302 and response["Location"] == back
    return client.get(back).content.decode()


def test_a_theme_with_its_page_is_kept_and_the_editor_told_why(kb, superuser, login):
    housing = kb["housing"]
    page = refused(login(superuser), f"{THEMES}delete/{housing.pk}/", THEMES)
    assert (
        "Impossible de supprimer « Logement »\u00a0: cet élément en dépend encore — Page de thème "
        "« Logement ». Supprimez-le ou modifiez-le d&#x27;abord."
    ) in page
    assert Theme.objects.filter(pk=housing.pk).exists()
    assert ThemePage.objects.get(pk=kb["housing_page"].pk).theme_id == housing.pk


def test_a_bulk_deletion_holding_a_theme_with_its_page_deletes_nothing(kb, superuser, login):
    url = f"/admin/bulk/knowledge/theme/delete/?id={kb['housing'].pk}&id={kb['culture'].pk}"
    page = refused(login(superuser), url, THEMES)
    assert "Impossible de supprimer « Culture », « Logement »" in page  # the list's order
    assert "Page de thème « Logement »" in page
    assert Theme.objects.filter(pk__in=[kb["housing"].pk, kb["culture"].pk]).count() == 2


def test_a_service_with_its_page_or_sub_services_is_kept(kb, superuser, login, finances):
    client = login(superuser)
    page = refused(client, f"{SERVICES}delete/{finances.pk}/", SERVICES)
    assert "Page de service « Finances »" in page
    parent = Service.objects.create(name="Pôle ressources", slug="pole")
    Service.objects.create(name="Paie", slug="paie", parent=parent)
    page = refused(client, f"{SERVICES}delete/{parent.pk}/", SERVICES)
    assert "Service « Paie »" in page
    assert Service.objects.filter(pk__in=[finances.pk, parent.pk]).count() == 2


def test_the_group_of_a_service_folder_is_kept(kb, superuser, login, finances):
    group = ServiceFolder.objects.get(service=finances).members_group
    page = refused(login(superuser), f"/admin/groups/delete/{group.pk}/", "/admin/groups/")
    assert "Dossier de service « Finances »" in page
    assert type(group).objects.filter(pk=group.pk).exists()


def test_the_refusal_is_said_in_english_too(kb, superuser, login):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    page = refused(login(superuser), f"{THEMES}delete/{kb['housing'].pk}/", THEMES)
    assert (
        "“Logement” cannot be deleted: this item still depends on it — Theme page "
        "“Logement”. Delete or change it first."
    ) in page


def test_what_nothing_needs_is_deleted(kb, superuser, login):
    client = login(superuser)
    assert client.post(f"{THEMES}delete/{kb['culture'].pk}/").status_code == 302
    assert not Theme.objects.filter(pk=kb["culture"].pk).exists()
    alone = Service.objects.create(name="Mission temporaire", slug="mission")
    assert client.post(f"{SERVICES}delete/{alone.pk}/").status_code == 302
    assert not Service.objects.filter(pk=alone.pk).exists()


def test_the_confirmation_says_what_carries_the_theme(kb, superuser, login, finances):
    from social.groups.models import Group
    from tests.knowledge.conftest import make_article

    culture = kb["culture"]
    client = login(superuser)
    page = client.get(f"{THEMES}delete/{culture.pk}/").content.decode()
    assert "Ce thème est attribué" not in page  # nothing carries it yet
    make_article(kb["finances_page"], "Saison culturelle", themes=[culture])
    make_article(kb["finances_page"], "Fête de la musique", themes=[culture])
    Group.objects.create(name="Culture et patrimoine", slug="culture-patrimoine", theme=culture)
    page = client.get(f"{THEMES}delete/{culture.pk}/").content.decode()
    assert (
        "Ce thème est attribué à 2 articles et 1 groupe\u00a0: ils le perdront (leurs autres thèmes "
        "restent), et la recherche ne les trouvera plus par son nom."
    ) in page


def test_the_confirmation_is_said_in_english_too(kb, superuser, login):
    from wagtail.users.models import UserProfile

    from tests.knowledge.conftest import make_article

    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    make_article(kb["finances_page"], "Saison culturelle", themes=[kb["culture"]])
    page = login(superuser).get(f"{THEMES}delete/{kb['culture'].pk}/").content.decode()
    assert "This theme is given to 1 article: they will lose it" in page
