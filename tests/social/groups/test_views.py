"""Groups through their pages, as people use them (plain forms; htmx where it matters)."""

import pytest

from knowledge.models import LibraryDocument
from social.groups.models import Group, Membership, Post, Visibility
from social.groups.services import group_request_decide
from social.notifications.models import Notification
from social.people.models import User
from tests.social.conftest import at_once

from .conftest import make_group, pdf, png

pytestmark = pytest.mark.django_db


def test_create_a_closed_group_through_the_form(home, login, owner):
    response = login(owner).post(
        "/groupes/creer/",
        {
            "name": "Urbanisme et logement",
            "description": "Les dossiers d'urbanisme",
            "kind": "transverse",
            "visibility": "closed",
            "members_can_post": "on",
            "members_can_upload": "on",
        },
    )
    group = Group.objects.get(name="Urbanisme et logement")
    assert response.status_code == 302 and response["Location"] == group.get_absolute_url()
    assert group.visibility == Visibility.CLOSED and group.slug == "urbanisme-et-logement"
    assert Membership.objects.get(group=group, user=owner).is_admin


def test_a_duplicate_name_is_refused_in_french_with_the_form_kept(home, login, owner):
    make_group(owner, Visibility.OPEN, "Pause café")
    response = login(owner).post(
        "/groupes/creer/",
        {"name": "pause CAFÉ", "kind": "social", "visibility": "open", "description": "x"},
    )
    assert response.status_code == 400
    assert "Un groupe porte déjà ce nom" in response.content.decode()
    assert Group.objects.count() == 1


def test_a_service_group_needs_its_service(home, login, owner):
    response = login(owner).post(
        "/groupes/creer/", {"name": "RH", "kind": "service", "visibility": "open"}
    )
    assert response.status_code == 400
    assert "Choisissez le service de ce groupe" in response.content.decode()


def test_request_then_approval_through_the_members_page(home, login, owner, requester, committed):
    group = make_group(owner, Visibility.CLOSED, "Référents numériques")
    with committed():
        login(requester).post(f"/groupes/{group.slug}/rejoindre/", {"message": "Je suis référent"})
    membership = Membership.objects.get(group=group, user=requester)
    assert membership.state == Membership.State.REQUESTED
    admin_client = login(owner)
    page = admin_client.get(f"/groupes/{group.slug}/membres/").content.decode()
    assert "Je suis référent" in page
    assert Notification.objects.filter(recipient=owner, detail="request").exists()
    with committed():
        response = admin_client.post(f"/groupes/{group.slug}/demandes/{membership.pk}/accepter/")
    assert response.status_code == 302
    assert login(requester).get(group.get_absolute_url()).status_code == 200
    assert Notification.objects.get(recipient=requester, detail="approved")


def test_refused_request_tells_the_requester_and_lets_them_ask_again(
    home, login, owner, requester, committed
):
    group = make_group(owner, Visibility.CLOSED, "Référents numériques", requesters=[requester])
    membership = Membership.objects.get(group=group, user=requester)
    with committed():
        login(owner).post(f"/groupes/{group.slug}/demandes/{membership.pk}/refuser/")
    assert not Membership.objects.filter(group=group, user=requester).exists()
    assert Notification.objects.get(recipient=requester, detail="refused")
    login(requester).post(f"/groupes/{group.slug}/rejoindre/")
    assert Membership.objects.get(group=group, user=requester).state == "requested"


@pytest.mark.django_db(transaction=True)
def test_two_admins_approving_the_same_request_at_once_make_one_member_and_one_notice(
    home, owner, member, requester
):
    group = make_group(owner, Visibility.CLOSED, "Référents numériques", members=[member])
    Membership.objects.filter(group=group, user=member).update(role="admin")
    membership = Membership.objects.create(group=group, user=requester, state="requested")
    second_admin = User.objects.get(pk=member.pk)

    def approve(admin):
        def run():
            try:
                group_request_decide(
                    group=group, admin=admin, membership_id=membership.pk, approve=True
                )
                return "approved"
            except Exception as error:  # noqa: BLE001 (the outcome is what is compared)
                return getattr(error, "message", repr(error))

        return run

    results = at_once(approve(User.objects.get(pk=owner.pk)), approve(second_admin))
    assert sorted(results) == sorted(
        ["approved", "Cette demande a déjà été traitée par un autre administrateur."]
    )
    assert Membership.objects.get(group=group, user=requester).state == "active"
    readers = Group.objects.get(pk=group.pk).readers_group.user_set
    assert readers.filter(pk=requester.pk).count() == 1


