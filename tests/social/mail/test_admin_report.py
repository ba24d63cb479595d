"""The admin's e-mail report: for superusers (who run the install), the outbox's state and the
addresses that refuse mail; refused to everyone else, communication officers included."""

import pytest

from social.mail.models import MailBounce
from social.mail.outbox import mail_queue

pytestmark = pytest.mark.django_db
URL = "/admin/rapports/courriels/"


def test_superusers_see_what_waits_and_what_bounces(superuser, agent, elu, login):
    mail_queue(recipient=agent, kind="digest", subject="Résumé", text="Texte")
    MailBounce.objects.create(
        address=elu.email, user=elu, code="550", diagnostic="User unknown", source="smtp"
    )
    page = login(superuser).get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 courriel en attente" in text
    assert elu.email in text and "User unknown" in text


def test_the_report_is_refused_to_communication_officers(communication_officer, login):
    MailBounce.objects.create(address="parti@exemple.fr", code="550", source="smtp")
    response = login(communication_officer).get(URL)
    assert response.status_code in (302, 403)
    assert "parti@exemple.fr" not in response.content.decode()
