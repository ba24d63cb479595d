"""Reports, the moderation queue in the admin, and what authors and reporters are told."""

import pytest

from social.comments.models import Comment, CommentReport
from social.comments.services import comment_post
from social.notifications.models import Notification

pytestmark = pytest.mark.django_db

QUEUE = "/admin/moderation/"


@pytest.fixture
def rude(agent, news):
    return comment_post(author=agent, target=news, body="Propos déplacés envers un collègue")


def report(client, comment, reason="disrespectful", **extra):
    return client.post(
        f"/commentaires/{comment.pk}/signaler/", {"reason": reason, "details": "Blessant"}, **extra
    )


def test_an_agent_reports_a_comment_with_a_reason(login, colleague, rude):
    response = report(login(colleague), rude, HTTP_HX_REQUEST="true")
    assert "votre signalement est transmis" in response.content.decode()
    filed = CommentReport.objects.get()
    assert (filed.comment, filed.reporter, filed.reason) == (rude, colleague, "disrespectful")


def test_the_report_form_works_without_javascript(login, colleague, rude):
    page = login(colleague).get(f"/commentaires/{rude.pk}/signaler/")
    assert "Propos injurieux ou irrespectueux" in page.content.decode()
    response = report(login(colleague), rude)
    assert response.status_code == 302


def test_a_report_without_reason_is_refused_clearly(login, colleague, rude):
    response = report(login(colleague), rude, reason="")
    assert response.status_code == 400
    assert "Choisissez le motif du signalement." in response.content.decode()
    assert not CommentReport.objects.exists()


def test_reporting_twice_files_one_report(login, colleague, rude):
    report(login(colleague), rude)
    response = report(login(colleague), rude, HTTP_HX_REQUEST="true")
    assert "déjà signalé" in response.content.decode()
    assert CommentReport.objects.count() == 1


def test_nobody_reports_their_own_comment(login, agent, rude):
    assert report(login(agent), rude).status_code == 404


def test_the_queue_lists_reported_comments_for_moderators(
    login, colleague, communication_officer, rude
):
    report(login(colleague), rude)
    html = login(communication_officer).get(QUEUE).content.decode()
    assert "Propos déplacés" in html
    assert "Propos injurieux ou irrespectueux" in html
    assert "Blessant" in html


def test_agents_cannot_open_the_queue_nor_moderate(login, agent, colleague, rude):
    report(login(colleague), rude)
    client = login(colleague)
    assert client.get(QUEUE).status_code in {302, 403}
    assert client.post(f"{QUEUE}{rude.pk}/hide/").status_code in {302, 403}
    rude.refresh_from_db()
    assert rude.is_published


def test_hiding_tells_the_author_and_the_reporters(
    login, agent, colleague, communication_officer, rude, committed
):
    report(login(colleague), rude)
    with committed():
        response = login(communication_officer).post(f"{QUEUE}{rude.pk}/hide/")
    assert response.status_code == 302
    rude.refresh_from_db()
    assert rude.status == Comment.Status.HIDDEN
    assert CommentReport.objects.get().outcome == "hidden"
    author_note = Notification.objects.get(recipient=agent)
    assert author_note.kind == "moderation"
    assert "masqué par la modération" in author_note.message
    reporter_note = Notification.objects.get(recipient=colleague)
    assert reporter_note.kind == "report_outcome"
    assert "retiré" in reporter_note.message
    assert communication_officer.get_full_name() not in reporter_note.message


def test_a_hidden_comment_is_seen_by_its_author_and_moderators_only(
    login, agent, colleague, communication_officer, news, rude
):
    login(communication_officer).post(f"{QUEUE}{rude.pk}/hide/")
    assert "Propos déplacés" not in login(colleague).get(news.url).content.decode()
    for user in (agent, communication_officer):
        html = login(user).get(news.url).content.decode()
        assert "Propos déplacés" in html
        assert "Masqué par la modération" in html


def test_restoring_brings_it_back(
    login, agent, colleague, communication_officer, news, rude, committed
):
    with committed():
        login(communication_officer).post(f"{QUEUE}{rude.pk}/hide/")
    with committed():
        login(communication_officer).post(f"{QUEUE}{rude.pk}/restore/")
    assert "Propos déplacés" in login(colleague).get(news.url).content.decode()
    assert Notification.objects.filter(recipient=agent, detail="restored").exists()