def test_second_approval_by_form_is_told_it_was_done(home, login, owner, member, requester):
    group = make_group(
        owner, Visibility.CLOSED, "Référents", members=[member], requesters=[requester]
    )
    Membership.objects.filter(group=group, user=member).update(role="admin")
    membership = Membership.objects.get(group=group, user=requester)
    login(owner).post(f"/groupes/{group.slug}/demandes/{membership.pk}/accepter/")
    client = login(member)
    response = client.post(f"/groupes/{group.slug}/demandes/{membership.pk}/accepter/", follow=True)
    assert "déjà été traitée" in response.content.decode()


def test_leaving_a_closed_group_removes_drive_rights_at_once(home, login, owner, member):
    group = make_group(owner, Visibility.CLOSED, "Référents", members=[member])
    client = login(member)
    assert client.get(f"/bibliotheque/dossiers/{group.folder_id}/").status_code == 200
    client.post(f"/groupes/{group.slug}/quitter/")
    assert client.get(f"/bibliotheque/dossiers/{group.folder_id}/").status_code == 404
    assert client.get(group.get_absolute_url()).status_code == 200  # the members-only page
    assert "Contenu réservé aux membres" in client.get(group.get_absolute_url()).content.decode()


def test_members_add_to_the_drive_only_when_the_group_allows_it(home, login, owner, member):
    group = make_group(owner, Visibility.CLOSED, "Référents", members=[member])
    client = login(member)
    upload = f"/bibliotheque/dossiers/{group.folder_id}/deposer/"
    in_drive = LibraryDocument.objects.filter(collection_id=group.folder_id)
    assert client.post(upload, {"files": [pdf()]}).status_code == 302
    assert list(in_drive.values_list("uploaded_by_user", flat=True)) == [member.pk]
    login(owner).post(
        f"/groupes/{group.slug}/modifier/",
        {
            "name": group.name,
            "description": "",
            "kind": "transverse",
            "visibility": "closed",
            "members_can_post": "on",
        },
    )
    assert client.post(upload, {"files": [pdf("autre.pdf")]}).status_code == 403
    assert in_drive.count() == 1  # refused: nothing stored
    assert login(owner).post(upload, {"files": [pdf("admin.pdf")]}).status_code == 302
    assert in_drive.filter(uploaded_by_user=owner).count() == 1


def test_making_a_group_secret_hides_it_and_its_posts_from_non_members(
    home, login, owner, member, outsider, committed
):
    with committed():
        group = make_group(owner, Visibility.OPEN, "Projet Alpha", members=[member])
        login(member).post(f"/groupes/{group.slug}/publier/", {"body": "Texte Quetzalcoatl"})
    client = login(outsider)
    assert "/publications/" in client.get("/recherche/", {"q": "Quetzalcoatl"}).content.decode()
    with committed():
        login(owner).post(
            f"/groupes/{group.slug}/modifier/",
            {"name": group.name, "kind": "transverse", "visibility": "secret", "description": ""},
        )
    assert client.get(group.get_absolute_url()).status_code == 404
    assert "/publications/" not in client.get("/recherche/", {"q": "Quetzalcoatl"}).content.decode()
    assert client.get(f"/bibliotheque/dossiers/{group.folder_id}/").status_code == 404


