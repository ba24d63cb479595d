"""« Mon compte › Mes données »: what Parvis keeps and why (from the declarations the
retention task applies), the export, asked and downloaded by its owner only."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.core.media import protected_file_response
from cms.core.privacy import activities, kinds_of

from .export import ExportTooSoon, export_for_download, export_request
from .models import DataExport
from .retention import retention_table


def processing_register() -> list[dict]:
    """The processing activities, each with its kinds of data and their retention as applied."""
    days = retention_table()
    return [
        {
            "activity": activity,
            "kinds": [(kind, days[kind.key]) for kind in kinds_of(activity.key)],
        }
        for activity in activities()
    ]


@never_cache
def my_data(request: HttpRequest) -> HttpResponse:
    exports = DataExport.objects.filter(user=request.user)[:5]
    context = {
        "exports": exports,
        "now": timezone.now(),
        "register": processing_register(),
        "pending": any(export.status == DataExport.Status.PENDING for export in exports),
    }
    return render(request, "privacy/my_data.html", context)


@require_POST
def export_new(request: HttpRequest) -> HttpResponse:
    try:
        export_request(user=request.user)
    except ExportTooSoon:
        messages.warning(
            request,
            _(
                "Un export est déjà en préparation ou a été demandé il y a moins d'une heure : "
                "attendez qu'il soit prêt."
            ),
        )
    else:
        messages.success(
            request,
            _(
                "Votre export est en préparation. Vous recevrez une notification quand il sera "
                "prêt à télécharger."
            ),
        )
    return redirect("privacy:my_data")


@never_cache
def export_download(request: HttpRequest, token) -> HttpResponse:
    export = export_for_download(user=request.user, token=token)
    if export is None:
        raise Http404
    stamp = timezone.localtime(export.ready_at).strftime("%Y-%m-%d")
    return protected_file_response(
        export.stored_as,
        _disk_path(export.stored_as),
        content_type="application/zip",
        disposition=f'attachment; filename="parvis-mes-donnees-{stamp}.zip"',
        cache_control="private, no-store",
    )


def _disk_path(name: str) -> Path | None:
    """On this server's disk, where the ZIP lies; None in object storage (a signed redirect)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.path(name))
    return None


def register_page(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/register.html", {"register": processing_register()})
