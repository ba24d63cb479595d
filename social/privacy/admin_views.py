"""Personal data in Wagtail's admin: the retention policies (Paramètres › Durées de
conservation) with the last runs, and a person's departure or anonymisation (from the people
listing), each confirmed on a page that says what will happen."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet

import django_filters

from cms.admin_views import ParvisAdminView
from cms.core.audit import audit_record
from cms.core.privacy import registry
from social.people.models import User
from social.people.permissions import can_manage_people

from .departure import AlreadyAnonymised, person_anonymise, person_deactivate
from .models import RetentionPolicy, RetentionRun
from .retention import retention_table


def can_set_retention(user) -> bool:
    return user.is_active and user.is_superuser


class RetentionForm(forms.Form):
    """One field per declared kind that a task purges: days (empty: kept without limit)."""

    def __init__(self, *args, table: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key, kind in registry.kinds.items():
            if kind.purge is None:
                continue
            self.fields[key] = forms.IntegerField(
                label=kind.label,
                required=False,
                min_value=kind.min_days,
                max_value=36500,
                initial=table.get(key),
                help_text=_("Par défaut : %(days)s jours") % {"days": kind.days}
                if kind.days
                else _("Par défaut : sans limite"),
            )


class RetentionView(ParvisAdminView):
    template_name = "privacy/admin/retention.html"
    page_title = gettext_lazy("Durées de conservation")
    header_icon = "time"
    allowed = staticmethod(can_set_retention)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RetentionForm(table=retention_table()))
        labels = {key: kind.label for key, kind in registry.kinds.items()}
        context["runs"] = [
            (run, [(labels.get(key, key), count) for key, count in run.removed.items()])
            for run in RetentionRun.objects.all()[:10]
        ]
        return context

    def post(self, request, *args, **kwargs):
        table = retention_table()
        form = RetentionForm(request.POST, table=table)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        changed = []
        with transaction.atomic():
            for key, days in form.cleaned_data.items():
                if days == table.get(key):
                    continue
                RetentionPolicy.objects.update_or_create(kind=key, defaults={"days": days})
                changed.append(f"{registry.kinds[key].label} : {table.get(key)} → {days}")
            if changed:
                audit_record(
                    request.user,
                    "parvis.privacy.retention",
                    user=request.user,
                    detail="; ".join(str(item) for item in changed),
                )
        messages.success(request, _("Durées de conservation enregistrées."))
        return redirect("parvis_retention")


class PersonActionView(ParvisAdminView):
    """Départ or anonymisation of one person, after a confirmation page."""

    template_name = "privacy/admin/person_action.html"
    header_icon = "user"
    action = ""
    allowed = staticmethod(can_manage_people)

    def dispatch(self, request, *args, **kwargs):
        self.person = User.objects.filter(pk=kwargs["pk"]).first()
        if self.person is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(person=self.person, action=self.action)
        return context

    def post(self, request, *args, **kwargs):
        if self.person.pk == request.user.pk:
            messages.error(request, _("Vous ne pouvez pas traiter votre propre départ."))
            return redirect("wagtailusers_users:index")
        name = str(self.person)
        if self.action == "deactivate":
            person_deactivate(person=self.person, by=request.user, reason=_("administration"))
            messages.success(
                request,
                _("%(name)s est parti(e) : sessions fermées, groupes quittés, accès révoqués.")
                % {"name": name},
            )
        else:
            try:
                person_anonymise(person=self.person, by=request.user)
            except AlreadyAnonymised:
                messages.info(request, _("Cette personne est déjà anonymisée."))
            else:
                messages.success(request, _("%(name)s est anonymisé(e).") % {"name": name})
        return redirect("wagtailusers_users:index")


class DeactivateView(PersonActionView):
    page_title = gettext_lazy("Départ d'une personne")
    action = "deactivate"


class AnonymiseView(PersonActionView):
    page_title = gettext_lazy("Anonymiser une personne")
    action = "anonymise"


def person_action_urls(person_id: int) -> dict:
    return {
        "deactivate": reverse("parvis_person_deactivate", args=[person_id]),
        "anonymise": reverse("parvis_person_anonymise", args=[person_id]),
    }


class AuditLogFilterSet(SiteHistoryReportFilterSet):
    """Wagtail's site-history filters, and a search in the name and in the detail."""

    q = django_filters.CharFilter(label=gettext_lazy("Rechercher"), method="filter_text")

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(label__icontains=value) | Q(data__detail__icontains=value))


class AuditLogView(LogEntriesView):
    """« Rapports › Journal d'audit »: Wagtail's site history kept to Parvis's audit actions,
    searchable in the detail, and exported (CSV, Excel) with the detail of each entry."""

    page_title = gettext_lazy("Journal d'audit")
    header_icon = "list-ul"
    filterset_class = AuditLogFilterSet
    index_url_name = "parvis_audit_log"
    index_results_url_name = "parvis_audit_log_results"
    export_headings = {**LogEntriesView.export_headings, "message": gettext_lazy("Détail")}
    list_export = [*LogEntriesView.list_export, "message"]

    def dispatch(self, request, *args, **kwargs):
        if not can_read_audit_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset.filter(action__startswith="parvis."))

    def get_filename(self):
        return f"journal-audit-{timezone.localdate():%Y-%m-%d}"


def can_read_audit_log(user) -> bool:
    return user.is_active and user.is_superuser
