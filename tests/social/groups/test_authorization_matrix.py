"""Who may reach what in groups: anonymous, non-member, requester (or invited), member, group
administrator, site editor (communication officer) and superuser, against every route that
shows a group's content, for each visibility. Every refused cell is asserted: status code, and
the content absent from what comes back (pages, fragments, lists, search, files, suggestions,
notifications)."""

from django.contrib.auth.models import AnonymousUser

import pytest

from social.comments.services import comment_post
from social.groups.models import Membership, Visibility
from social.groups.services import group_invite, post_create
from social.notifications.models import Notification
from social.notifications.services import notifications_visible_to
from social.people.models import User

from .conftest import make_group, pdf, png

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "requester", "member", "admin", "editor", "superuser"]
READERS = {
    Visibility.OPEN: {"outsider", "requester", "member", "admin", "editor", "superuser"},
    Visibility.CLOSED: {"member", "admin", "superuser"},
    Visibility.SECRET: {"member", "admin", "superuser"},
}
# Who may know the group exists (its page, its name in lists and search).
KNOWERS = {
    Visibility.OPEN: READERS[Visibility.OPEN],
    Visibility.CLOSED: {"outsider", "requester", "member", "admin", "editor", "superuser"},
    Visibility.SECRET: {"requester", "member", "admin", "superuser"},  # requester: invited
}


@pytest.fixture
def world(home, committed, owner, member, outsider, requester, communication_officer, superuser):
    """For each visibility, a group with a post (text, image, document, poll), a comment; the
    requester asked to join the closed group and was invited into the secret one."""
    people = {
        "outsider": outsider,
        "requester": requester,
        "member": member,
        "admin": owner,
        "editor": communication_officer,
        "superuser": superuser,
    }
    data = {}
    with committed():
        for visibility, name in (
            (Visibility.OPEN, "Pause café"),
            (Visibility.CLOSED, "Référents numériques"),
            (Visibility.SECRET, "Cellule de crise"),
        ):
            group = make_group(owner, visibility, name, members=[member])
            if visibility == Visibility.CLOSED:
                Membership.objects.create(
                    group=group, user=requester, state=Membership.State.REQUESTED
                )
            if visibility == Visibility.SECRET:
                group_invite(group=group, admin=owner, user=requester)
            word = f"Zorglub{visibility}"
            post = post_create(
                group=group,
                author=member,
                body=f"Message {word} pour @claire.admin et @nina.dehors",
                images=[(png(), f"Image {word}")],
                documents=[pdf(f"rapport-{visibility}.pdf")],
                poll={"question": f"Sondage {word} ?", "choices": ["Oui", "Non"]},
                rate_limited=False,
            )
            comment = comment_post(
                author=owner, target=post, body=f"Commentaire {word}", rate_limited=False
            )
            data[visibility] = {
                "group": group,
                "post": post,
                "word": word,
                "comment": comment,
                "document": post.attachments.get().document,
                "image": post.images.get(),
            }
    return people, data


def client_for(role, people, login, client):
    return client if role == "anonymous" else login(people[role])


def refused_status(visibility, role):
    return 403 if role in KNOWERS[visibility] else 404


