"""Notifications: what makes them, who gets them (and who never does), the centre and the bell."""

import pytest

from social.comments import notifications as comment_notifications
from social.comments.services import comment_post
from social.notifications import services
from social.notifications.models import Notification, NotificationPreference
from social.reactions import notifications as reaction_notifications
from social.reactions.services import reaction_set
from tests.factories import UserFactory
from tests.social.conftest import post_comment

pytestmark = pytest.mark.django_db


def notes(user):
    return list(Notification.objects.filter(recipient=user))


# --- Replies and mentions -----------------------------------------------------------------


def test_a_reply_notifies_the_author_of_the_comment(login, agent, colleague, news, committed):
    question = comment_post(author=agent, target=news, body="Qui vient ?")
    with committed():
        post_comment(login(colleague), news, "Moi !", parent=question.pk)
    [note] = notes(agent)
    assert note.kind == "reply"
    assert note.message == "Marie Dupont a répondu à votre commentaire sur « Fête du personnel »"
    assert note.excerpt == "Moi !"
    assert note.url.startswith(news.url) and "#commentaire-" in note.url
    assert notes(colleague) == []  # nobody is told of their own action


def test_a_mention_notifies_the_colleague(login, agent, colleague, news, committed):
    with committed():
        post_comment(login(agent), news, "Qu'en penses-tu @marie.dupont ?")
    [note] = notes(colleague)
    assert note.kind == "mention"
    assert "vous a mentionné sur « Fête du personnel »" in note.message
    html = login(agent).get(news.url).content.decode()
    assert f'<a class="mention" href="/annuaire/{colleague.slug}/"' in html
    assert "@Marie Dupont</a>" in html


def test_a_mention_of_someone_who_cannot_see_the_page_notifies_nobody(
    login, elu, news_index, committed
):
    from tests.factories import make_news

    for_elus = make_news(news_index, title="Séminaire des élus", audience="elus")
    UserFactory(email="jean.martin@exemple.fr", first_name="Jean", last_name="Martin")
    with committed():
        post_comment(login(elu), for_elus, "Voir avec @jean.martin")
    assert Notification.objects.count() == 0


def test_a_mention_in_a_restricted_section_reaches_members_only(login, kb, agent, committed):
    member = UserFactory(email="membre@exemple.fr")
    member.groups.add(kb["management"])
    outsider = UserFactory(email="dehors@exemple.fr")
    superuser = UserFactory(email="chef@exemple.fr", is_superuser=True)
    with committed():
        post_comment(login(superuser), kb["secret"], "@membre et @dehors, à lire")
    assert [n.recipient for n in Notification.objects.all()] == [member]
    assert notes(outsider) == []


def test_an_edit_that_adds_a_mention_notifies_once(login, agent, colleague, news, committed):
    comment = comment_post(author=agent, target=news, body="Premier jet")
    for _round in range(2):
        with committed():
            login(agent).post(
                f"/commentaires/{comment.pk}/modifier/", {"body": f"Avis @marie.dupont {_round}"}
            )
    assert len(notes(colleague)) == 1


def test_running_the_task_twice_makes_one_notification(agent, colleague, news):
    comment = comment_post(author=agent, target=news, body="@marie.dupont regarde")
    assert comment_notifications.notifications_for_comment(comment_id=comment.pk) == 1
    assert comment_notifications.notifications_for_comment(comment_id=comment.pk) == 0
    assert len(notes(colleague)) == 1


def test_an_ambiguous_handle_names_nobody(agent, news):
    UserFactory(email="alex@exemple.fr")
    UserFactory(email="alex@autre-exemple.fr")
    comment = comment_post(author=agent, target=news, body="@alex ?")
    assert comment_notifications.notifications_for_comment(comment_id=comment.pk) == 0
    assert "mention" not in comment.body_html


# --- Mention suggestions ------------------------------------------------------------------


def suggest(client, target, query):
    return client.get(f"/commentaires/mentions/?cible=page-{target.pk}&q={query}")


def test_mention_suggestions_offer_colleagues_who_see_the_page(login, agent, colleague, news):
    html = suggest(login(agent), news, "mar").content.decode()
    assert 'data-handle="marie.dupont"' in html
    assert "Marie Dupont" in html


