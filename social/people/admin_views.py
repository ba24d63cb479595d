"""« Importer des personnes » in the admin. The HR export is dropped, a worker reads it and the
page shows what it would change (creations, changes, deactivations, errors by line); nothing
is written until an administrator confirms, and then a worker writes it while the page says
which step it is at (import_jobs.py). The last imports are listed with who did them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.admin_views import ParvisAdminView

from .import_jobs import (
    SHOWN,
    people_import_abandon,
    people_import_confirm,
    people_import_start,
    people_import_step,
)
from .imports import MAX_BYTES
from .models import PeopleImport
from .permissions import can_manage_people

HISTORY = 10  # imports listed under the form


def can_import_people(user) -> bool:
    return can_manage_people(user) and user.has_perm("people.add_user")


class PeopleImportView(ParvisAdminView):
    template_name = "people/admin/import.html"
    page_title = gettext_lazy("Importer des personnes")
    header_icon = "group"
    allowed = staticmethod(can_import_people)

    def get_context_data(self, **kwargs):
        imports = PeopleImport.objects.select_related("created_by")[:HISTORY]
        return super().get_context_data(imports=imports, **kwargs)

    def post(self, request, *args, **kwargs):
        uploaded = request.FILES.get("file")
        if uploaded is None:
            messages.error(request, _("Choisissez le fichier CSV de l'export RH."))
            return redirect("parvis_people_import")
        if uploaded.size > MAX_BYTES:
            messages.error(request, _("Le fichier dépasse 50 Mo."))
            return redirect("parvis_people_import")
        job = people_import_start(
            data=uploaded.read(),
            file_name=uploaded.name,
            full=request.POST.get("full") == "1",
            by=request.user,
        )
        return redirect("parvis_people_import_job", token=job.token)


class PeopleImportJobView(ParvisAdminView):
    """One import: being read, its preview (with « Confirmer »), being written, its outcome.
    While a worker is at it, the status is fetched again every few seconds (people-import.js,
    `?status=1` gives the status alone); without JavaScript, a link reloads the page."""

    template_name = "people/admin/import_job.html"
    page_title = gettext_lazy("Importer des personnes")
    header_icon = "group"
    allowed = staticmethod(can_import_people)

    def dispatch(self, request, *args, **kwargs):
        if self.allowed(request.user):
            self.job = get_object_or_404(
                PeopleImport.objects.select_related("created_by", "applied_by"),
                token=kwargs["token"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("parvis_people_import"), "label": _("Importer des personnes")},
            {"url": "", "label": self.job.file_name},
        ]

    def get_template_names(self):
        if self.request.GET.get("status") == "1":
            return ["people/admin/import_status.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            job=self.job,
            step=people_import_step(self.job),
            shown=SHOWN,
            status_url=reverse("parvis_people_import_job", args=[self.job.token]) + "?status=1",
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "confirm":
            if not people_import_confirm(self.job, by=request.user):
                messages.error(request, _("Cet import n'attend plus de confirmation."))
        elif action == "abandon":
            if people_import_abandon(self.job):
                messages.success(request, _("Import abandonné : le fichier a été supprimé."))
                return redirect("parvis_people_import")
            messages.error(request, _("Cet import n'attend plus de confirmation."))
        return redirect("parvis_people_import_job", token=self.job.token)