@pytest.mark.parametrize("visibility", list(Visibility))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(world, login, client, visibility, role):
    people, data = world
    item = data[visibility]
    group, post, word = item["group"], item["post"], item["word"]
    http = client_for(role, people, login, client)
    reads = role in READERS[visibility]
    knows = role in KNOWERS[visibility]
    failures = []

    def check(label, response, *, allowed, refused=404, text=None, text_when_refused=False):
        if role == "anonymous":
            ok = response.status_code == 302 and "/connexion/" in response["Location"]
            if not ok:
                failures.append(f"{label}: anonymous got {response.status_code}")
            return
        body = response.content.decode(errors="replace") if not response.streaming else ""
        if allowed:
            if response.status_code not in (200, 302):
                failures.append(f"{label}: allowed but got {response.status_code}")
            elif text and text not in body:
                failures.append(f"{label}: allowed but {text!r} missing")
        else:
            if response.status_code != refused:
                failures.append(f"{label}: refused should be {refused}, got {response.status_code}")
            if text and text in body and not text_when_refused:
                failures.append(f"{label}: refused but {text!r} shown")

    group_url = group.get_absolute_url()
    # The group's page: readers see the feed; those who know it, a members-only page.
    response = http.get(group_url)
    check("group page", response, allowed=knows, text=word if reads else group.name)
    if knows and not reads and role != "anonymous":
        assert word not in response.content.decode(), "members-only page shows a post"
    # The feed's next pages (htmx infinite scroll).
    response = http.get(
        group_url, {"avant": "2999-01-01T00:00:00+00:00~0~999999999"}, HTTP_HX_REQUEST="true"
    )
    if role != "anonymous" and knows:
        body = response.content.decode()
        if reads != (word in body):
            failures.append(f"feed fragment: reads={reads} but word shown={word in body}")
    else:
        check("feed fragment", response, allowed=False, refused=404)
    check(
        "post",
        http.get(post.get_absolute_url()),
        allowed=reads,
        refused=refused_status(visibility, role),
        text=word,
    )
    check(
        "comments fragment",
        http.get(
            f"/commentaires/publication/{post.pk}/", {"commentaires": "1"}, HTTP_HX_REQUEST="true"
        ),
        allowed=reads,
        text=f"Commentaire {word}",
    )
    check(
        "members",
        http.get(f"{group_url}membres/"),
        allowed=reads,
        refused=refused_status(visibility, role),
        text="Paul Membre",
    )
    check(
        "drive",
        http.get(f"/bibliotheque/dossiers/{group.folder_id}/"),
        allowed=reads,
        text=item["document"].title,
    )
    check(
        "drive shortcut",
        http.get(f"{group_url}documents/"),
        allowed=reads,
        refused=refused_status(visibility, role),
    )
    check(
        "download",
        http.get(f"/bibliotheque/documents/{item['document'].pk}/telecharger/"),
        allowed=reads,
    )
    check("image", http.get(f"/groupes/images/{item['image'].pk}/"), allowed=reads)
    check("group logo", http.get(f"{group_url}image/"), allowed=False, refused=404)  # no logo set
    check("poll", http.get(f"/sondages/{post.poll_id}/"), allowed=reads, text=f"Sondage {word}")
    check(
        "mention suggestions",
        http.get("/commentaires/mentions/", {"cible": f"publication-{post.pk}", "q": "Paul"}),
        allowed=reads,
    )
    check(
        "composer suggestions",
        http.get("/commentaires/mentions/", {"cible": f"groupe-{group.pk}", "q": "Paul"}),
        allowed=role in ("member", "admin"),
    )
    check("who reacted", http.get(f"/reactions/publication/{post.pk}/qui/"), allowed=reads)
    check(
        "react",
        http.post(f"/reactions/publication/{post.pk}/", {"reaction": "like:on"}),
        allowed=reads,
    )
    check(
        "comment",
        http.post(f"/commentaires/publication/{post.pk}/publier/", {"body": "Bonjour"}),
        allowed=reads,
    )
    # Directory and search: the name of a secret group, and the posts of a closed or secret
    # one, are found by those who may see them only.
    response = http.get("/groupes/")
    if role != "anonymous" and (group.name in response.content.decode()) != knows:
        failures.append(f"directory lists the group: {not knows}")
    response = http.get("/recherche/", {"q": word})
    if role != "anonymous" and (post.get_absolute_url() in response.content.decode()) != reads:
        failures.append(f"search finds the post: {not reads}")
    document = item["document"]
    response = http.get("/recherche/", {"q": document.title})
    found = f"/bibliotheque/documents/{document.pk}/" in response.content.decode()
    if role != "anonymous" and found != reads:
        failures.append(f"search finds the drive's document: {not reads}")
    response = http.get("/recherche/", {"q": group.name})
    if role != "anonymous" and (group.get_absolute_url() in response.content.decode()) != knows:
        failures.append(f"search finds the group: {not knows}")
    # Writing: only members post; only administrators manage.
    check(
        "publish",
        http.post(f"{group_url}publier/", {"body": "Nouveau"}),
        allowed=role in ("member", "admin"),
        refused=403 if reads or knows else 404,
    )
    check(
        "settings",
        http.get(f"{group_url}modifier/"),
        allowed=role in ("admin", "superuser"),
        refused=403 if knows else 404,
    )
    check(
        "moderate",
        http.post(f"/groupes/{group.slug}/publications/{post.pk}/moderer/", {"action": "pin"}),
        allowed=role in ("admin", "superuser"),
        refused=403 if reads else refused_status(visibility, role),
    )
    # Notifications: whoever may not read the group got none about it (the post mentioned
    # the outsider), and none are listed or counted for them.
    if role != "anonymous":
        user = User.objects.get(pk=people[role].pk)
        made = Notification.objects.filter(recipient=user, group=group).exclude(
            kind=Notification.Kind.GROUP_MEMBERSHIP
        )
        if not reads and made.exists():
            failures.append("notified about a group they cannot read")
        listed = notifications_visible_to(user).filter(group=group)
        if not knows and listed.exists():
            failures.append("notifications list shows a group they cannot see")
        if not knows and group.name in http.get("/notifications/").content.decode():
            failures.append("notification page names the group")
    assert not failures, f"{role} × {visibility}:\n" + "\n".join(failures)