def test_mention_suggestions_never_name_someone_outside_the_audience(
    login, agent, colleague, elu, news_index
):
    from tests.factories import make_news

    for_agents = make_news(news_index, title="Pour les agents", audience="agents")
    elu.first_name, elu.last_name = "Marius", "Conseil"
    elu.save()
    html = suggest(login(agent), for_agents, "mar").content.decode()
    assert "Marie Dupont" in html
    assert "Marius" not in html


def test_mention_suggestions_on_a_page_you_cannot_see_are_refused(
    login, agent, elus_news, colleague
):
    response = suggest(login(agent), elus_news, "mar")
    assert response.status_code == 404
    assert "Marie" not in response.content.decode()


def test_the_viewers_of_a_page_match_who_may_see_it(
    agent,
    elu,
    colleague,
    payroll_agent,
    communication_officer,
    superuser,
    news_index,
    direction,
    kb,
):
    """The user-side query of mention suggestions agrees with the page-side rule."""
    from tests.factories import make_news

    people = [agent, elu, colleague, payroll_agent, communication_officer, superuser]
    member = UserFactory()
    member.groups.add(kb["management"])
    people.append(member)
    targets = [
        make_news(news_index, title="Tous"),
        make_news(news_index, title="Agents", audience="agents"),
        make_news(news_index, title="Élus", audience="elus"),
        make_news(news_index, title="DRH", audience="services", services=[direction]),
        kb["secret"],
        kb["budget"],
    ]
    for target in targets:
        viewers = set(target.discussion_viewers().values_list("pk", flat=True))
        for person in people:
            from social.people.models import User

            fresh = User.objects.get(pk=person.pk)
            assert (fresh.pk in viewers) == target.discussion_visible_to(fresh), (target, person)


# --- Reactions ----------------------------------------------------------------------------


def test_reactions_accumulate_in_one_notification(agent, news, finances, committed):
    comment = comment_post(author=agent, target=news, body="Photos en ligne")
    fans = [UserFactory(first_name=name, last_name="Fan", service=finances) for name in "ABC"]
    for fan in fans:
        with committed():
            reaction_set(user=fan, target=comment, kind="like", on=True)
    [note] = notes(agent)
    assert note.actors_count == 3
    assert (
        note.message
        == "C Fan et 2 collègues ont réagi à votre commentaire sur « Fête du personnel »"
    )


def test_a_new_batch_starts_once_the_notification_is_read(agent, colleague, news, committed):
    comment = comment_post(author=agent, target=news, body="Texte")
    with committed():
        reaction_set(user=colleague, target=comment, kind="like", on=True)
    services.notification_mark_read(user=agent)
    with committed():
        reaction_set(user=colleague, target=comment, kind="thanks", on=True)
    assert len(notes(agent)) == 2


def test_reacting_to_a_page_notifies_its_author(agent, colleague, news, committed):
    news.owner = agent
    news.save()
    with committed():
        reaction_set(user=colleague, target=news, kind="bravo", on=True)
    assert notes(agent)[0].message == "Marie Dupont a réagi à « Fête du personnel »"


def test_a_reaction_taken_back_before_the_worker_runs_notifies_nobody(agent, colleague, news):
    comment = comment_post(author=agent, target=news, body="Texte")
    reaction_set(user=colleague, target=comment, kind="like", on=True)  # queued, not yet run
    from social.reactions.models import Reaction

    reaction_id = Reaction.objects.get().pk
    reaction_set(user=colleague, target=comment, kind="like", on=False)
    assert reaction_notifications.notifications_for_reaction(reaction_id=reaction_id) is False
    assert notes(agent) == []


# --- Preferences --------------------------------------------------------------------------


