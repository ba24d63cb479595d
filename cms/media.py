"""Uploaded media (images and their renditions) served to logged-in people only.

Wagtail's image URLs are public by design; on an intranet nothing is. Documents never go
through here: they are served by Wagtail's document view, which checks collection privacy.
Behind nginx, set MEDIA_ACCEL_REDIRECT_PREFIX so Django only checks and nginx sends the bytes.
"""

import mimetypes
import posixpath
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

SERVED_PREFIXES = ("images/", "original_images/")


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    path = posixpath.normpath(path).lstrip("/")
    if not path.startswith(SERVED_PREFIXES) or ".." in Path(path).parts:
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except Exception:
        raise Http404 from None
    if not full_path.is_file():
        raise Http404
    content_type = mimetypes.guess_type(full_path.name)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        content_type = "application/octet-stream"
    if settings.MEDIA_ACCEL_REDIRECT_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT_PREFIX.rstrip("/") + "/" + path
    else:
        response = FileResponse(full_path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
