"""The document library for agents and elected officials: folders, documents, versions, uploads.

Every view starts from the same rule (`knowledge.library.selectors`): a folder or a document
the reader may not see does not exist for them (404), in lists, counts, search, previews and
downloads.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from wagtail.models import Collection

from cms.core.media import file_unavailable, local_path, protected_file_response
from cms.core.submissions import file_key, posted_key, submit_once
from social.people.models import Service

from ..models import LibraryDocument, LibraryDocumentVersion, SearchItem, Theme
from ..search.query import parse_query
from . import filetypes
from .folders import folder_display_name
from .selectors import (
    can_add_to_folder,
    can_edit_document,
    can_manage_document,
    can_view_document,
    can_view_folder,
    document_abilities,
    documents_in_bin_for,
    documents_visible_to,
    folders_to_move_to,
    reader_folder_keys,
    visible_folder_ids,
)
from .services import (
    BIN_DAYS,
    document_move,
    document_rename,
    document_trash,
    document_untrash,
    document_upload,
    document_version_add,
    document_version_restore,
)

MAX_QUERY_LENGTH = 200
MAX_SEARCH_CANDIDATES = 1000
SORTS = {
    "recent": ("-file_updated_at", gettext_lazy("Les plus récents")),
    "title": ("title", gettext_lazy("Titre (A → Z)")),
    "size": ("-file_size", gettext_lazy("Les plus lourds")),
    "type": ("mime_type", gettext_lazy("Type de fichier")),
}


def _visible_folder(request: HttpRequest, folder_id: int | None) -> Collection:
    if folder_id is None:
        return Collection.get_first_root_node()
    folder = get_object_or_404(Collection, pk=folder_id)
    if not can_view_folder(request.user, folder):
        raise Http404
    return folder


def _visible_document(request: HttpRequest, document_id: int) -> LibraryDocument:
    document = get_object_or_404(
        LibraryDocument.objects.select_related("service", "collection", "uploaded_by_user"),
        pk=document_id,
    )
    if not can_view_document(request.user, document):
        raise Http404
    return document


def _filters(request: HttpRequest) -> dict[str, str]:
    """The filters of the query string that the library knows, as given (for links)."""
    filters = {}
    for key in ("q", "service", "theme", "tag", "type", "sort"):
        value = request.GET.get(key, "").strip()[:MAX_QUERY_LENGTH]
        if value:
            filters[key] = value
    return filters


def _documents_for(request: HttpRequest, folder: Collection, filters: dict[str, str]):
    """The folder's documents (its sub-folders' too when searching or filtering)."""
    documents = documents_visible_to(request.user)
    narrowing = any(key in filters for key in ("q", "service", "theme", "tag", "type"))
    if narrowing:  # with its sub-folders, those the reader may see (documents_visible_to)
        documents = documents.filter(collection__path__startswith=folder.path)
    else:
        documents = documents.filter(collection_id=folder.pk)
    if filters.get("service", "").isdigit():
        documents = documents.filter(service_id=int(filters["service"]))
    if filters.get("type") in filetypes.FAMILIES:
        mime_types = [k.mime_type for k in filetypes.KINDS.values() if k.family == filters["type"]]
        documents = documents.filter(mime_type__in=mime_types)
    if filters.get("theme"):
        through = LibraryDocument.themes.through.objects.filter(theme__slug=filters["theme"])
        documents = documents.filter(
            id__in=list(through.values_list("librarydocument_id", flat=True)[:5000])
        )
    if filters.get("tag"):
        tagged = LibraryDocument.objects.filter(tags__name=filters["tag"])
        documents = documents.filter(id__in=list(tagged.values_list("pk", flat=True)[:5000]))
    order = SORTS.get(filters.get("sort", ""), SORTS["recent"])[0]
    if filters.get("q"):
        return _searched(request, folder, documents, filters["q"], order, "sort" in filters)
    return documents.for_listing().order_by(order, "pk")


def _sort_value(document, field: str):
    value = getattr(document, field)
    return value.lower() if isinstance(value, str) else (0 if value is None else value)


def _searched(request, folder, documents, query: str, order: str, sorted_by_field: bool):
    """Documents of the folder's subtree matching `query` inside their text: the site search's
    rows (one index for the whole intranet), best first unless a sort was chosen."""

    parsed = parse_query(query)
    if parsed.query is None:
        return []
    items = SearchItem.objects.filter(
        kind="document",
        places__in=[f"folder:{folder.pk}"],
        access__in=sorted(reader_folder_keys(request.user)),
    )
    ranked = [
        item.source_id
        for item in items.search(parsed.query, operator="and")[:MAX_SEARCH_CANDIDATES]
    ]
    found = documents.for_listing().in_bulk(ranked)
    results = [found[pk] for pk in ranked if pk in found]
    if sorted_by_field:
        field = order.lstrip("-")
        results.sort(key=lambda document: _sort_value(document, field), reverse=order[0] == "-")
    return results


def _page_of(request: HttpRequest, items):
    paginator = Paginator(items, settings.LIBRARY_PAGE_SIZE)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1)


@require_safe
@vary_on_headers("HX-Request")
def folder(request: HttpRequest, folder_id: int | None = None) -> HttpResponse:
    current = _visible_folder(request, folder_id)
    filters = _filters(request)
    documents_page = _page_of(request, _documents_for(request, current, filters))
    if filters.get("q"):
        # Search results come without their relations: fetch them in one query for the page.
        ids = [document.pk for document in documents_page.object_list]
        by_id = LibraryDocument.objects.for_listing().in_bulk(ids)
        documents_page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    context = {
        "folder": current,
        "folder_name": folder_display_name(current),
        "documents_page": documents_page,
        "filters": filters,
        "filters_query": urlencode(filters),
        "searching": any(key in filters for key in ("q", "service", "theme", "tag", "type")),
    }
    if request.htmx:
        return render(request, "knowledge/library/folder.html#results", context)
    visible = visible_folder_ids(request.user)
    children = current.get_children()
    if visible is not None:
        children = children.filter(pk__in=visible)
    children = list(children)
    for child in children:
        child.document_count = 0
    if children:
        # Documents in each sub-folder's whole subtree, in one query: group them by the part
        # of their folder's tree path that names the sub-folder.
        prefix_length = len(current.path) + Collection.steplen
        counts = dict(
            documents_visible_to(request.user)
            .filter(collection__path__startswith=current.path, collection__depth__gt=current.depth)
            .annotate(prefix=Substr("collection__path", 1, prefix_length))
            .values_list("prefix")
            .annotate(count=Count("pk"))
        )
        for child in children:
            child.document_count = counts.get(child.path, 0)
    context.update(
        {
            "ancestors": [a for a in current.get_ancestors() if not a.is_root()],
            "subfolders": children,
            "can_add": can_add_to_folder(request.user, current) and not current.is_root(),
            "services": Service.objects.order_by("name"),
            "themes": Theme.objects.order_by("name"),
            "families": filetypes.FAMILIES,
            "sorts": {key: label for key, (_order, label) in SORTS.items()},
            "max_upload_size": filetypes.max_upload_size(),
            "accept": ",".join(sorted({f".{kind.extension}" for kind in filetypes.KINDS.values()})),
        }
    )
    return render(request, "knowledge/library/folder.html", context)


@require_safe
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _visible_document(request, document_id)
    context = {
        "document": document,
        "ancestors": list(document.collection.get_ancestors(inclusive=True)),
        "versions": document.versions.select_related("uploaded_by"),
        "abilities": document_abilities(request.user, document),
        "themes": document.themes.all(),
        "tags": document.tags.all(),
        "excerpt": document.extracted_text[:3000],
        "max_upload_size": filetypes.max_upload_size(),
    }
    return render(request, "knowledge/library/document.html", context)


def document_file_response(request: HttpRequest, document: LibraryDocument) -> HttpResponse:
    """The document's current file, for those who may see it (also behind Wagtail's
    /documents/<id>/<name> links, through the `before_serve_document` hook)."""
    if not can_view_document(request.user, document):
        raise Http404
    if not document.downloadable:
        return file_unavailable(
            request,
            name=document.title,
            quarantined=document.quarantined,
            signature=document.scan_signature,
            back_url=reverse("library:document", args=[document.pk]),
        )
    response = protected_file_response(
        document.file.name,
        local_path(document.file),
        content_type=document.content_type,
        disposition=document.content_disposition,
        cache_control="private, no-cache",
    )
    return response


@require_safe
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    return document_file_response(request, _visible_document(request, document_id))


@require_safe
def wagtail_document_link(request: HttpRequest, document_id: int, filename: str) -> HttpResponse:
    """Wagtail's /documents/<id>/<name> links (rich text, the admin) answer here, exactly as the
    library's download: Wagtail's own view ignores a streamed answer from its
    `before_serve_document` hook and would serve the file without our headers."""
    document = _visible_document(request, document_id)
    if document.filename != filename:
        raise Http404
    return document_file_response(request, document)


@require_safe
def version_download(request: HttpRequest, document_id: int, number: int) -> HttpResponse:
    document = _visible_document(request, document_id)
    version = get_object_or_404(LibraryDocumentVersion, document=document, number=number)
    response = protected_file_response(
        version.file.name,
        local_path(version.file),
        content_type=version.mime_type or "application/octet-stream",
        disposition=version.content_disposition,
        cache_control="private, no-cache",
    )
    return response


@require_safe
def document_preview(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _visible_document(request, document_id)
    if not document.preview:
        raise Http404
    return protected_file_response(
        document.preview.name,
        local_path(document.preview),
        content_type="image/png",
        cache_control="private, max-age=86400",
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _too_large(request: HttpRequest) -> bool:
    """Refuse an oversized body before reading it (multipart overhead allowed for)."""
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return False
    return length > filetypes.max_upload_size() * 1.02 + 1024 * 1024


def _too_large_message() -> str:
    return _("Le fichier dépasse la taille maximale autorisée (%(size)s).") % {
        "size": filesizeformat(filetypes.max_upload_size())
    }


@require_POST
def upload(request: HttpRequest, folder_id: int) -> HttpResponse:
    """Files dropped or picked in a folder: one request per file from the page's script (for a
    progress bar each), or several at once from the plain form."""
    current = _visible_folder(request, folder_id)
    if not can_add_to_folder(request.user, current):
        return _upload_refused(request, current)
    errors: list[dict[str, str]] = []
    created: list[LibraryDocument] = []
    if _too_large(request):
        errors.append({"name": "", "message": _too_large_message()})
    else:
        files = request.FILES.getlist("files")
        if not files:
            errors.append({"name": "", "message": _("Choisissez au moins un fichier.")})
        key = posted_key(request)
        for index, uploaded in enumerate(files):
            name = filetypes.sanitise_filename(uploaded.name)
            try:
                document, _created = submit_once(
                    user=request.user,
                    key=file_key(key, uploaded, index=index),
                    create=partial(
                        document_upload, user=request.user, folder=current, uploaded_file=uploaded
                    ),
                )
                created.append(document)
            except filetypes.Rejected as rejected:
                errors.append({"name": name, "message": str(rejected.message)})
    return _upload_answer(request, current, created, errors)


def _upload_refused(request: HttpRequest, current: Collection) -> HttpResponse:
    message = _("Vous ne pouvez pas déposer de fichier dans ce dossier.")
    if _wants_json(request):
        return JsonResponse(
            {"documents": [], "errors": [{"name": "", "message": message}]}, status=403
        )
    messages.error(request, message)
    return HttpResponse(message, status=403)


def _upload_answer(request, current, created, errors) -> HttpResponse:
    if _wants_json(request):
        payload = {
            "documents": [
                {"id": d.pk, "title": d.title, "url": reverse("library:document", args=[d.pk])}
                for d in created
            ],
            "errors": errors,
        }
        return JsonResponse(
            payload, status=201 if created and not errors else 400 if errors else 200
        )
    for document in created:
        messages.success(
            request,
            _("« %(title)s » a été déposé ; son texte sera analysé dans quelques instants.")
            % {"title": document.title},
        )
    for error in errors:
        messages.error(
            request, f"{error['name']} : {error['message']}" if error["name"] else error["message"]
        )
    return redirect("library:folder", folder_id=current.pk)


@require_POST
def new_version(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _visible_document(request, document_id)
    if not document_abilities(request.user, document)["new_version"]:
        messages.error(request, _("Vous ne pouvez pas modifier ce document."))
        return HttpResponse(_("Vous ne pouvez pas modifier ce document."), status=403)
    uploaded = request.FILES.get("file")
    error = ""
    if _too_large(request):
        error = _too_large_message()
    elif uploaded is None:
        error = _("Choisissez un fichier.")
    else:
        try:
            document, _created = submit_once(
                user=request.user,
                key=file_key(posted_key(request), uploaded),
                create=partial(
                    document_version_add,
                    user=request.user,
                    document=document,
                    uploaded_file=uploaded,
                    accept_type_change=request.POST.get("accept_type_change") == "1",
                ),
            )
        except filetypes.Rejected as rejected:
            error = str(rejected.message)
    if _wants_json(request):
        url = reverse("library:document", args=[document.pk])
        return JsonResponse(
            {"errors": [{"name": "", "message": error}] if error else [], "url": url},
            status=400 if error else 201,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Nouvelle version %(number)s déposée ; la précédente est conservée.")
            % {"number": document.version_number},
        )
    return redirect("library:document", document_id=document.pk)


@require_POST
def restore_version(request: HttpRequest, document_id: int, number: int) -> HttpResponse:
    document = _visible_document(request, document_id)
    if not document_abilities(request.user, document)["restore"]:
        return HttpResponse(_("Vous ne pouvez pas modifier ce document."), status=403)
    version = get_object_or_404(LibraryDocumentVersion, document=document, number=number)
    document = document_version_restore(user=request.user, document=document, version=version)
    messages.success(
        request,
        _("La version %(old)s a été rétablie : elle devient la version %(new)s.")
        % {"old": number, "new": document.version_number},
    )
    return redirect("library:document", document_id=document.pk)


# --- Tidying: rename, move, delete to the bin, take back ------------------------------------


def _manageable_document(request: HttpRequest, document_id: int) -> LibraryDocument:
    """A document the reader sees and may change, else 404 (seen) or 403 (not theirs)."""
    document = _visible_document(request, document_id)
    if not can_edit_document(request.user, document):
        raise PermissionDenied
    return document


@require_POST
def rename(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _manageable_document(request, document_id)
    try:
        document = document_rename(
            user=request.user, document=document, title=request.POST.get("title", "")
        )
    except filetypes.Rejected as rejected:
        messages.error(request, rejected.message)
    else:
        messages.success(request, _("Le document s'appelle désormais « %s ».") % document.title)
    return redirect("library:document", document_id=document.pk)


def move(request: HttpRequest, document_id: int) -> HttpResponse:
    document = _manageable_document(request, document_id)
    folders = folders_to_move_to(request.user, document)
    error = ""
    if request.method == "POST":
        chosen = {str(folder.pk): folder for folder in folders}.get(request.POST.get("folder", ""))
        if chosen is None:
            error = _("Choisissez un dossier où vous pouvez déposer des documents.")
        else:
            document = document_move(user=request.user, document=document, folder=chosen)
            messages.success(
                request,
                _("Le document est rangé dans « %s ».") % folder_display_name(chosen),
            )
            return redirect("library:document", document_id=document.pk)
    context = {
        "document": document,
        "folders": [(folder, folder_display_name(folder)) for folder in folders],
        "error": error,
    }
    return render(request, "knowledge/library/move.html", context, status=400 if error else 200)


def trash(request: HttpRequest, document_id: int) -> HttpResponse:
    """A confirmation page, then the bin (POST)."""
    document = _manageable_document(request, document_id)
    if request.method == "POST":
        folder = document.collection
        document_trash(user=request.user, document=document)
        messages.success(
            request,
            _(
                "« %(title)s » est dans la corbeille : vous pouvez l'en sortir pendant "
                "%(days)s jours."
            )
            % {"title": document.title, "days": BIN_DAYS},
        )
        return redirect("library:folder", folder_id=folder.pk)
    return render(request, "knowledge/library/trash.html", {"document": document, "days": BIN_DAYS})


@require_safe
def bin_list(request: HttpRequest) -> HttpResponse:
    documents = documents_in_bin_for(request.user)
    for document in documents:
        document.purge_on = document.deleted_at + timedelta(days=BIN_DAYS)
    return render(request, "knowledge/library/bin.html", {"documents": documents})


@require_POST
def untrash(request: HttpRequest, document_id: int) -> HttpResponse:
    document = get_object_or_404(LibraryDocument, pk=document_id, deleted_at__isnull=False)
    if not can_manage_document(request.user, document):
        raise Http404
    document = document_untrash(user=request.user, document=document)
    messages.success(request, _("« %s » est de retour à sa place.") % document.title)
    return redirect("library:document", document_id=document.pk)