def test_publish_with_image_document_and_poll_through_the_form(home, login, owner, member):
    group = make_group(owner, Visibility.CLOSED, "Référents", members=[member])
    response = login(member).post(
        f"/groupes/{group.slug}/publier/",
        {
            "body": "Le **compte rendu** de la réunion",
            "image-0": png(),
            "alt-0": "Tableau blanc de la réunion",
            "documents": [pdf()],
            "poll_question": "Prochaine réunion ?",
            "poll_choices": "Lundi\nMardi\n",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    page = login(owner).get(group.get_absolute_url()).content.decode()
    assert "<strong>compte rendu</strong>" in page
    assert 'alt="Tableau blanc de la réunion"' in page
    assert "Compte rendu" in page  # the document's title
    assert "Prochaine réunion ?" in page
    image = post.images.get()
    served = login(owner).get(f"/groupes/images/{image.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


def test_a_broken_image_is_refused_with_the_text_kept(home, login, owner, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    response = login(member).post(
        f"/groupes/{group.slug}/publier/",
        {
            "body": "Mon texte précieux",
            "image-0": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\nnot really"),
            "alt-0": "Une photo",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Mon texte précieux" in body
    assert "endommagée" in body or "illisible" in body
    assert not Post.objects.exists()


def test_an_empty_post_is_refused(home, login, owner):
    group = make_group(owner, Visibility.OPEN, "Pause café")
    response = login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "  "})
    assert response.status_code == 400
    assert "Écrivez quelque chose" in response.content.decode()


def test_members_only_publish_when_the_group_reserves_it_to_admins(home, login, owner, member):
    group = make_group(owner, Visibility.OPEN, "Annonces", members=[member])
    Group.objects.filter(pk=group.pk).update(members_can_post=False)
    assert login(member).post(f"/groupes/{group.slug}/publier/", {"body": "x"}).status_code == 403
    assert not Post.objects.filter(group=group).exists()
    response = login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "Annonce du jour"})
    post = Post.objects.get(group=group)
    assert (post.author, post.body) == (owner, "Annonce du jour")
    assert response["Location"] == f"{group.get_absolute_url()}#publication-{post.pk}"


def test_an_invitation_is_accepted_from_the_group_page(home, login, owner, outsider, committed):
    group = make_group(owner, Visibility.SECRET, "Cellule de crise")
    with committed():
        login(owner).post(f"/groupes/{group.slug}/inviter/", {"personne": "nina.dehors"})
    assert Notification.objects.get(recipient=outsider, detail="invited")
    client = login(outsider)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Accepter l'invitation" in page
    client.post(f"/groupes/{group.slug}/rejoindre/")
    assert Membership.objects.get(group=group, user=outsider).is_active


def test_the_last_admin_cannot_step_down_or_leave(home, login, owner, member):
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    client = login(owner)
    response = client.post(f"/groupes/{group.slug}/quitter/", follow=True)
    assert "dernier administrateur" in response.content.decode()
    assert Membership.objects.get(group=group, user=owner).is_admin


def test_directory_filters_by_kind_mine_and_search(home, login, owner, member):
    make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    Group.objects.filter(name="Pause café").update(kind="social")
    make_group(owner, Visibility.OPEN, "Référents numériques")
    client = login(member)
    assert "Référents" not in client.get("/groupes/", {"mes": "1"}).content.decode()
    assert "Pause café" not in client.get("/groupes/", {"type": "transverse"}).content.decode()
    body = client.get("/groupes/", {"q": "numériques"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Référents numériques" in body and "Pause café" not in body
    assert "<html" not in body


def test_the_directory_is_in_name_order_across_pages(home, login, owner, monkeypatch):
    from social.groups import views

    names = ["Urbanisme", "Archives", "Marchés publics", "Bibliothèques", "Voirie"]
    for name in names:
        make_group(owner, Visibility.OPEN, name)
    monkeypatch.setattr(views, "DIRECTORY_PAGE_SIZE", 2)
    client = login(owner)
    shown = []
    for number in (1, 2, 3):
        page = client.get("/groupes/", {"page": number}).content.decode()
        found = [f">{name}</a>" for name in names if f">{name}</a>" in page]
        shown += [tag[1:-4] for tag in sorted(found, key=page.index)]
    assert shown == sorted(names)


def test_pinned_posts_come_first_and_admins_hide_posts(home, login, owner, member):
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    client = login(member)
    client.post(f"/groupes/{group.slug}/publier/", {"body": "Première publication"})
    client.post(f"/groupes/{group.slug}/publier/", {"body": "Seconde publication"})
    first = Post.objects.get(body="Première publication")
    admin = login(owner)
    admin.post(f"/groupes/{group.slug}/publications/{first.pk}/moderer/", {"action": "pin"})
    page = admin.get(group.get_absolute_url()).content.decode()
    assert page.index("Première publication") < page.index("Seconde publication")
    assert "Épinglée" in page
    admin.post(f"/groupes/{group.slug}/publications/{first.pk}/moderer/", {"action": "hide"})
    assert "Première publication" not in client.get(group.get_absolute_url()).content.decode()
    assert (
        client.get(f"/groupes/{group.slug}/publications/{first.pk}/").status_code == 200
    )  # author
    assert (
        login(User.objects.create_user("x@exemple.fr", "Mot-de-passe-2026!"))
        .get(f"/groupes/{group.slug}/publications/{first.pk}/")
        .status_code
        == 404
    )


def test_author_edits_and_deletes_a_post_others_cannot(home, login, owner, member, outsider):
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member, outsider])
    login(member).post(f"/groupes/{group.slug}/publier/", {"body": "Avant"})
    post = Post.objects.get()
    base = f"/groupes/{group.slug}/publications/{post.pk}/"
    assert login(outsider).post(f"{base}modifier/", {"body": "Piraté"}).status_code == 403
    assert login(outsider).post(f"{base}supprimer/").status_code == 403
    login(member).post(f"{base}modifier/", {"body": "Après"})
    post.refresh_from_db()
    assert post.body == "Après" and post.edited_at is not None
    login(member).post(f"{base}supprimer/")
    post.refresh_from_db()
    assert post.status == "deleted" and post.body == ""


def test_group_admin_moderates_comments_under_the_groups_posts(
    home, login, owner, member, outsider
):
    from social.comments.models import Comment

    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    login(member).post(f"/groupes/{group.slug}/publier/", {"body": "Sujet"})
    post = Post.objects.get()
    login(outsider).post(f"/commentaires/publication/{post.pk}/publier/", {"body": "Hors sujet"})
    comment = Comment.objects.get()
    assert login(member).post(f"/commentaires/{comment.pk}/supprimer/").status_code == 403
    login(owner).post(f"/commentaires/{comment.pk}/supprimer/")
    comment.refresh_from_db()
    assert comment.is_deleted


def test_question_best_answer_marks_it_resolved(home, login, owner, member, outsider):
    from social.comments.models import Comment

    group = make_group(owner, Visibility.OPEN, "Entraide", members=[member])
    login(member).post(
        f"/groupes/{group.slug}/publier/",
        {"body": "Comment réserver une salle ?", "question": "on"},
    )
    post = Post.objects.get()
    login(outsider).post(
        f"/commentaires/publication/{post.pk}/publier/", {"body": "Par l'agenda partagé"}
    )
    answer = Comment.objects.get()
    url = f"/groupes/{group.slug}/publications/{post.pk}/meilleure-reponse/"
    assert login(outsider).post(url, {"commentaire": answer.pk}).status_code == 403
    page = login(member).get(post.get_absolute_url()).content.decode()
    assert "Meilleure réponse" in page
    login(member).post(url, {"commentaire": answer.pk})
    post.refresh_from_db()
    assert post.answer_id == answer.pk
    page = login(outsider).get(group.get_absolute_url()).content.decode()
    assert "Question résolue" in page and "<p>Par l'agenda partagé</p>" in page


def test_intranet_link_gets_a_preview_an_outside_one_does_not(
    home, login, owner, member, news_index
):
    from tests.factories import make_news

    news = make_news(news_index, title="Fête du personnel", lead="Rendez-vous le 12 juin.")
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    client = login(member)
    client.post(f"/groupes/{group.slug}/publier/", {"link_url": f"http://testserver{news.url}"})
    client.post(f"/groupes/{group.slug}/publier/", {"link_url": "https://example.org/page"})
    inside, outside = Post.objects.order_by("pk")
    assert inside.link_page_id == news.pk and inside.link_title == "Fête du personnel"
    assert inside.link_description == "Rendez-vous le 12 juin."
    assert outside.link_title == "" and outside.link_page_id is None
    page = client.get(group.get_absolute_url()).content.decode()
    assert 'class="link-preview"' in page and "Rendez-vous le 12 juin." in page


def test_link_preview_is_hidden_from_readers_who_cannot_see_the_page(
    home, login, owner, member, elu, news_index
):
    from tests.factories import make_news

    news = make_news(news_index, title="Ordre du jour du conseil", audience="elus", lead="Secret")
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    login(elu).post(f"/groupes/{group.slug}/rejoindre/")
    login(elu).post(f"/groupes/{group.slug}/publier/", {"link_url": news.url})
    assert "Ordre du jour du conseil" in login(elu).get(group.get_absolute_url()).content.decode()
    page = login(member).get(group.get_absolute_url()).content.decode()
    assert "Ordre du jour du conseil" not in page and "Secret" not in page


def test_notification_setting_per_group(home, login, owner, member, committed):
    group = make_group(owner, Visibility.OPEN, "Pause café", members=[member])
    login(member).post(f"/groupes/{group.slug}/notifications/", {"niveau": "mentions"})
    with committed():
        login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "Sans mention"})
    assert not Notification.objects.filter(recipient=member).exists()
    with committed():
        login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "Avec @paul.membre"})
    assert Notification.objects.filter(recipient=member, kind="mention").count() == 1
    login(member).post(f"/groupes/{group.slug}/notifications/", {"niveau": "none"})
    with committed():
        login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "Encore @paul.membre"})
    assert Notification.objects.filter(recipient=member).count() == 1
    login(member).post(f"/groupes/{group.slug}/notifications/", {"niveau": "all"})
    with committed():
        login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "Pour tous"})
    assert Notification.objects.filter(recipient=member, kind="group_post").count() == 1


