"""The audit log: rights, roles, group memberships, folder rights, audiences, others'
profiles, exports, departures and anonymisations recorded with who did it; append-only;
searchable and exportable by administrators in « Rapports › Historique du site »."""

from django.contrib.auth.models import Group as RightsGroup
from django.contrib.auth.models import Permission
from django.db import DatabaseError, transaction

from wagtail.models import Collection, GroupCollectionPermission, ModelLogEntry, PageLogEntry

import pytest

from social.groups.models import Visibility
from social.people.services import profile_changes_log
from social.privacy.departure import person_anonymise, person_deactivate
from social.privacy.export import export_request
from tests.factories import make_news
from tests.social.groups.conftest import make_group

pytestmark = pytest.mark.django_db


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def test_group_memberships_are_logged_with_who_acted(camille, bruno, login):
    group = make_group(camille, Visibility.CLOSED, "Jardins partagés", members=[bruno])
    logged = entries("parvis.membership.change")
    assert any(e.data.get("person") == bruno.pk and "membre" in e.data["detail"] for e in logged)
    # Leaving through the site: the actor is the signed-in person (the audit middleware).
    client = login(bruno)
    client.post(f"/groupes/{group.slug}/quitter/")
    last = entries("parvis.membership.change")[-1]
    assert "retiré" in last.data["detail"] and last.user_id == bruno.pk


def test_roles_rights_folders_audiences_profiles_are_logged(camille, superuser, news_index):
    editors = RightsGroup.objects.create(name="Rédacteurs")
    camille.groups.add(editors)
    assert "Rédacteurs" in entries("parvis.roles.change")[-1].data["detail"]
    editors.permissions.add(*Permission.objects.filter(codename="add_document"))
    assert "add_document" in entries("parvis.group_rights.change")[-1].data["detail"]
    folder = Collection.get_first_root_node().add_child(name="Ressources humaines")
    GroupCollectionPermission.objects.create(
        group=editors, collection=folder, permission=editors.permissions.first()
    )
    assert entries("parvis.folder_rights.change")[-1].label == "Ressources humaines"
    news = make_news(news_index, title="Primes de fin d'année")
    news.audience = "elus"
    news.save()
    # A page's entries are Wagtail's page history (PageLogEntry), in the same report.
    changed = PageLogEntry.objects.filter(action="parvis.audience.change", page=news).get()
    assert changed.data["detail"] == "Tout le monde → Les élus"
    profile_changes_log(
        person=camille, changed_by=superuser, source="", changes={"job_title": ("A", "B")}
    )
    change = entries("parvis.profile.change")[-1]
    assert change.user_id == superuser.pk and change.data == {
        "person": camille.pk,
        "detail": "job_title",
    }


def test_exports_departures_and_anonymisations_are_logged(camille, superuser):
    export_request(user=camille)
    person_deactivate(person=camille, by=superuser)
    person_anonymise(person=camille, by=superuser)
    assert entries("parvis.privacy.export")[-1].user_id == camille.pk
    assert entries("parvis.privacy.deactivate")[-1].user_id == superuser.pk
    anonymised = entries("parvis.privacy.anonymise")[-1]
    assert anonymised.user_id == superuser.pk and "Duvalberg" not in anonymised.label


def test_the_log_is_append_only(camille, superuser):
    person_deactivate(person=camille, by=superuser)
    entry = entries("parvis.privacy.deactivate")[-1]
    with pytest.raises(DatabaseError, match="journal d'audit"), transaction.atomic():
        ModelLogEntry.objects.filter(pk=entry.pk).update(label="effacé")
    with pytest.raises(DatabaseError, match="journal d'audit"), transaction.atomic():
        ModelLogEntry.objects.filter(pk=entry.pk).delete()
    # Wagtail marking the entries of a deleted object is let through.
    ModelLogEntry.objects.filter(pk=entry.pk).update(deleted=True)
    assert ModelLogEntry.objects.get(pk=entry.pk).label == str(camille)


def test_administrators_find_and_export_it_others_do_not(home, camille, bruno, superuser, login):
    person_deactivate(person=camille, by=superuser, reason="mutation")
    admin = login(superuser)
    found = admin.get("/admin/reports/site-history/?action=parvis.privacy.deactivate")
    assert found.status_code == 200
    assert "Camille Duvalberg désactivé(e)\u00a0: mutation" in found.content.decode()
    csv = admin.get("/admin/reports/site-history/results/?export=csv&label=Duvalberg")
    content = b"".join(csv.streaming_content) if csv.streaming else csv.content
    assert "Camille Duvalberg,Personne,Personne désactivée (départ),admin" in content.decode()
    assert login(bruno).get("/admin/reports/site-history/").status_code in (302, 403)


def test_the_audit_report_searches_the_detail_and_exports_it(
    home, camille, bruno, superuser, login
):
    person_deactivate(person=camille, by=superuser, reason="mutation à Lyon")
    bruno.groups.add(RightsGroup.objects.create(name="Relecteurs Zeta"))
    admin = login(superuser)
    page = admin.get("/admin/rapports/journal-d-audit/?q=lyon").content.decode()
    assert "mutation à Lyon" in page and "Relecteurs Zeta" not in page
    exported = admin.get("/admin/rapports/journal-d-audit/resultats/?export=csv&q=lyon")
    content = b"".join(exported.streaming_content).decode()
    assert "Détail" in content.splitlines()[0] and "mutation à Lyon" in content
    assert "wagtail." not in content  # Parvis's audit actions only
    assert login(bruno).get("/admin/rapports/journal-d-audit/").status_code in (302, 403)
