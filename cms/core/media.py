"""Uploaded media (images and their renditions) served to logged-in people only.

Wagtail's image URLs are public by design; on an intranet nothing is. Documents, their earlier
versions and their previews never go through here: the library's views check the folder's
rights first, then call `protected_file_response`. Behind nginx, set MEDIA_ACCEL_REDIRECT_PREFIX
(or, behind Apache with mod_xsendfile, MEDIA_X_SENDFILE) so Django only checks and the web server
sends the bytes.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils._os import safe_join
from django.views.decorators.http import require_safe

from wagtail.models import Collection, GroupCollectionPermission

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
    response = protected_file_response(path, full_path, content_type=content_type)
    response["Cache-Control"] = "private, max-age=86400"
    return response


def file_delete_on_commit(field_file) -> None:
    """Delete a stored file once the transaction that stops using it commits: if anything
    fails before, the rows roll back and still find their file (deleting at once left them
    pointing at nothing)."""
    if field_file and field_file.name:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


def local_path(field_file) -> Path | None:
    """Where a stored file lies on this server's disk; None for a remote storage (S3...)."""
    if isinstance(field_file.storage, FileSystemStorage):
        return Path(field_file.path)
    return None


def file_unavailable(
    request: HttpRequest, *, name: str, quarantined: bool, signature: str, back_url: str
) -> HttpResponse:
    """409, said in the reader's language: the file waits for the antivirus, or is quarantined
    (knowledge/library/antivirus.py). Never its bytes."""
    context = {
        "name": name,
        "quarantined": quarantined,
        "signature": signature,
        "back_url": back_url,
    }
    return render(request, "components/file_unavailable.html", context, status=409)


def protected_file_response(
    name: str, full_path: Path | None, *, content_type: str, disposition: str = ""
) -> HttpResponse:
    """The bytes of a stored file, once the caller has checked who asks. `name` is the path in
    MEDIA_ROOT, `full_path` its place on disk (None for a remote storage: not supported here)."""
    if settings.MEDIA_ACCEL_REDIRECT_PREFIX:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = quote(
            settings.MEDIA_ACCEL_REDIRECT_PREFIX.rstrip("/") + "/" + name
        )
    elif settings.MEDIA_X_SENDFILE and full_path is not None:
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = str(full_path)
    else:
        if full_path is None or not full_path.is_file():
            raise Http404
        response = FileResponse(full_path.open("rb"), content_type=content_type)
    if disposition:
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser render it anyway, nothing in it may run or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def media_rights_ensure(
    group: Group, *, images: tuple[str, ...], documents: tuple[str, ...] = ("choose",)
) -> None:
    """What a group of editors may do with media from the root collection: the given actions on
    images (which have no folders) and on documents — never « add » a document: adding is a
    right of a folder's own service (knowledge/library/folders.py), and from the root it
    reached every service's folder. Other document rights on the root are taken back."""
    if "add" in documents:
        raise ValueError("documents are added to a folder by its service, not from the root")
    root = Collection.get_first_root_node()
    wanted = {("wagtailimages", f"{action}_image") for action in images}
    wanted |= {("wagtaildocs", f"{action}_document") for action in documents}
    for app_label, codename in wanted:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    GroupCollectionPermission.objects.filter(
        group=group,
        collection=root,
        permission__content_type__app_label="wagtaildocs",
    ).exclude(permission__codename__in=[codename for _app, codename in wanted]).delete()


PICTURE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}


def picture_response(field_file) -> HttpResponse:
    """A re-encoded picture (group, post, event) for a reader the caller has checked."""
    name = field_file.name
    content_type = PICTURE_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    path = local_path(field_file)
    if path is not None and not path.is_file():
        raise Http404
    if path is None:
        response = FileResponse(field_file.open("rb"), content_type=content_type)
    else:
        response = protected_file_response(name, path, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
