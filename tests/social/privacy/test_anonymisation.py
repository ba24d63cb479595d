"""Anonymisation: afterwards no column of any table holds the person's name, address, phones
or photo, while what belongs to the collectivité remains; one transaction."""

from django.db import connection

import pytest

from cms.core.privacy import registry
from knowledge.models import LibraryDocument
from social.comments.models import Comment
from social.groups.models import Post
from social.messaging.models import Message
from social.people.models import User
from social.polls.models import PollBallot
from social.privacy.departure import AlreadyAnonymised, person_anonymise
from social.reactions.models import Reaction

from .conftest import EMAIL, MOBILE, NAME, PHONE

pytestmark = pytest.mark.django_db


def text_columns() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', "
            "'jsonb', 'json', 'character') ORDER BY table_name, column_name"
        )
        return cursor.fetchall()


def where_found(*needles: str) -> list[str]:
    """Every table.column where one of `needles` appears (case and accents as stored)."""
    found = []
    with connection.cursor() as cursor:
        for table, column in text_columns():
            for needle in needles:
                cursor.execute(  # names read from information_schema, the value a parameter
                    f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{needle}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column} ({needle})")
    return found


def test_no_table_holds_the_name_email_phone_or_photo_afterwards(camille, bruno, life, superuser):
    photo = camille.photo.name
    needles = (NAME[1], EMAIL, PHONE, MOBILE, photo, "camille.duvalberg", "M-4521")
    assert where_found(*needles), "the scan must first find her everywhere she is"

    person_anonymise(person=camille, by=superuser)

    assert where_found(*needles) == []
    camille.refresh_from_db()
    assert camille.last_name == f"Ancien agent n°{camille.pk}"
    assert not camille.is_active and not camille.has_usable_password()
    assert camille.anonymised_at is not None


def test_what_belongs_to_the_collectivite_remains_what_is_personal_goes(
    camille, bruno, life, superuser
):
    person_anonymise(person=camille, by=superuser)
    assert Comment.objects.filter(author=camille).count() == 1  # in its thread
    assert Post.objects.filter(author=camille).count() == 1
    assert Message.objects.filter(author=camille).count() == 1
    assert LibraryDocument.objects.filter(uploaded_by_user=camille).exists()
    assert not Reaction.objects.filter(user=camille).exists()
    assert not PollBallot.objects.filter(voter=camille).exists()
    assert not camille.notifications.exists()
    assert not camille.event_registrations.exists()
    # Bruno's reply that mentioned her names the anonymised person now.
    reply = Comment.objects.get(author=bruno)
    assert "duvalberg" not in reply.body.lower() and "Duvalberg" not in reply.body_html
    assert f"Ancien agent n°{camille.pk}" in reply.body_html


def test_a_failure_leaves_the_person_as_before(camille, life, superuser, monkeypatch):
    def broken(person, replacement):
        raise RuntimeError("disk full")

    monkeypatch.setattr(registry, "anonymisers", [*registry.anonymisers, broken])
    with pytest.raises(RuntimeError):
        person_anonymise(person=camille, by=superuser)
    camille = User.objects.get(pk=camille.pk)
    assert (camille.last_name, camille.email, camille.mobile) == (NAME[1], EMAIL, MOBILE)
    assert camille.is_active and camille.anonymised_at is None
    assert Reaction.objects.filter(user=camille).exists()


def test_anonymising_twice_is_refused(camille, superuser):
    person_anonymise(person=camille, by=superuser)
    with pytest.raises(AlreadyAnonymised):
        person_anonymise(person=camille, by=superuser)
