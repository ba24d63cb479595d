"""A closed group's life in Chromium: an agent creates it, a colleague asks to join, the
creator approves from the members page (the colleague is notified), the colleague posts with a
photo and a document, the creator comments; then the closed group's content stays hidden from
a third person, on a phone-sized screen. And an open group: found, joined in one click, posted in,
the post in « Mon fil »."""

import pytest
from playwright.sync_api import expect

from cms.setup import ensure_reference_data
from social.groups.models import Post
from tests.browser.test_journeys import log_in
from tests.browser.test_social import other_person
from tests.factories import ServiceFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def colleagues(tmp_path):
    ensure_reference_data(organisation_name="Commune de Navigateur")
    urbanisme = ServiceFactory(name="Urbanisme", slug="urbanisme")
    for email, first, last in (
        ("aline.roux@exemple.fr", "Aline", "Roux"),
        ("marie.dupont@exemple.fr", "Marie", "Dupont"),
        ("yves.tiers@exemple.fr", "Yves", "Tiers"),
    ):
        UserFactory(email=email, first_name=first, last_name=last, service=urbanisme)
    from PIL import Image

    photo = tmp_path / "visite-chantier.png"
    Image.new("RGB", (120, 80), "green").save(photo)
    document = tmp_path / "compte-rendu.txt"
    document.write_text("Compte rendu de la visite du chantier de la médiathèque.\n")
    return {"photo": photo, "document": document}


def test_closed_group_request_approval_post_and_comment(page, browser, colleagues):
    # Aline creates a closed group.
    log_in(page, "aline.roux@exemple.fr")
    page.get_by_role("link", name="Groupes", exact=True).click()
    page.get_by_role("link", name="Créer un groupe").click()
    page.get_by_label("Nom").fill("Urbanisme et logement")
    page.get_by_label("Description").fill("Les dossiers partagés de l'urbanisme.")
    page.get_by_label("Transverse").check()
    page.get_by_label("Fermé", exact=False).check()
    page.get_by_role("button", name="Créer le groupe").click()
    page.wait_for_url("**/groupes/urbanisme-et-logement/")
    assert page.get_by_role("heading", level=1).inner_text() == "Urbanisme et logement"

    # Marie, on her phone, finds it and asks to join.
    marie = other_person(browser, page)
    log_in(marie, "marie.dupont@exemple.fr")
    marie.goto(marie.base_url + "/groupes/")
    marie.get_by_role("link", name="Urbanisme et logement").click()
    expect(marie.get_by_role("heading", name="Contenu réservé aux membres")).to_be_visible()
    marie.get_by_label("Message aux administrateurs").fill("Je suis les permis de construire.")
    marie.get_by_role("button", name="Demander à rejoindre").click()
    expect(marie.get_by_text("Votre demande est envoyée")).to_be_visible()

    # Aline sees the request and approves it.
    page.goto(page.base_url + "/groupes/urbanisme-et-logement/")
    page.get_by_role("link", name="1 demande en attente").click()
    expect(page.get_by_text("Je suis les permis de construire.")).to_be_visible()
    page.get_by_role("button", name="Accepter Marie Dupont").click()
    expect(page.get_by_text("Marie Dupont est maintenant membre.")).to_be_visible()

    # Marie is told, opens the group from her notifications and posts a photo and a document.
    marie.goto(marie.base_url + "/notifications/")
    marie.get_by_role(
        "link", name="Votre demande pour rejoindre « Urbanisme et logement » est acceptée"
    ).click()
    marie.wait_for_url("**/groupes/urbanisme-et-logement/")
    marie.get_by_label("Votre message").fill(
        "Visite du chantier de la médiathèque : photo et compte rendu."
    )
    marie.get_by_text("Ajouter des images, des documents, un lien ou un sondage").click()
    marie.get_by_label("Image 1", exact=True).set_input_files(str(colleagues["photo"]))
    marie.get_by_label("Description de l'image 1").fill("La façade en travaux")
    marie.get_by_label("Documents").set_input_files(str(colleagues["document"]))
    marie.get_by_role("button", name="Publier", exact=True).click()
    expect(marie.get_by_text("Votre publication est en ligne.")).to_be_visible()
    image = marie.get_by_role("img", name="La façade en travaux")
    image.scroll_into_view_if_needed()  # loaded lazily
    marie.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    expect(marie.get_by_role("link", name="Compte rendu").first).to_be_visible()

    # Aline comments under the post (htmx), and Marie's post count shows it.
    post = Post.objects.get()
    page.goto(page.base_url + post.get_absolute_url())
    page.get_by_label("Votre commentaire", exact=True).fill("Merci Marie, très utile !")
    page.locator("#comment-form").get_by_role("button", name="Publier").click()
    page.locator(".comment__body", has_text="Merci Marie, très utile !").wait_for()
    marie.goto(marie.base_url + "/groupes/urbanisme-et-logement/")
    expect(marie.get_by_role("link", name="1 commentaire")).to_be_visible()

    # Yves, who is not a member, sees neither the post nor its document or photo.
    yves = other_person(browser, page)
    log_in(yves, "yves.tiers@exemple.fr")
    yves.goto(yves.base_url + "/groupes/urbanisme-et-logement/")
    expect(yves.get_by_role("heading", name="Contenu réservé aux membres")).to_be_visible()
    assert yves.get_by_text("Visite du chantier").count() == 0
    document = post.attachments.get().document
    response = yves.request.get(
        yves.base_url + f"/bibliotheque/documents/{document.pk}/telecharger/"
    )
    assert response.status == 404
    response = yves.request.get(yves.base_url + f"/groupes/images/{post.images.get().pk}/")
    assert response.status == 404
    assert not page.console_errors


def test_an_agent_joins_an_open_group_posts_and_finds_it_in_her_feed(page, colleagues):
    from social.groups.models import GroupKind, Visibility
    from social.groups.services import group_create
    from social.people.models import User

    for name in ("Pause café", "Référents numériques"):
        group_create(
            user=User.objects.get(email="marie.dupont@exemple.fr"),
            name=name,
            kind=GroupKind.SOCIAL,
            visibility=Visibility.OPEN,
            description="Les nouvelles du couloir.",
        )
    log_in(page, "aline.roux@exemple.fr")
    page.get_by_role("link", name="Groupes", exact=True).click()
    page.get_by_label("Chercher un groupe").fill("café")
    page.keyboard.press("Enter")
    page.locator("#group-results").get_by_text("1 groupe", exact=True).wait_for()
    assert "Référents numériques" not in page.locator("#group-results").inner_text()
    page.get_by_role("link", name="Pause café").click()
    page.get_by_role("button", name="Rejoindre le groupe").click()
    expect(page.get_by_text("Vous êtes membre du groupe « Pause café »")).to_be_visible()
    page.get_by_label("Votre message").fill("Qui apporte les croissants vendredi ?")
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.get_by_text("Votre publication est en ligne.")).to_be_visible()
    assert "Qui apporte les croissants vendredi ?" in page.locator("#feed").inner_text()

    page.get_by_role("link", name="Mon fil").first.click()
    expect(page.locator("main")).to_contain_text("Qui apporte les croissants vendredi ?")
    assert page.console_errors == []
