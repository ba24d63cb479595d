"""Profiles: what each reader sees of a person (field by field, from the refused side), who
changes what, the log of changes made by others, photos, vCards and exports."""

import io

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from social.people.models import ProfileChange, User
from social.people.services import profile_update
from tests.factories import ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

MOBILE = "06 12 34 56 78"


@pytest.fixture
def readers(camille, hr, finances, direction, manager_of_people):
    """Who reads Camille's profile: herself, a colleague of her service, someone of a service
    above hers, an agent elsewhere, an élu, and HR staff."""
    return {
        "herself": camille,
        "same_service": UserFactory(first_name="Sam", last_name="Rh", service=hr),
        "parent_service": UserFactory(first_name="Dan", last_name="Dir", service=direction),
        "other_agent": UserFactory(first_name="Fanny", last_name="Fin", service=finances),
        "elu": UserFactory(first_name="Élie", last_name="Élu", role=User.Role.ELU),
        "hr_staff": manager_of_people,
    }


SEES = {
    "all": {"herself", "same_service", "parent_service", "other_agent", "elu", "hr_staff"},
    "agents": {"herself", "same_service", "parent_service", "other_agent", "hr_staff"},
    "service": {"herself", "same_service", "hr_staff"},
    "nobody": {"herself", "hr_staff"},
}


def _everywhere(client, person):
    """Every answer that shows a person: profile, card, directory (page and fragment), the
    header's suggestions, vCard, phone list."""
    slug = person.slug
    answers = [
        client.get(f"/annuaire/{slug}/"),
        client.get(f"/annuaire/{slug}/carte/", HTTP_HX_REQUEST="true"),
        client.get("/annuaire/", {"q": "duval"}),
        client.get("/annuaire/", {"q": "duval"}, HTTP_HX_REQUEST="true"),
        client.get("/recherche/suggestions/", {"q": "duval"}),
        client.get(f"/annuaire/{slug}/vcard/"),
        client.get("/annuaire/telephones/"),
    ]
    for answer in answers:
        assert answer.status_code == 200
    return "\n".join(answer.content.decode() for answer in answers)


@pytest.mark.parametrize("level", ["all", "agents", "service", "nobody"])
def test_a_field_reaches_exactly_those_its_visibility_names(login, readers, camille, level):
    camille.mobile = MOBILE
    camille.visibility = {"mobile": level}
    camille.save()
    for name, reader in readers.items():
        shown = _everywhere(login(reader), camille)
        assert (MOBILE in shown) == (name in SEES[level]), (name, level)
        assert (MOBILE.replace(" ", "") in shown) == (name in SEES[level]), (name, level)


def test_every_visibility_field_is_hidden_by_nobody(login, readers, camille, town_hall):
    from django.utils import timezone

    from social.people.models import VISIBILITY_DEFAULTS

    camille.bio = "Passionnée de jardinage Qwxz"
    camille.languages = "espagnol Plmk"
    camille.office = "Bureau Vbnm"
    camille.absence_note = "En congé Tyui"
    camille.manager = readers["elu"]
    camille.arrival_date = timezone.localdate().replace(year=2011)
    camille.visibility = dict.fromkeys(VISIBILITY_DEFAULTS, "nobody")
    camille.save()
    camille.skills.add("soudure Hjkl")
    secrets = [
        "Qwxz",
        "Plmk",
        "Vbnm",
        "Tyui",
        "camille.duval@exemple.fr",
        "01 23 45 67 89",
        "1 place de la Mairie",
        "soudure Hjkl",
        "/annuaire/elie-elu/",
        "2011",
    ]
    other = _everywhere(login(readers["other_agent"]), camille)
    for secret in secrets:
        assert secret not in other, secret
    own = _everywhere(login(camille), camille)
    for secret in secrets:
        assert secret in own, secret
    # The photo: initials drawn instead of the picture
    photo = login(readers["other_agent"]).get(f"/annuaire/{camille.slug}/photo/")
    assert photo["Content-Type"].startswith("image/svg+xml")


def test_a_person_edits_their_own_fields_and_chooses_who_sees_them(login, camille):
    client = login(camille)
    answer = client.post(
        "/mon-compte/profil/",
        {
            "bio": "Je gère la paie.",
            "skills": "paie, CNRACL",
            "languages": "anglais",
            "mobile": "06 12 34 56 78",
            "office": "B12",
            "absence_note": "",
            "absence_until": "",
            **{
                f"visibility_{name}": "all"
                for name in (
                    "email",
                    "phone",
                    "site",
                    "office",
                    "manager",
                    "photo",
                    "skills",
                    "languages",
                    "bio",
                    "arrival_date",
                    "absence",
                )
            },
            "visibility_mobile": "service",
            # Fields of HR: a crafted POST changes none of them
            "job_title": "Directrice générale",
            "last_name": "Autre",
            "service": "",
        },
    )
    assert answer.status_code == 302
    camille.refresh_from_db()
    assert camille.bio == "Je gère la paie." and camille.mobile == MOBILE
    assert sorted(camille.skills.names()) == ["CNRACL", "paie"]
    assert camille.visibility["mobile"] == "service"
    assert camille.job_title == "Gestionnaire paie" and camille.last_name == "Duval"
    assert camille.service.slug == "rh"
    assert not ProfileChange.objects.exists()  # one's own changes are not logged


