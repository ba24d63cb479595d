"""« Importer des personnes » in the admin. The HR export is dropped, a worker reads it and the
page shows what it would change (creations, changes, deactivations, errors by line); nothing
is written until an administrator confirms, and then a worker writes it while the page says
which step it is at (import_jobs.py). The last imports are listed with who did them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.admin_views import ParvisAdminView

from .directory import service_subtree_ids
from .import_jobs import (
    SHOWN,
    people_import_abandon,
    people_import_confirm,
    people_import_start,
    people_import_step,
)
from .imports import MAX_BYTES
from .models import PeopleImport, Service
from .orgchart import service_choices, service_tree
from .permissions import can_manage_people, can_move_services
from .services import service_move
from .tasks import people_import_check_schedule, people_import_run_schedule

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
        people_import_check_schedule(import_id=job.pk)
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
            if people_import_confirm(self.job, by=request.user):
                people_import_run_schedule(import_id=self.job.pk)
            else:
                messages.error(request, _("Cet import n'attend plus de confirmation."))
        elif action == "abandon":
            if people_import_abandon(self.job):
                messages.success(request, _("Import abandonné : le fichier a été supprimé."))
                return redirect("parvis_people_import")
            messages.error(request, _("Cet import n'attend plus de confirmation."))
        return redirect("parvis_people_import_job", token=self.job.token)


class ServiceTreeView(ParvisAdminView):
    """The services as the tree they form. A service is dragged onto another (or onto « Haut de
    l'organigramme ») with its sub-tree (people-services.js); by keyboard, or without
    JavaScript, each service's « Déplacer » opens a form that does the same."""

    template_name = "people/admin/service_tree.html"
    page_title = gettext_lazy("Arbre des services")
    header_icon = "group"
    allowed = staticmethod(can_move_services)

    def get_context_data(self, **kwargs):
        return super().get_context_data(tree=service_tree(), **kwargs)


class ServiceMoveView(ParvisAdminView):
    template_name = "people/admin/service_move.html"
    page_title = gettext_lazy("Déplacer un service")
    header_icon = "group"
    allowed = staticmethod(can_move_services)

    def dispatch(self, request, *args, **kwargs):
        if self.allowed(request.user):
            self.service = get_object_or_404(Service, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("parvis_service_tree"), "label": _("Arbre des services")},
            {"url": "", "label": self.service.name},
        ]

    def get_context_data(self, **kwargs):
        below = set(service_subtree_ids(self.service))
        choices = [(pk, label) for pk, label in service_choices(key="pk") if pk not in below]
        return super().get_context_data(service=self.service, choices=choices, **kwargs)

    def post(self, request, *args, **kwargs):
        wanted = request.POST.get("parent", "")
        parent = None
        if wanted:
            parent = Service.objects.filter(pk=wanted).first() if wanted.isdigit() else None
            if parent is None:
                return self._answer(request, _("Ce service parent n'existe plus."), ok=False)
        try:
            service_move(service=self.service, parent=parent, by=request.user)
        except ValidationError as refused:
            return self._answer(request, " ".join(refused.messages), ok=False)
        if parent is None:
            said = _("« %(service)s » est maintenant en haut de l'organigramme.")
        else:
            said = _("« %(service)s » dépend maintenant de « %(parent)s ».")
        return self._answer(request, said % {"service": self.service, "parent": parent}, ok=True)

    def _answer(self, request, message: str, *, ok: bool):
        """To the tree with the message; to people-services.js (which asks for JSON), the
        message alone, the tree being fetched again."""
        if request.headers.get("Accept") == "application/json":
            if ok:  # shown on the tree, which the script loads again
                messages.success(request, message)
            return JsonResponse({"ok": ok, "message": message}, status=200 if ok else 400)
        (messages.success if ok else messages.error)(request, message)
        if not ok:
            return redirect("parvis_service_move", pk=self.service.pk)
        return redirect(reverse("parvis_service_tree") + f"#service-{self.service.pk}")
