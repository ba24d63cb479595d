"""Hostile files sent to every upload route of groups — a post's images, a post's documents, a
group's image: each is refused before anything is stored, with a clear message, and the
post's text is kept for the author to try again."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from cms.demo import files
from knowledge.models import LibraryDocument
from social.groups.models import Group, Post, PostImage, Visibility
from tests.hostile import stored_files

from .conftest import make_group

pytestmark = pytest.mark.django_db

HTML_AS_PDF = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
# A JPEG start followed by a script: not an image Pillow can decode.
POLYGLOT_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<script>alert(1)</script>"

AS_IMAGE = [
    ("script.svg", SVG),
    ("page.png", HTML_AS_PDF),
    ("polyglotte.jpg", POLYGLOT_JPEG),
    ("bombe.png", files.png_decompression_bomb()),
    ("vide.png", b""),
    ("programme.png", files.EXECUTABLE_LINUX),
    ("document.png", files.pdf_with_text(["Un PDF déguisé"])),
]
AS_DOCUMENT = [
    ("script.svg", SVG),
    ("vide.pdf", b""),
    ("programme.pdf", files.EXECUTABLE_LINUX),
    ("installeur.exe", files.EXECUTABLE_WINDOWS),
    ("bombe.docx", files.zip_bomb_docx()),
    ("archive.zip", files._zip([("a.txt", "a")])),
    ("faux.docx", b"PK\x03\x04 not really a zip"),
]


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def group(home, owner):
    return make_group(owner, Visibility.OPEN, "Pause café")


@pytest.mark.parametrize(("name", "data"), AS_IMAGE, ids=[n for n, _d in AS_IMAGE])
def test_hostile_images_are_refused_and_nothing_stored(group, owner, login, media_root, name, data):
    response = login(owner).post(
        f"/groupes/{group.slug}/publier/",
        {"body": "Mon texte à garder", "image-0": SimpleUploadedFile(name, data), "alt-0": "x"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Mon texte à garder" in page and 'role="alert"' in page
    assert not Post.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("name", "data"), AS_DOCUMENT, ids=[n for n, _d in AS_DOCUMENT])
def test_hostile_documents_are_refused_and_nothing_stored(
    group, owner, login, media_root, name, data
):
    response = login(owner).post(
        f"/groupes/{group.slug}/publier/",
        {"body": "Mon texte à garder", "documents": [SimpleUploadedFile(name, data)]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert name in page or "Documents : " in page  # the file named, or the field
    assert not Post.objects.exists() and not LibraryDocument.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(("name", "data"), AS_IMAGE, ids=[n for n, _d in AS_IMAGE])
def test_hostile_group_images_are_refused_and_nothing_stored(
    group, owner, login, media_root, name, data
):
    response = login(owner).post(
        f"/groupes/{group.slug}/modifier/",
        {
            "name": group.name,
            "kind": "social",
            "visibility": "open",
            "image": SimpleUploadedFile(name, data),
        },
    )
    assert response.status_code == 400
    assert not Group.objects.get(pk=group.pk).image
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    "name", ["../../etc/passwd.png", "a" * 300 + ".png", "nul\x00.png", "..\\..\\win.png"]
)
def test_hostile_names_never_reach_the_disk(group, owner, login, media_root, name):
    login(owner).post(
        f"/groupes/{group.slug}/publier/",
        {"body": "Photo", "image-0": SimpleUploadedFile(name, files.png()), "alt-0": "Une photo"},
    )
    for path in stored_files(media_root):
        relative = path.relative_to(media_root).as_posix()
        assert relative.startswith("groupes/images/") and ".." not in relative
        assert len(path.name) < 60 and "\x00" not in relative


def test_a_photo_loses_its_location_and_comments(group, owner, login, media_root):
    """A phone photo carries where it was taken (EXIF GPS); a JPEG comment may carry markup.
    Only the pixels are kept."""
    import io

    from PIL import Image

    photo = Image.new("RGB", (64, 48), "blue")
    exif = Image.Exif()
    exif[0x010F] = "Fabricant"  # Make
    exif.get_ifd(0x8825)[2] = (48.0, 51.0, 24.0)  # GPSLatitude
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", exif=exif, comment=b"<script>alert(1)</script>")
    assert b"<script>" in buffer.getvalue() and Image.open(buffer).getexif()

    login(owner).post(
        f"/groupes/{group.slug}/publier/",
        {
            "body": "Photo du chantier",
            "image-0": SimpleUploadedFile("chantier.jpg", buffer.getvalue()),
            "alt-0": "Le chantier",
        },
    )
    image = PostImage.objects.get()
    served = login(owner).get(f"/groupes/images/{image.pk}/")
    data = b"".join(served.streaming_content)
    kept = Image.open(io.BytesIO(data))
    assert kept.size == (64, 48) and not kept.getexif() and "comment" not in kept.info
    assert b"<script>" not in data and b"Fabricant" not in data
