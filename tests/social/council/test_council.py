"""Élus, commissions, meetings and deliberations, from the side of who must not get in: a
commission's members' folder, its unpublished meetings and deliberations, a commission that
does not publish to agents — in pages, lists, search, profiles and file downloads."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import pytest

from cms.demo.files import pdf_with_text
from knowledge.library.services import document_upload
from social.council.models import Commission, CommissionMember, Deliberation, Mandate, Meeting
from social.people.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mayor(db):
    return UserFactory(
        first_name="Martine", last_name="Delaunay", role=User.Role.ELU, job_title="Maire"
    )


@pytest.fixture
def councillor(db):
    return UserFactory(first_name="Marc", last_name="Aubert", role=User.Role.ELU)


@pytest.fixture
def finances_commission(home, mayor, agent):
    """Chaired by the mayor; the agent (finances) is its referent."""
    commission = Commission.objects.create(name="Commission des finances", slug="finances-com")
    CommissionMember.objects.create(commission=commission, person=mayor, role="president")
    CommissionMember.objects.create(commission=commission, person=agent, role="referent")
    commission.refresh_from_db()
    return commission


def _document(user, folder, title):
    upload = SimpleUploadedFile("doc.pdf", pdf_with_text([title]))
    return document_upload(user=user, folder=folder, uploaded_file=upload, title=title)


@pytest.fixture
def meetings(finances_commission, superuser, media_root):
    now = timezone.now()
    private = Meeting.objects.create(
        commission=finances_commission,
        starts_at=now + datetime.timedelta(days=3),
        agenda="Préparation budgétaire Qwerty",
        convocation=_document(superuser, finances_commission.folder, "Convocation Azerty"),
    )
    public = Meeting.objects.create(
        commission=finances_commission,
        starts_at=now - datetime.timedelta(days=10),
        agenda="Vote du compte administratif",
        published=True,
        minutes=_document(superuser, finances_commission.public_folder, "Compte rendu Wxcv"),
    )
    return private, public


def test_members_see_everything_of_their_commission_others_what_it_publishes(
    login, meetings, mayor, agent, councillor, elu
):
    private, public = meetings
    for insider in (mayor, agent):
        client = login(insider)
        page = client.get("/elus/commissions/finances-com/").content.decode()
        assert "Convocation Azerty" in page and "Compte rendu Wxcv" in page
        assert client.get(private.get_absolute_url()).status_code == 200
        assert (
            "Préparation budgétaire Qwerty"
            in client.get(private.get_absolute_url()).content.decode()
        )
    for outsider in (councillor, elu, UserFactory()):
        client = login(outsider)
        page = client.get("/elus/commissions/finances-com/").content.decode()
        assert "Compte rendu Wxcv" in page
        assert "Convocation Azerty" not in page
        assert private.get_absolute_url() not in page
        assert client.get(private.get_absolute_url()).status_code == 404
        assert client.get(public.get_absolute_url()).status_code == 200
        assert private.get_absolute_url() not in client.get("/elus/").content.decode()
        # The file itself, asked for directly
        assert client.get(f"/bibliotheque/documents/{private.convocation_id}/").status_code in (
            403,
            404,
        )


def test_membership_rights_follow_at_once(login, meetings, councillor, finances_commission):
    private, _public = meetings
    client = login(councillor)
    assert client.get(private.get_absolute_url()).status_code == 404
    member = CommissionMember.objects.create(commission=finances_commission, person=councillor)
    assert client.get(private.get_absolute_url()).status_code == 200
    assert client.get(f"/bibliotheque/documents/{private.convocation_id}/").status_code == 200
    member.delete()
    assert client.get(private.get_absolute_url()).status_code == 404
    assert client.get(f"/bibliotheque/documents/{private.convocation_id}/").status_code in (
        403,
        404,
    )


def test_a_commission_that_publishes_nothing_is_invisible_outside(
    login, meetings, finances_commission, councillor, mayor
):
    finances_commission.publishes_to_agents = False
    finances_commission.save()
    _private, public = meetings
    client = login(councillor)
    assert client.get("/elus/commissions/finances-com/").status_code == 404
    assert client.get(public.get_absolute_url()).status_code == 404
    assert "Commission des finances" not in client.get("/elus/").content.decode()
    assert login(mayor).get("/elus/commissions/finances-com/").status_code == 200


def test_deliberations_are_searchable_by_who_may_see_them(
    login, meetings, councillor, mayor, django_capture_on_commit_callbacks
):
    private, public = meetings
    with django_capture_on_commit_callbacks(execute=True):
        Deliberation.objects.create(
            meeting=public,
            number="2026-041",
            title="Budget primitif Plmoi",
            adopted_on=timezone.localdate(),
            votes_for=20,
            votes_against=3,
            result="adoptee",
        )
        Deliberation.objects.create(
            meeting=private,
            number="2026-099",
            title="Projet confidentiel Plmoi",
            adopted_on=timezone.localdate(),
            result="adoptee",
        )
    outsider = login(councillor)
    found = outsider.get("/recherche/", {"q": "Plmoi"}).content.decode()
    assert "2026-041" in found and "2026-099" not in found
    listing = outsider.get("/elus/deliberations/", {"q": "Plmoi"}).content.decode()
    assert "2026-041" in listing and "2026-099" not in listing
    assert "2026-099" in login(mayor).get("/recherche/", {"q": "Plmoi"}).content.decode()
    # Publishing the meeting makes its deliberations public
    with django_capture_on_commit_callbacks(execute=True):
        private.published = True
        private.save()
    assert "2026-099" in outsider.get("/recherche/", {"q": "Plmoi"}).content.decode()


def test_an_elus_profile_shows_mandates_delegations_and_commissions(
    login, mayor, finances, finances_commission, councillor
):
    mandate = Mandate.objects.create(
        person=mayor,
        kind="adjoint",
        title="Adjointe déléguée aux finances",
        delegation="Budget",
        started_on=datetime.date(2026, 3, 22),
    )
    mandate.services.set([finances])
    Mandate.objects.create(
        person=mayor,
        kind="conseiller",
        title="Ancien mandat Zzz",
        started_on=datetime.date(2014, 3, 1),
        ended_on=datetime.date(2020, 3, 1),
    )
    page = login(councillor).get(f"/annuaire/{mayor.slug}/").content.decode()
    assert "Adjointe déléguée aux finances" in page and "Ancien mandat Zzz" not in page
    assert "/annuaire/?service=finances" in page
    assert "Commission des finances" in page
    finances_commission.publishes_to_agents = False
    finances_commission.save()
    assert (
        "Commission des finances"
        not in login(councillor).get(f"/annuaire/{mayor.slug}/").content.decode()
    )


def test_the_chair_comes_first_and_referents_last(login, finances_commission, councillor, agent):
    CommissionMember.objects.create(commission=finances_commission, person=councillor)
    page = login(agent).get("/elus/commissions/finances-com/").content.decode()
    members = page[page.index('id="members-title"') :]
    assert (
        members.index("Martine Delaunay")
        < members.index("Marc Aubert")
        < members.index(agent.get_full_name())
    )
