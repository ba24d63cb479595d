"""Uploaded media (images and their renditions) served to logged-in people only.

Wagtail's image URLs are public by design; on an intranet nothing is. Documents, their earlier
versions and their previews never go through here: the library's views check the folder's
rights first, then call `protected_file_response`. Behind nginx, set MEDIA_ACCEL_REDIRECT_PREFIX
(or, behind Apache with mod_xsendfile, MEDIA_X_SENDFILE) so Django only checks and the web server
sends the bytes.
"""

import contextlib
import mimetypes
import os
import posixpath
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.files.storage import FileSystemStorage, storages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
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
    full_path = None  # in object storage: its signed address (protected_file_response)
    if isinstance(storages["default"], FileSystemStorage):
        try:
            full_path = Path(safe_join(settings.MEDIA_ROOT, path))
        except Exception:
            raise Http404 from None
        if not full_path.is_file():
            raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if not content_type.startswith("image/") or content_type == "image/svg+xml":
        content_type = "application/octet-stream"
    return protected_file_response(
        path, full_path, content_type=content_type, cache_control="private, max-age=86400"
    )


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


@contextlib.contextmanager
def local_copy(field_file) -> Iterator[str]:
    """A path on disk for the file (an analysis, the antivirus), copied in chunks from a remote
    storage if need be, and removed after."""
    path = local_path(field_file)
    if path is not None:
        yield str(path)
        return
    with tempfile.NamedTemporaryFile(suffix=os.path.splitext(field_file.name)[1]) as copy:
        with field_file.storage.open(field_file.name, "rb") as source:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        copy.flush()
        yield copy.name


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
    name: str,
    full_path: Path | None,
    *,
    content_type: str,
    disposition: str = "",
    cache_control: str = "private, no-cache",
) -> HttpResponse:
    """The bytes of a stored file, once the caller has checked who asks. `name` is the path in
    the storage, `full_path` its place on disk (None for a remote storage).

    On this server's disk: nginx sends it (X-Accel-Redirect), or Apache (X-Sendfile), or
    Django. In object storage (S3, several servers): a redirect to a signed address valid
    MEDIA_SIGNED_URL_SECONDS, never cached, that names the type and the disposition."""
    storage = storages["default"]
    if full_path is None and not isinstance(storage, FileSystemStorage):
        return _signed_redirect(storage, name, content_type, disposition)
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
    response["Cache-Control"] = cache_control
    return response


def _signed_redirect(storage, name: str, content_type: str, disposition: str) -> HttpResponse:
    if not storage.exists(name):
        raise Http404
    parameters = {"ResponseContentType": content_type, "ResponseCacheControl": "private"}
    if disposition:
        parameters["ResponseContentDisposition"] = disposition
    url = storage.url(name, parameters=parameters, expire=settings.MEDIA_SIGNED_URL_SECONDS)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"  # the signature expires: never reused
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
    return protected_file_response(
        name, path, content_type=content_type, cache_control="private, max-age=3600"
    )
