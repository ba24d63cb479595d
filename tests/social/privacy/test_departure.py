"""A departure closes the account and all that hangs on it, keeps what the person published,
and is one transaction; the HR import's deactivations do the same."""

import pytest

from cms.core.privacy import registry
from home.models import FeedToken
from social.accounts.models import UserSession
from social.events.models import CalendarToken
from social.groups.models import Membership
from social.people.models import User
from social.privacy.departure import person_deactivate

pytestmark = pytest.mark.django_db


def test_departure_closes_sessions_tokens_groups_and_the_directory(
    camille, bruno, life, superuser, login
):
    client = login(camille)
    assert client.get("/mon-compte/").status_code == 200
    feed_secret = FeedToken.objects.filter(user=camille).count()
    assert feed_secret == 1 and Membership.objects.filter(user=camille).exists()

    person_deactivate(person=camille, by=superuser, reason="mutation")

    camille.refresh_from_db()
    assert not camille.is_active and camille.departed_at is not None
    assert client.get("/mon-compte/").status_code == 302  # signed out everywhere
    assert not UserSession.objects.filter(user=camille).exists()
    assert not FeedToken.objects.active().filter(user=camille).exists()
    assert not CalendarToken.objects.active().filter(user=camille).exists()
    assert not Membership.objects.filter(user=camille).exists()
    directory = login(bruno).get("/annuaire/?q=duvalberg").content.decode()
    assert "Duvalberg" not in directory
    assert login(bruno).get(f"/annuaire/{camille.slug}/").status_code == 404


def test_what_she_published_stays_attributed_to_a_former_agent(
    camille, bruno, life, superuser, login
):
    person_deactivate(person=camille, by=superuser)
    page = login(bruno).get(life["news"].url).content.decode()
    assert "Je viendrai avec des crêpes" in page
    assert "ancien agent" in page


def test_with_the_setting_her_name_stays_beside_what_she_published(
    camille, bruno, life, superuser, login, settings
):
    settings.DEPARTED_AUTHOR_NAMES = True
    person_deactivate(person=camille, by=superuser)
    page = login(bruno).get(life["news"].url).content.decode()
    assert "Camille Duvalberg (parti(e))" in page


def test_a_failing_step_leaves_the_person_as_before(camille, life, superuser, monkeypatch):
    def broken(person_ids):
        raise RuntimeError("redis down")

    monkeypatch.setattr(registry, "departure_steps", [*registry.departure_steps, broken])
    with pytest.raises(RuntimeError):
        person_deactivate(person=camille, by=superuser)
    camille = User.objects.get(pk=camille.pk)
    assert camille.is_active and camille.departed_at is None
    assert Membership.objects.filter(user=camille).exists()
    assert FeedToken.objects.active().filter(user=camille).exists()


def test_the_admin_confirms_then_deactivates_and_nobody_else_may(camille, bruno, superuser, login):
    url = f"/admin/personnes/{camille.pk}/depart/"
    assert login(bruno).post(url).status_code in (302, 403)
    assert User.objects.get(pk=camille.pk).is_active
    admin = login(superuser)
    page = admin.get(url).content.decode()
    assert "Confirmer le départ" in page
    assert admin.post(url).status_code == 302
    assert not User.objects.get(pk=camille.pk).is_active


def test_the_people_listing_offers_departure_and_anonymisation(home, camille, superuser, login):
    listing = login(superuser).get("/admin/users/").content.decode()
    assert f"/admin/personnes/{camille.pk}/depart/" in listing
    assert f"/admin/personnes/{camille.pk}/anonymiser/" in listing
    assert f"/admin/personnes/{superuser.pk}/depart/" not in listing  # not oneself


def test_the_admin_anonymises_after_a_confirmation(camille, superuser, login):
    admin = login(superuser)
    url = f"/admin/personnes/{camille.pk}/anonymiser/"
    assert "Anonymiser définitivement" in admin.get(url).content.decode()
    assert admin.post(url).status_code == 302
    camille = User.objects.get(pk=camille.pk)
    assert camille.anonymised_at is not None and camille.email is None
    assert admin.post(url).status_code == 302  # a second time: said, nothing done