def test_a_bad_phone_number_is_refused_with_a_message_and_nothing_changes(login, camille):
    answer = login(camille).post("/mon-compte/profil/", {"mobile": "appelez-moi", "bio": "X"})
    assert answer.status_code == 200
    assert "Saisissez un numéro de téléphone" in answer.content.decode()
    camille.refresh_from_db()
    assert camille.bio == "" and camille.mobile == ""


def test_nobody_changes_another_persons_profile_or_managed_fields(camille, readers):
    colleague = readers["same_service"]
    with pytest.raises(PermissionDenied):
        profile_update(person=camille, editor=colleague, values={"bio": "Piraté"})
    with pytest.raises(PermissionDenied):
        profile_update(person=camille, editor=camille, values={"job_title": "DGS", "bio": "ok"})
    with pytest.raises(PermissionDenied):
        profile_update(
            person=camille, editor=readers["hr_staff"], values={"bio": "x"}, visibility={}
        )
    camille.refresh_from_db()
    assert camille.bio == "" and camille.job_title == "Gestionnaire paie"


def test_synchronised_fields_are_read_only_even_for_hr(camille, manager_of_people):
    camille.synced_from = "Import RH"
    camille.synced_fields = ["job_title", "service"]
    camille.save()
    with pytest.raises(PermissionDenied):
        profile_update(person=camille, editor=manager_of_people, values={"job_title": "DGS"})
    profile_update(person=camille, editor=manager_of_people, values={"phone": "01 00 00 00 00"})
    change = ProfileChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == (
        "phone",
        "01 23 45 67 89",
        "01 00 00 00 00",
    )
    assert change.changed_by == manager_of_people


def test_an_administrator_change_is_logged_and_synchronised_fields_are_locked_in_the_admin(
    login, camille, superuser
):
    camille.synced_from = "Import RH"
    camille.synced_fields = ["job_title"]
    camille.save()
    client = login(superuser)
    form = client.get(f"/admin/users/edit/{camille.pk}/").content.decode()
    assert "Synchronisé depuis Import RH" in form
    data = {
        "email": camille.email,
        "first_name": "Camille",
        "last_name": "Duval-Martin",
        "job_title": "Tentative",
        "service": camille.service_id,
        "role": "agent",
        "phone": camille.phone,
        "is_active": "on",
    }
    answer = client.post(f"/admin/users/edit/{camille.pk}/", data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    camille.refresh_from_db()
    assert camille.last_name == "Duval-Martin" and camille.job_title == "Gestionnaire paie"
    change = ProfileChange.objects.get(field="last_name")
    assert (change.old_value, change.new_value, change.changed_by) == (
        "Duval",
        "Duval-Martin",
        superuser,
    )
    page = client.get(f"/annuaire/{camille.slug}/").content.decode()
    assert "Duval-Martin" in page and "Modifications par d" in page


def test_the_change_log_is_shown_to_those_who_manage_people_only(login, camille, readers):
    ProfileChange.objects.create(
        person=camille, field="job_title", old_value="A", new_value="Secret Zxcv"
    )
    assert (
        "Secret Zxcv"
        in login(readers["hr_staff"]).get(f"/annuaire/{camille.slug}/").content.decode()
    )
    for name in ("herself", "same_service", "other_agent"):
        assert (
            "Secret Zxcv"
            not in login(readers[name]).get(f"/annuaire/{camille.slug}/").content.decode()
        )


def _jpeg_with_location() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (300, 200), "blue")
    exif = Image.Exif()
    exif[0x010F] = "Appareil Qwerty"  # Make
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, comment=b"<script>alert(1)</script>")
    return buffer.getvalue()


def test_a_photo_is_squared_and_re_encoded_without_its_metadata(login, camille, media_root):
    from PIL import Image

    client = login(camille)
    upload = SimpleUploadedFile("moi.jpg", _jpeg_with_location(), content_type="image/jpeg")
    assert client.post("/mon-compte/profil/", {"photo": upload}).status_code == 302
    camille.refresh_from_db()
    stored = camille.photo.read()
    assert b"Qwerty" not in stored and b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (400, 400) and not image.getexif()
    served = client.get(f"/annuaire/{camille.slug}/photo/")
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == stored


def test_a_file_that_is_not_a_picture_is_refused_and_the_old_photo_kept(login, camille, media_root):
    client = login(camille)
    client.post(
        "/mon-compte/profil/", {"photo": SimpleUploadedFile("a.jpg", _jpeg_with_location())}
    )
    camille.refresh_from_db()
    before = camille.photo.name
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
    answer = client.post("/mon-compte/profil/", {"photo": fake, "bio": "Nouvelle"})
    assert answer.status_code == 200
    assert "endommagée ou illisible" in answer.content.decode()
    camille.refresh_from_db()
    assert camille.photo.name == before and camille.bio == ""


