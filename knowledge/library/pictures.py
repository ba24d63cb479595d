"""Pictures people send (a group post's images, a message's): checked by their content, then
re-encoded from their pixels alone — no location, no camera, no comment that could carry
markup — their longest side bounded."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from PIL import Image, ImageOps

from . import filetypes

MAX_SIDE = 2000
PICTURE_TYPES = ("image/png", "image/jpeg", "image/webp")


def reencoded_picture(uploaded: UploadedFile, *, max_side: int = MAX_SIDE) -> ContentFile:
    """The picture's pixels in a new file, or `filetypes.Rejected` with the reason."""
    kind = filetypes.inspect(uploaded, uploaded.name)
    if kind.family != "image" or kind.mime_type not in PICTURE_TYPES:
        raise filetypes.Rejected(_("Choisissez une image PNG, JPEG ou WebP."))
    uploaded.seek(0)
    try:
        with Image.open(uploaded) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            if kind.mime_type == "image/jpeg":
                image = image.convert("RGB")
            # Pillow writes back what it read (a JPEG comment, an ICC profile...): a comment
            # may carry markup (a polyglot) and EXIF a location. Only the pixels go on.
            image.info = {}
            output = io.BytesIO()
            if kind.mime_type == "image/jpeg":
                image.save(output, "JPEG", quality=85, optimize=True)
                extension = "jpg"
            else:
                image.save(output, "PNG" if kind.mime_type == "image/png" else "WEBP")
                extension = kind.extension
    except (OSError, ValueError, Image.DecompressionBombError):
        raise filetypes.Rejected(_("L'image est endommagée ou illisible.")) from None
    return ContentFile(output.getvalue(), name=f"image.{extension}")
