"""Pictures people upload, made safe to show: decoded by Pillow (what the bytes are, never what
the name says), turned upright, cropped and re-encoded, so that nothing but the pixels goes on
(no EXIF location, camera, comment, nor markup hidden in a polyglot file)."""

import io

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from PIL import Image, ImageOps

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


class PictureRejected(ValueError):
    """The upload is not a picture Parvis keeps; `str()` says why, in the user's language."""


def square_portrait(uploaded, *, side: int = 400) -> ContentFile:
    """A square JPEG of `side` pixels cut from the middle of the uploaded picture."""
    if uploaded.size and uploaded.size > MAX_UPLOAD_BYTES:
        raise PictureRejected(_("La photo dépasse 10 Mo. Choisissez une image plus légère."))
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            if image.format not in ACCEPTED_FORMATS:
                raise PictureRejected(_("Choisissez une image PNG, JPEG ou WebP."))
            image = ImageOps.exif_transpose(image)
            image = ImageOps.fit(image.convert("RGB"), (side, side), Image.Resampling.LANCZOS)
            image.info = {}
            output = io.BytesIO()
            image.save(output, "JPEG", quality=85, optimize=True)
    except PictureRejected:
        raise
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise PictureRejected(_("L'image est endommagée ou illisible.")) from None
    return ContentFile(output.getvalue(), name="photo.jpg")
