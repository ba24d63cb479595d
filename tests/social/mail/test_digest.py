"""The digest, received by a real SMTP server: what it says, to whom, once, and never what its
reader may not see at sending time."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group as AuthGroup
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from social.groups.models import Visibility
from social.groups.services import group_leave
from social.mail.digest import digest_send, periods_due, recipients_due
from social.mail.models import DigestDelivery, MailBounce, MailSettings, OutgoingMail
from social.mail.outbox import outbox_send
from social.notifications.models import Channel, Notification, NotificationPreference
from social.notifications.services import notify
from social.people.audience import Audience
from tests.factories import UserFactory, make_news
from tests.social.groups.conftest import make_group

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
PERIOD = "w2026-50"


def reply_to(person, title="Budget 2027", actor=None):
    return notify(
        recipient=person,
        kind=Notification.Kind.REPLY,
        actor=actor or UserFactory(first_name="Paul", last_name="Durand"),
        title=title,
        url="/actualites/budget-2027/",
        excerpt="Je suis d'accord avec la proposition.",
    )


def send(person):
    result = digest_send(user_id=person.pk, period=PERIOD)
    outbox_send()
    return result


def test_a_digest_arrives_with_both_parts_links_and_one_click_unsubscribe(smtp, agent, news_index):
    reply_to(agent)
    make_news(news_index, title="Nouvelle cantine centrale", lead="Elle ouvre lundi.")

    assert send(agent) == "sent"

    [message] = smtp.to("agent@exemple.fr")
    assert message["Subject"].strip() == "Votre résumé de la semaine — 1 notification non lue"
    assert message["From"] == "intranet@parvis.localhost"
    assert message["Auto-Submitted"] == "auto-generated"
    unsubscribe = re.fullmatch(
        r"<(https://intranet\.exemple\.fr/courriel/desabonnement/[^>]+/)>",
        "".join(message["List-Unsubscribe"].split()),
    )
    assert unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = smtp.parts(message)
    for body in (text, html):
        assert "Paul Durand a répondu à votre commentaire sur « Budget 2027 »" in body
        assert "Nouvelle cantine centrale" in body
        assert "Réponses à mes commentaires" in body  # grouped by kind
        assert unsubscribe.group(1) in body
    notification = Notification.objects.get(recipient=agent)
    assert f"https://intranet.exemple.fr/notifications/{notification.pk}/" in text
    assert 'lang="fr"' in html
    # Light and sovereign: no image, no style sheet, nothing fetched from elsewhere.
    assert "<img" not in html and "<link" not in html and "<script" not in html
    assert set(re.findall(r'(?:href|src)="(https?://[^/"]+)', html)) == {
        "https://intranet.exemple.fr"
    }
    # Recorded, and the notification digested, together.
    delivery = DigestDelivery.objects.get(user=agent, period=PERIOD)
    assert delivery.mail.status == OutgoingMail.Status.SENT
    assert delivery.counts == {"notifications": 1, "news": 1}
    assert notification.digested_at is not None


def test_the_one_click_unsubscribe_works_without_login(smtp, agent, client):
    reply_to(agent)
    send(agent)
    [message] = smtp.to("agent@exemple.fr")
    header = "".join(message["List-Unsubscribe"].split())
    url = header.strip("<>").removeprefix("https://intranet.exemple.fr")

    # What a mail client does (RFC 8058): a POST with no cookie and no CSRF token.
    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "Vous ne recevrez plus par e-mail" in response.content.decode()
    assert MailSettings.objects.get(user=agent).digest == MailSettings.Frequency.NEVER
    assert agent.pk not in recipients_due(MailSettings.Frequency.WEEKLY, "w2026-51")


def test_a_forged_unsubscribe_link_changes_nothing(client, agent):
    response = client.post("/courriel/desabonnement/not-a-token/")
    assert response.status_code == 404
    assert not MailSettings.objects.filter(user=agent).exists()


def test_nothing_to_say_sends_nothing_and_is_not_computed_again(smtp, agent):
    assert send(agent) == "empty"
    assert smtp.messages == []
    assert DigestDelivery.objects.get(user=agent, period=PERIOD).mail is None
    assert agent.pk not in recipients_due(MailSettings.Frequency.WEEKLY, PERIOD)


def test_a_digest_is_written_once_per_period(smtp, agent):
    reply_to(agent)
    assert send(agent) == "sent"
    reply_to(agent, title="Un autre sujet")
    assert send(agent) == "done"
    assert len(smtp.to("agent@exemple.fr")) == 1
    # The second notification waits for the next period.
    assert Notification.objects.filter(recipient=agent, digested_at__isnull=True).count() == 1


def test_read_notifications_and_kinds_sent_elsewhere_stay_out(smtp, agent):
    read = reply_to(agent, title="Déjà lu")
    read.read_at = timezone.now()
    read.save()
    NotificationPreference.objects.create(
        user=agent, kind=Notification.Kind.GROUP_POST, channel=Channel.APP
    )
    notify(
        recipient=agent,
        kind=Notification.Kind.GROUP_POST,
        actor=UserFactory(),
        title="Club photo",
        url="/groupes/club-photo/",
    )
    assert send(agent) == "empty"


def test_a_secret_group_left_before_sending_leaves_no_trace(smtp, agent):
    owner = UserFactory()
    group = make_group(owner, Visibility.SECRET, "Cellule de crise", members=[agent])
    notify(
        recipient=agent,
        kind=Notification.Kind.GROUP_POST,
        actor=owner,
        title="Cellule de crise",
        url=f"/groupes/{group.slug}/",
        group=group,
    )
    group_leave(group=group, user=agent)

    assert send(agent) == "empty"
    assert "Cellule de crise" not in "".join(str(m) for m in smtp.messages)


def test_news_whose_audience_changed_since_is_not_sent(smtp, agent, elu, news_index):
    news = make_news(news_index, title="Séminaire des élus")
    news.audience = Audience.ELUS
    news.save_revision().publish()

    send(agent)
    digest_send(user_id=elu.pk, period=PERIOD)
    outbox_send()

    assert smtp.to("agent@exemple.fr") == []
    [to_elu] = smtp.to("elu@exemple.fr")
    assert "Séminaire des élus" in smtp.parts(to_elu)[0]


def test_news_of_another_service_is_not_sent(smtp, agent, payroll, news_index):
    make_news(news_index, title="Note à la paie", audience=Audience.SERVICES, services=[payroll])
    assert send(agent) == "empty"


def test_pinned_news_come_first(smtp, agent, news_index):
    make_news(news_index, title="Travaux rue Haute", date=timezone.now() - timedelta(hours=1))
    make_news(
        news_index, title="Plan grand froid", pinned=True, date=timezone.now() - timedelta(days=2)
    )
    send(agent)
    text = smtp.parts(smtp.to("agent@exemple.fr")[0])[0]
    assert text.index("Plan grand froid") < text.index("Travaux rue Haute")


def test_news_already_in_the_last_digest_are_not_sent_again(smtp, agent, news_index):
    make_news(news_index, title="Nouvelle cantine centrale")
    send(agent)
    assert digest_send(user_id=agent.pk, period="w2026-51") == "empty"


def test_the_digest_is_written_in_the_persons_language(smtp, agent):
    MailSettings.objects.create(user=agent, language="en")
    reply_to(agent)
    send(agent)
    [message] = smtp.to("agent@exemple.fr")
    assert message["Subject"].strip().startswith("Your weekly digest")
    text, html = smtp.parts(message)
    assert 'lang="en"' in html
    assert "Unsubscribe" in text


def test_weekly_digests_are_due_from_monday_eight_paris_time():
    monday_early = datetime(2026, 12, 7, 7, 59, tzinfo=PARIS)
    monday = datetime(2026, 12, 7, 8, 0, tzinfo=PARIS)
    saturday = datetime(2026, 12, 12, 10, 0, tzinfo=PARIS)
    assert periods_due(monday_early) == {}
    assert periods_due(monday) == {"weekly": "w2026-50", "daily": "d2026-12-07"}
    assert periods_due(saturday) == {"weekly": "w2026-50"}  # a missed Monday is caught up


def test_who_gets_a_weekly_digest(agent, elu, finances):
    without_address = UserFactory(email=None)
    gone = UserFactory(is_active=False)
    daily = UserFactory()
    MailSettings.objects.create(user=daily, digest=MailSettings.Frequency.DAILY)
    never = UserFactory()
    MailSettings.objects.create(user=never, digest=MailSettings.Frequency.NEVER)
    bouncing = UserFactory(email="parti@exemple.fr")
    MailBounce.objects.create(address="Parti@exemple.fr", code="5.1.1", source="dsn")

    weekly = recipients_due(MailSettings.Frequency.WEEKLY, PERIOD)
    assert set(weekly) == {agent.pk, elu.pk}
    assert recipients_due(MailSettings.Frequency.DAILY, "d2026-12-07") == [daily.pk]
    for person in (without_address, gone, never, bouncing):
        assert person.pk not in weekly


def test_news_in_a_restricted_section_reach_only_those_let_in(smtp, agent, elu, news_index):
    management = AuthGroup.objects.create(name="Comité de direction")
    elu.groups.add(management)
    news = make_news(news_index, title="Réorganisation confidentielle")
    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(management)

    assert send(agent) == "empty"
    digest_send(user_id=elu.pk, period=PERIOD)
    outbox_send()
    assert "Réorganisation confidentielle" in smtp.parts(smtp.to("elu@exemple.fr")[0])[0]


def test_a_person_who_turned_digests_off_after_queueing_gets_none(smtp, agent):
    reply_to(agent)
    MailSettings.objects.create(user=agent, digest=MailSettings.Frequency.NEVER)
    assert send(agent) == "done"
    assert smtp.messages == []
