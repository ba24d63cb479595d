import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from home.blocks import CallToActionBlock, VideoBlock
from home.models import NewsPage
from social.people.audience import Audience
from social.people.forms import AudiencePageForm
from tests.factories import ThemeFactory, make_news

pytestmark = pytest.mark.django_db


def _image(title="Photo"):
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), "#336699").save(buffer, format="PNG")
    image = get_image_model()(title=title)
    image.file = ImageFile(buffer, name="photo.png")
    image.save()
    return image


def _document(name, content=b"data"):
    document = get_document_model()(title=name)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def test_news_page_renders_every_body_block(login, news_index, agent):
    image = _image()
    report = _document("rapport.pdf", b"%PDF-1.4 minimal")
    video = _document("voeux.mp4", b"\x00\x00\x00\x18ftypmp42")
    news = make_news(
        news_index,
        title="Les vœux du maire",
        lead="Un chapeau.",
        main_image=image,
        main_image_alt="La maire devant l'hôtel de ville",
        body=[
            ("paragraph", "<p>Un <b>paragraphe</b> riche.</p>"),
            ("image", {"image": image, "alt_text": "Une photo", "caption": "La légende"}),
            (
                "video",
                {
                    "video": video,
                    "title": "Les vœux",
                    "caption": "",
                    "transcript": "Bonjour à toutes et à tous.",
                },
            ),
            ("quote", {"quote": "Une citation", "attribution": "La maire"}),
            ("document", {"document": report, "title": "Le rapport annuel"}),
            (
                "call_to_action",
                {"text": "Inscrivez-vous", "label": "S'inscrire", "page": news_index, "url": ""},
            ),
        ],
        themes=[ThemeFactory(name="Citoyenneté", slug="citoyennete")],
    )
    html = login(agent).get(news.url).content.decode()
    assert "<b>paragraphe</b>" in html
    assert 'alt="La maire devant l&#x27;hôtel de ville"' in html or "La maire devant l" in html
    assert 'alt="Une photo"' in html and "La légende" in html
    assert "<video" in html and video.url in html and "Bonjour à toutes et à tous." in html
    assert "Une citation" in html and "La maire" in html
    assert report.url in html and "Le rapport annuel" in html
    assert "S&#x27;inscrire" in html or "S'inscrire" in html
    assert "Citoyenneté" in html
    assert 'aria-current="page"' in html  # breadcrumbs


def test_news_images_are_served_to_logged_in_people_only(client, login, news_index, agent):
    image = _image()
    news = make_news(news_index, title="Avec image", main_image=image)
    html = login(agent).get(news.url).content.decode()
    src = html.split('<figure class="news__image">')[1].split('src="')[1].split('"')[0]
    assert src.startswith("/media/images/")
    assert login(agent).get(src).status_code == 200
    response = client.get(src)
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_media_view_never_serves_documents_or_escapes_media_root(login, agent, home):
    _document("secret.pdf", b"%PDF-1.4 secret")
    client = login(agent)
    assert client.get("/media/documents/secret.pdf").status_code == 404
    assert client.get("/media/images/../documents/secret.pdf").status_code == 404
    assert client.get("/media/original_images/%2e%2e/%2e%2e/etc/passwd").status_code == 404


def test_video_block_refuses_a_file_that_is_not_a_video(home):
    from wagtail.blocks import StructBlockValidationError

    block = VideoBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(
            block.to_python(
                {"video": _document("note.pdf").pk, "title": "Pas une vidéo", "transcript": ""}
            )
        )


def test_call_to_action_needs_exactly_one_target(news_index):
    from wagtail.blocks import StructBlockValidationError

    block = CallToActionBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"text": "Texte", "label": "Aller", "page": None, "url": ""}))
    cleaned = block.clean(
        block.to_python(
            {"text": "Texte", "label": "Aller", "page": None, "url": "https://example.org"}
        )
    )
    assert cleaned["url"] == "https://example.org"


def test_audience_of_services_must_name_a_service(news_index, superuser):
    form_class = NewsPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, AudiencePageForm)
    data = {
        "title": "Pour un service",
        "slug": "pour-un-service",
        "lead": "Chapeau",
        "audience": Audience.SERVICES,
        "body-count": "0",
        "quick_links-TOTAL_FORMS": "0",
    }
    form = form_class(data=data, instance=NewsPage(), parent_page=news_index, for_user=superuser)
    assert not form.is_valid()
    assert "audience_services" in form.errors


def test_date_defaults_to_first_publication(news_index):
    news = make_news(news_index, title="Sans date", date=None)
    news.refresh_from_db()
    assert news.date is not None
    assert news.date == news.first_published_at


def test_communication_officer_can_publish_news_in_the_admin(
    login, news_index, communication_officer
):
    client = login(communication_officer)
    add_url = f"/admin/pages/add/home/newspage/{news_index.pk}/"
    response = client.get(add_url)
    assert response.status_code == 200
    response = client.post(
        add_url,
        {
            "title": "Publiée depuis l'administration",
            "slug": "publiee-depuis-l-administration",
            "lead": "Un chapeau.",
            "audience": "agents",
            "comments_mode": "closed",
            "body-count": "0",
            "date": "",
            "tags": "",
            "go_live_at": "",
            "expire_at": "",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    news = NewsPage.objects.get(slug="publiee-depuis-l-administration")
    assert news.live and news.audience == Audience.AGENTS
    assert news.comments_mode == "closed"


def test_an_agent_cannot_reach_the_admin(login, agent, news_index):
    client = login(agent)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    response = client.get(f"/admin/pages/add/home/newspage/{news_index.pk}/")
    assert response.status_code in (302, 403)


def test_editors_preview_a_news_item_outside_their_own_audience(
    login, news_index, communication_officer
):
    news = make_news(news_index, title="Aperçu pour les élus", audience=Audience.ELUS)
    response = login(communication_officer).get(f"/admin/pages/{news.pk}/view_draft/")
    assert response.status_code == 200
    assert "Aperçu pour les élus" in response.content.decode()


def test_an_agent_cannot_preview_drafts(login, news_index, agent):
    news = make_news(news_index, title="Brouillon", publish=False)
    response = login(agent).get(f"/admin/pages/{news.pk}/view_draft/")
    assert response.status_code in (302, 403)