def test_the_author_of_a_post_is_told_of_comments_on_it(home, login, owner, member, committed):
    group = make_group(owner, Visibility.CLOSED, "Référents numériques", members=[member])
    with committed():
        login(member).post(f"/groupes/{group.slug}/publier/", {"body": "Qui a le câble ?"})
    post = Post.objects.get(group=group)
    with committed():
        login(member).post(f"/commentaires/publication/{post.pk}/publier/", {"body": "Précision"})
        login(owner).post(f"/commentaires/publication/{post.pk}/publier/", {"body": "Dans le 2"})
    told = Notification.objects.get(recipient=member)
    assert told.kind == "reply" and told.actor == owner and told.group == group
    page = login(member).get("/notifications/").content.decode()
    assert "Claire Admin" in page and "Référents numériques" in page
    # Her own comment told nobody; the owner, not the post's author, hears nothing of it.
    assert not Notification.objects.filter(recipient=owner, kind="reply").exists()


def test_an_author_who_left_the_group_is_not_told(home, login, owner, member, committed):
    group = make_group(owner, Visibility.CLOSED, "Référents numériques", members=[member])
    with committed():
        login(member).post(f"/groupes/{group.slug}/publier/", {"body": "Qui a le câble ?"})
    login(member).post(f"/groupes/{group.slug}/quitter/")
    post = Post.objects.get(group=group)
    with committed():
        login(owner).post(f"/commentaires/publication/{post.pk}/publier/", {"body": "Dans le 2"})
    assert not Notification.objects.filter(recipient=member).exists()


