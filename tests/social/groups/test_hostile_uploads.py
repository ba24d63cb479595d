"""What a group's images keep of the uploaded file. The hostile corpus itself goes to every
upload route of groups (a post's images and documents, a group's image) in
tests/cms/test_upload_corpus.py."""

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from social.groups.models import PostImage, Visibility

from .conftest import make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(home, owner):
    return make_group(owner, Visibility.OPEN, "Pause café")


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


def test_a_post_refused_at_its_last_file_leaves_no_file_behind(group, owner, login, media_root):
    """An image and a first document are stored before the second document is found to be an
    executable: the post is refused, its text comes back, and none of its files stays on disk."""
    from cms.demo import files
    from social.groups.models import Post
    from tests.hostile import stored_files

    page = login(owner).post(
        f"/groupes/{group.slug}/publier/",
        {
            "body": "Compte rendu et photos",
            "image-0": SimpleUploadedFile("salle.png", files.png()),
            "alt-0": "La salle du conseil",
            "documents": [
                SimpleUploadedFile("compte-rendu.pdf", files.pdf_with_text(["Compte rendu"])),
                SimpleUploadedFile("outil.pdf", b"MZ\x90\x00" + b"\x00" * 200),
            ],
        },
    )
    assert (
        "outil.pdf" in page.content.decode() and "Compte rendu et photos" in page.content.decode()
    )
    assert not Post.objects.exists() and not PostImage.objects.exists()
    assert stored_files(media_root) == []