def test_turning_a_kind_off_stops_it(login, agent, colleague, news, committed):
    client = login(agent)
    response = client.post("/mon-compte/notifications/", {"canal-reply": "off"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=agent, kind="reply").in_app is False
    question = comment_post(author=agent, target=news, body="Question")
    with committed():
        post_comment(login(colleague), news, "Réponse", parent=question.pk)
    assert notes(agent) == []
    page = client.get("/mon-compte/notifications/").content.decode()
    reply = page[page.index('name="canal-reply"') :]
    assert '<option value="off" selected>' in reply[: reply.index("</select>")]


# --- Workflow outcomes --------------------------------------------------------------------


def test_an_approved_or_rejected_article_notifies_who_submitted_it(kb, agent, superuser, committed):
    from wagtail.models import Task, Workflow, WorkflowTask

    workflow = Workflow.objects.create(name="Relecture")
    task = Task.objects.create(name="Valider")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    article = kb["budget"]
    with committed():
        state = workflow.start(article, agent)
        state.current_task_state.approve(user=superuser, comment="Parfait")
    [note] = notes(agent)
    assert note.kind == "article_approved"
    assert "a validé votre article « Préparer le budget »" in note.message
    assert note.excerpt == "Parfait"
    with committed():
        state = workflow.start(article, agent)
        state.current_task_state.reject(user=superuser, comment="À compléter")
    rejected = Notification.objects.get(recipient=agent, kind="article_rejected")
    assert "a refusé votre article" in rejected.message
    assert rejected.url == f"/admin/pages/{article.pk}/edit/"


# --- The centre and the bell ------------------------------------------------------------


@pytest.fixture
def two_notes(agent, colleague, news):
    first = services.notify(
        recipient=agent, kind="mention", actor=colleague, title="Page A", url="/a/", event_key="a"
    )
    second = services.notify(
        recipient=agent, kind="reply", actor=colleague, title="Page B", url="/b/", event_key="b"
    )
    return first, second


def test_the_bell_shows_the_unread_count(login, agent, two_notes):
    html = login(agent).get("/").content.decode()
    assert 'id="notification-bell"' in html
    assert '<span class="bell__count">2<' in html
    fragment = login(agent).get("/notifications/cloche/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<a id="notification-bell"')
    assert ">2<" in fragment


def test_the_list_shows_messages_newest_first(login, agent, two_notes):
    html = login(agent).get("/notifications/").content.decode()
    assert html.index("Page B") < html.index("Page A")
    assert "Non lues (2)" in html


def test_opening_a_notification_marks_it_read_and_follows_it(login, agent, two_notes):
    first, _second = two_notes
    response = login(agent).get(f"/notifications/{first.pk}/")
    assert response.status_code == 302 and response["Location"] == "/a/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert services.unread_count(agent) == 1


def test_marking_read_with_htmx_updates_the_item_and_the_bell(login, agent, two_notes):
    first, _second = two_notes
    html = (
        login(agent)
        .post(f"/notifications/{first.pk}/lue/", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert html.lstrip().startswith(f'<li class="notification" id="notification-{first.pk}"')
    assert 'hx-swap-oob="true"' in html and '<span class="bell__count">1<' in html


def test_marking_everything_read(login, agent, two_notes):
    client = login(agent)
    assert client.post("/notifications/tout-lu/").status_code == 302
    assert services.unread_count(agent) == 0
    assert "bell__count" not in client.get("/").content.decode()


def test_nobody_reads_or_marks_someone_elses_notifications(login, colleague, two_notes):
    first, _second = two_notes
    client = login(colleague)
    assert client.get(f"/notifications/{first.pk}/").status_code == 404
    assert client.post(f"/notifications/{first.pk}/lue/").status_code == 404
    assert "Page A" not in client.get("/notifications/").content.decode()
    assert "bell__count" not in client.get("/notifications/cloche/").content.decode()
    first.refresh_from_db()
    assert first.read_at is None


def test_a_notification_never_redirects_outside_the_intranet(login, agent, colleague):
    note = services.notify(
        recipient=agent, kind="mention", actor=colleague, title="x", url="https://evil.fr/"
    )
    assert login(agent).get(f"/notifications/{note.pk}/")["Location"] == "/"


def test_an_inactive_person_gets_no_notification(agent, colleague):
    colleague.is_active = False
    colleague.save()
    assert (
        services.notify(recipient=colleague, kind="mention", actor=agent, title="x", url="/")
        is None
    )