def test_photos_and_profiles_are_for_signed_in_people_only(client, camille):
    for url in (f"/annuaire/{camille.slug}/", f"/annuaire/{camille.slug}/photo/", "/annuaire/"):
        answer = client.get(url)
        assert answer.status_code == 302 and "/connexion/" in answer["Location"]


def test_someone_who_left_has_no_profile_and_is_an_ancien_agent_where_named(
    login, agent, camille, news_index
):
    from social.comments.services import comment_post
    from tests.factories import make_news

    news = make_news(news_index, title="Fête")
    comment_post(author=camille, target=news, body="Bravo", rate_limited=False)
    camille.is_active = False
    camille.save()
    client = login(agent)
    assert client.get(f"/annuaire/{camille.slug}/").status_code == 404
    assert client.get(f"/annuaire/{camille.slug}/carte/", HTTP_HX_REQUEST="true").status_code == 404
    page = client.get(news.url).content.decode()
    assert "ancien agent" in page and "Camille Duval" not in page


def test_names_link_to_profiles_with_their_card(login, agent, camille, news_index):
    from social.comments.services import comment_post
    from tests.factories import make_news

    news = make_news(news_index, title="Fête")
    comment_post(author=camille, target=news, body="Merci @agent !", rate_limited=False)
    page = login(agent).get(news.url).content.decode()
    assert (
        f'href="/annuaire/{camille.slug}/" data-card-url="/annuaire/{camille.slug}/carte/"' in page
    )
    assert f'<a class="mention" href="/annuaire/{agent.slug}/"' in page


def test_the_card_is_a_fragment_and_without_htmx_the_profile(login, agent, camille):
    client = login(agent)
    card = client.get(f"/annuaire/{camille.slug}/carte/", HTTP_HX_REQUEST="true").content.decode()
    assert "Gestionnaire paie" in card and "<html" not in card
    assert (
        client.get(f"/annuaire/{camille.slug}/carte/")["Location"] == f"/annuaire/{camille.slug}/"
    )


def test_the_vcard_is_valid_and_escaped(login, agent, camille):
    camille.job_title = "Paie, carrière; retraites"
    camille.save()
    card = login(agent).get(f"/annuaire/{camille.slug}/vcard/")
    assert card["Content-Type"].startswith("text/vcard")
    text = card.content.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n") and text.endswith("END:VCARD\r\n")
    assert "TITLE:Paie\\, carrière\\; retraites" in text
    assert "TEL;TYPE=work,voice;VALUE=uri:tel:0123456789" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_a_service_export_is_for_those_who_manage_people(login, camille, hr, readers):
    assert login(readers["same_service"]).get("/annuaire/service/rh/export.csv").status_code == 403
    export = login(readers["hr_staff"]).get("/annuaire/service/rh/export.csv").content.decode()
    assert "Duval;Camille;Gestionnaire paie;Ressources humaines" in export
    vcards = login(readers["hr_staff"]).get("/annuaire/service/rh/export.vcf").content.decode()
    assert vcards.count("BEGIN:VCARD") == 2  # Camille and her colleague


def test_the_profile_shows_what_the_person_does_as_the_reader_may_see_it(
    login, camille, readers, finances
):
    from social.groups.models import Visibility
    from tests.social.groups.conftest import make_group

    make_group(camille, Visibility.OPEN, "Jardin partagé")
    make_group(camille, Visibility.SECRET, "Cellule de crise", members=[readers["same_service"]])
    insider = login(readers["same_service"]).get(f"/annuaire/{camille.slug}/").content.decode()
    outsider = login(readers["other_agent"]).get(f"/annuaire/{camille.slug}/").content.decode()
    assert "Jardin partagé" in insider and "Cellule de crise" in insider
    assert "Jardin partagé" in outsider and "Cellule de crise" not in outsider
    camille.visibility = {"groups": "service"}
    camille.save()
    assert (
        "Jardin partagé"
        in login(readers["same_service"]).get(f"/annuaire/{camille.slug}/").content.decode()
    )
    assert (
        "Jardin partagé"
        not in login(readers["other_agent"]).get(f"/annuaire/{camille.slug}/").content.decode()
    )


def test_a_profile_edit_of_an_unrelated_field_keeps_everyones_access_cache(camille):
    from cms.core import generations

    before = generations.current((generations.ACCESS,))[generations.ACCESS]
    profile_update(person=camille, editor=camille, values={"bio": "Nouvelle"})
    assert generations.current((generations.ACCESS,))[generations.ACCESS] == before
    camille.service = ServiceFactory(name="Autre", slug="autre")
    camille.save()
    assert generations.current((generations.ACCESS,))[generations.ACCESS] != before