def test_site_editor_does_not_see_closed_or_secret_drives_in_the_admin(world, login):
    people, data = world
    body = login(people["editor"]).get("/admin/documents/").content.decode()
    assert data[Visibility.OPEN]["document"].title in body
    assert data[Visibility.CLOSED]["document"].title not in body
    assert data[Visibility.SECRET]["document"].title not in body


def test_group_polls_are_not_in_the_editors_poll_admin(world, login):
    people, data = world
    client = login(people["editor"])
    poll_id = data[Visibility.SECRET]["post"].poll_id
    assert "Sondage Zorglubsecret" not in client.get("/admin/snippets/polls/poll/").content.decode()
    assert client.get(f"/admin/snippets/polls/poll/edit/{poll_id}/").status_code == 404


def test_members_are_notified_of_posts_and_mentions_but_not_the_outsider(world):
    people, data = world
    for visibility, item in data.items():
        admin_notes = Notification.objects.filter(recipient=people["admin"], group=item["group"])
        assert admin_notes.filter(kind=Notification.Kind.MENTION).exists(), visibility
        outsider_notes = Notification.objects.filter(
            recipient=people["outsider"], group=item["group"]
        )
        assert outsider_notes.exists() == (visibility == Visibility.OPEN), visibility


def test_anonymous_visitor_has_no_group_rights():
    from social.groups.permissions import member_group_ids, visible_group_filter

    assert member_group_ids(AnonymousUser()) == []
    assert visible_group_filter(AnonymousUser()).children == [("pk__in", [])]


@pytest.mark.parametrize("intruder", ["member", "outsider", "editor"])
def test_membership_management_is_refused_to_non_administrators(
    home, login, owner, member, outsider, requester, communication_officer, intruder
):
    """Deciding requests, inviting, changing roles, removing people: administrators only,
    whatever a crafted POST says; nothing changes."""
    people = {"member": member, "outsider": outsider, "editor": communication_officer}
    group = make_group(owner, Visibility.CLOSED, "Référents", members=[member])
    request = Membership.objects.create(group=group, user=requester, state="requested")
    admin = Membership.objects.get(group=group, user=owner)
    client = login(people[intruder])
    base = f"/groupes/{group.slug}"
    attempts = [
        (f"{base}/demandes/{request.pk}/accepter/", {}),
        (f"{base}/demandes/{request.pk}/refuser/", {}),
        (f"{base}/inviter/", {"personne": outsider.email}),
        (f"{base}/membres/{admin.pk}/role/", {"role": "member"}),
        (f"{base}/membres/{admin.pk}/retirer/", {}),
        (f"{base}/supprimer/", {"nom": group.name}),
    ]
    for url, data in attempts:
        assert client.post(url, data).status_code == 403, url
    states = dict(Membership.objects.filter(group=group).values_list("user_id", "state"))
    assert states == {owner.pk: "active", member.pk: "active", requester.pk: "requested"}
    assert Membership.objects.get(pk=admin.pk).role == "admin"


def test_only_members_set_their_notifications_for_a_group(home, login, owner, outsider):
    group = make_group(owner, Visibility.OPEN, "Pause café")
    response = login(outsider).post(f"/groupes/{group.slug}/notifications/", {"niveau": "none"})
    assert response.status_code == 403
    assert not Membership.objects.filter(group=group, user=outsider).exists()