def test_keeping_closes_the_reports(login, colleague, communication_officer, rude, committed):
    report(login(colleague), rude)
    with committed():
        login(communication_officer).post(f"{QUEUE}{rude.pk}/keep/")
    rude.refresh_from_db()
    assert rude.is_published
    assert CommentReport.objects.get().outcome == "kept"
    assert "conservé" in Notification.objects.get(recipient=colleague).message
    assert "Propos déplacés" not in login(communication_officer).get(QUEUE).content.decode()


def test_a_moderator_deletes_from_the_page(login, agent, communication_officer, rude, committed):
    with committed():
        response = login(communication_officer).post(f"/commentaires/{rude.pk}/supprimer/")
    assert response.status_code == 302
    rude.refresh_from_db()
    assert rude.is_deleted and rude.body == ""
    assert Notification.objects.get(recipient=agent).detail == "deleted"


def test_an_unknown_moderation_action_changes_nothing(login, communication_officer, rude):
    login(communication_officer).post(f"{QUEUE}{rude.pk}/publish-everywhere/")
    rude.refresh_from_db()
    assert rude.is_published


def test_the_moderation_menu_shows_to_moderators_only(login, agent, communication_officer):
    admin = login(communication_officer).get("/admin/").content.decode()
    assert "/admin/moderation/" in admin
    agent.is_staff = True
    agent.save()
    from django.contrib.auth.models import Permission

    agent.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert "/admin/moderation/" not in login(agent).get("/admin/").content.decode()


def test_the_queue_reads_a_fixed_number_of_queries(
    login, agent, colleague, communication_officer, news, django_assert_max_num_queries
):
    from social.comments.services import comment_report

    for number in range(15):
        comment = comment_post(
            author=agent, target=news, body=f"Propos {number}", rate_limited=False
        )
        comment_report(comment=comment, user=colleague, reason="spam")
    client = login(communication_officer)
    client.get(QUEUE)
    with django_assert_max_num_queries(20):  # 14 today; 29 with a query per comment
        html = client.get(QUEUE).content.decode()
    assert html.count("Publicité ou message répété") == 15


def test_agents_cannot_open_the_polls_admin(login, agent, communication_officer):
    from django.contrib.auth.models import Permission

    agent.is_staff = True
    agent.save()
    agent.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for url in ("/admin/snippets/polls/poll/", "/admin/snippets/polls/poll/add/"):
        response = login(agent).get(url)
        assert response.status_code in {302, 403}, url
    assert login(communication_officer).get("/admin/snippets/polls/poll/").status_code == 200


def test_the_pending_count_is_what_the_queue_lists(
    login, agent, colleague, communication_officer, news, rude
):
    """Comments never reported, handled ones and deleted ones are not « to handle »."""
    from social.comments.services import comment_moderate, comment_report

    for number in range(5):
        comment_post(author=agent, target=news, body=f"Sans histoire {number}", rate_limited=False)
    kept = comment_post(author=agent, target=news, body="Conservé", rate_limited=False)
    comment_report(comment=kept, user=colleague, reason="spam")
    comment_moderate(comment=kept, moderator=communication_officer, action="keep")
    comment_report(comment=rude, user=colleague, reason="spam")
    client = login(communication_officer)

    html = client.get(QUEUE).content.decode()
    assert "à traiter (1)" in html
    assert html.count("Publicité ou message répété") == 1

    comment_moderate(comment=rude, moderator=communication_officer, action="keep")
    html = client.get(QUEUE).content.decode()
    assert "à traiter (0)" in html and "rien à traiter" in html


def test_the_queues_second_page_shows_the_next_reports(
    login, agent, colleague, communication_officer, news
):
    from social.comments.services import comment_report

    for number in range(25):
        comment = comment_post(
            author=agent, target=news, body=f"Propos numéro {number:02d}", rate_limited=False
        )
        comment_report(comment=comment, user=colleague, reason="spam")
    client = login(communication_officer)
    first = client.get(QUEUE).content.decode()
    assert "à traiter (25)" in first
    assert "?p=2" in first  # the link Wagtail's pagination writes

    second = client.get(QUEUE + "?p=2").content.decode()

    assert second.count("Publicité ou message répété") == 5
    assert "Propos numéro 24" in second and "Propos numéro 24" not in first