def test_leaving_a_secret_group_removes_its_notifications_from_view(
    home, login, owner, member, committed
):
    group = make_group(owner, Visibility.SECRET, "Cellule de crise", members=[member])
    with committed():
        login(owner).post(f"/groupes/{group.slug}/publier/", {"body": "Réunion à 18 h"})
    client = login(member)
    assert "Cellule de crise" in client.get("/notifications/").content.decode()
    client.post(f"/groupes/{group.slug}/quitter/", follow=True)  # its message read
    assert "Cellule de crise" not in client.get("/notifications/").content.decode()
    assert "bell__count" not in client.get("/notifications/cloche/").content.decode()


def test_deleting_a_group_needs_its_name_and_keeps_its_documents_for_superusers(
    home, login, owner, member, superuser
):
    from wagtail.models import Collection

    from social.polls.models import Poll

    group = make_group(owner, Visibility.SECRET, "Cellule de crise", members=[member])
    client = login(member)
    client.post(
        f"/groupes/{group.slug}/publier/",
        {
            "body": "Compte rendu",
            "documents": [pdf()],
            "poll_question": "Q ?",
            "poll_choices": "A\nB",
        },
    )
    folder_id = group.folder_id
    assert client.post(f"/groupes/{group.slug}/supprimer/", {"nom": group.name}).status_code == 403
    response = login(owner).post(
        f"/groupes/{group.slug}/supprimer/", {"nom": "cellule"}, follow=True
    )
    assert "Recopiez le nom exact" in response.content.decode()
    assert Group.objects.filter(pk=group.pk).exists()
    login(owner).post(f"/groupes/{group.slug}/supprimer/", {"nom": "cellule de CRISE"})
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not Post.objects.exists() and not Poll.everywhere.exists()
    assert Collection.objects.get(pk=folder_id).name == "Cellule de crise (groupe supprimé)"
    for person in (owner, member):
        assert login(person).get(f"/bibliotheque/dossiers/{folder_id}/").status_code == 404
    page = login(superuser).get(f"/bibliotheque/dossiers/{folder_id}/").content.decode()
    assert "Compte rendu" in page


