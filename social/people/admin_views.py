"""« Importer des personnes » in the admin: the HR export is read and what it would change is
shown (creations, changes, deactivations, errors by line); nothing is written until the
administrator confirms. The file waits in private storage between the two steps."""

import re
import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.admin_views import ParvisAdminView

from .imports import ImportRefused, people_import_apply, people_import_plan
from .permissions import can_manage_people

PENDING = "imports/people-{token}.csv"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
SHOWN = 200  # lines of each list on the preview


def can_import_people(user) -> bool:
    return can_manage_people(user) and user.has_perm("people.add_user")


class PeopleImportView(ParvisAdminView):
    template_name = "people/admin/import.html"
    page_title = gettext_lazy("Importer des personnes")
    header_icon = "group"
    allowed = staticmethod(can_import_people)

    def post(self, request, *args, **kwargs):
        full = request.POST.get("full") == "1"
        token = request.POST.get("token", "")
        if token:
            return self._apply(request, token, full=full)
        uploaded = request.FILES.get("file")
        if uploaded is None:
            messages.error(request, _("Choisissez le fichier CSV de l'export RH."))
            return redirect("parvis_people_import")
        data = uploaded.read()
        try:
            plan = people_import_plan(data, full=full)
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return redirect("parvis_people_import")
        token = uuid.uuid4().hex
        if plan.is_valid:
            default_storage.save(PENDING.format(token=token), ContentFile(data))
        context = self.get_context_data(plan=plan, token=token, full=full, shown=SHOWN)
        return render(request, self.template_name, context)

    def _apply(self, request, token: str, *, full: bool):
        name = PENDING.format(token=token)
        if not TOKEN.match(token) or not default_storage.exists(name):
            messages.error(request, _("Cet import a expiré : déposez le fichier à nouveau."))
            return redirect("parvis_people_import")
        with default_storage.open(name, "rb") as pending:
            data = pending.read()
        try:
            # Read again: the directory may have changed since the preview.
            plan = people_import_plan(data, full=full)
            counts = people_import_apply(plan, by=request.user)
        except ImportRefused as refused:
            messages.error(request, str(refused))
            return redirect("parvis_people_import")
        default_storage.delete(name)
        messages.success(
            request,
            _(
                "Import terminé : %(created)s création(s), %(changed)s modification(s), "
                "%(deactivated)s désactivation(s)."
            )
            % counts,
        )
        return redirect(reverse("wagtailusers_users:index"))