def test_setup_repairs_a_group_drive(home, owner, member):
    from cms.setup import ensure_reference_data
    from social.groups.drive import RIGHTS

    group = make_group(owner, Visibility.CLOSED, "Référents", members=[member])
    group.readers_group.user_set.clear()
    ensure_reference_data()
    group.refresh_from_db()
    assert set(group.readers_group.user_set.all()) == {owner, member}
    assert all(getattr(group, field) is not None for field in RIGHTS)


def test_a_link_never_makes_the_server_call_out(home, login, owner, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the server tried to open a connection")

    group = make_group(owner, Visibility.OPEN, "Pause café")
    client = login(owner)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    response = client.post(
        f"/groupes/{group.slug}/publier/", {"link_url": "https://www.example.org/actualite"}
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.link_url == "https://www.example.org/actualite" and post.link_title == ""


def test_a_javascript_link_is_refused(home, login, owner):
    group = make_group(owner, Visibility.OPEN, "Pause café")
    response = login(owner).post(
        f"/groupes/{group.slug}/publier/", {"body": "x", "link_url": "javascript:alert(1)"}
    )
    assert response.status_code == 400 and not Post.objects.exists()


def test_composer_suggests_only_people_who_may_read_the_group(home, login, owner, member, outsider):
    secret = make_group(owner, Visibility.SECRET, "Cellule", members=[member])
    open_group = make_group(owner, Visibility.OPEN, "Ouvert", members=[member])
    client = login(member)
    hidden = client.get("/commentaires/mentions/", {"cible": f"groupe-{secret.pk}", "q": "Nina"})
    shown = client.get("/commentaires/mentions/", {"cible": f"groupe-{open_group.pk}", "q": "Nina"})
    assert "Nina Dehors" not in hidden.content.decode()
    assert "Nina Dehors" in shown.content.decode()


def test_group_image_is_cleaned_and_served_only_to_those_who_know_the_group(
    home, login, owner, member, outsider
):
    group = make_group(owner, Visibility.SECRET, "Cellule de crise", members=[member])
    response = login(owner).post(
        f"/groupes/{group.slug}/modifier/",
        {
            "name": group.name,
            "kind": "transverse",
            "visibility": "secret",
            "description": "",
            "image": png(300, 200),
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.image and group.image.name.startswith("groupes/logos/")
    served = login(member).get(f"/groupes/{group.slug}/image/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert login(outsider).get(f"/groupes/{group.slug}/image/").status_code == 404
    assert "/media/groupes/" not in login(member).get(group.get_absolute_url()).content.decode()


def test_an_image_disguised_as_png_is_refused_for_the_group(home, login, owner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    group = make_group(owner, Visibility.OPEN, "Pause café")
    svg = SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>")
    response = login(owner).post(
        f"/groupes/{group.slug}/modifier/",
        {"name": group.name, "kind": "social", "visibility": "open", "image": svg},
    )
    assert response.status_code == 400
    group.refresh_from_db()
    assert not group.image
