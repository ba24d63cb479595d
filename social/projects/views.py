"""The projects' pages: a group's projects, a project's board, list and calendar, a task's
page and the forms that change them, « Mes tâches ». Each view asks permissions.py first: a
project or task one may not see is a 404 everywhere, fragments included; changes go through
services.py. Every change is a plain form POST that redirects; with htmx, the same view answers
with the fragment it changed (the board, the checklist, « Mes tâches »)."""

from __future__ import annotations

import functools
from datetime import date

from django.contrib import messages as flash
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from django_htmx.http import trigger_client_event

from social.groups.models import Group
from social.groups.permissions import can_see_group, group_abilities
from social.people.scope import page_is_visible

from . import permissions, selectors, services
from .cards import CSRF_PLACEHOLDER
from .forms import ColumnForm, LabelForm, ProjectForm, TaskForm
from .models import ChecklistItem, Column, Label, Project, Task, TaskAttachment, TaskLink

BOARD_TIMEOUT = 60 * 60


def _today() -> date:
    return timezone.localdate()


def _group_or_404(request: HttpRequest, slug: str) -> Group:
    group = get_object_or_404(Group, slug=slug)
    if not can_see_group(request.user, group):
        raise Http404
    return group


def _project_or_404(request: HttpRequest, pk: int) -> Project:
    project = get_object_or_404(Project.objects.select_related("group", "owner"), pk=pk)
    if not permissions.can_view_project(request.user, project):
        raise Http404
    return project


def _task_or_404(request: HttpRequest, pk: int) -> Task:
    task = get_object_or_404(
        Task.objects.select_related("project__group", "column", "created_by"), pk=pk
    )
    if not permissions.can_view_task(request.user, task):
        raise Http404
    return task


def _next(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return fallback


def refusals(view):
    """A `ProjectError` becomes a message on the page the person came from (their input kept
    where a form shows it again); with htmx, the message alone, with its status."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.ProjectError as error:
            if request.htmx:
                return render(
                    request,
                    "projects/_error.html",
                    {"message": error.message},
                    status=error.status,
                )
            flash.error(request, error.message)
            referer = request.META.get("HTTP_REFERER", "")
            allowed = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()})
            return redirect(_next(request, referer if allowed else reverse("projects:mine")))

    return wrapper


def _project_context(request: HttpRequest, project: Project, current: str) -> dict:
    return {
        "project": project,
        "group": project.group,
        "abilities": permissions.project_abilities(request.user, project),
        "current": current,
    }


# --- A group's projects ---------------------------------------------------------------------


@require_safe
def group_projects(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    if not permissions.can_view_group_projects(request.user, group):
        return render(
            request,
            "projects/members_only.html",
            {"group": group, "abilities": group_abilities(request.user, group)},
            status=403,
        )
    context = {
        "group": group,
        "abilities": group_abilities(request.user, group),
        "projects": selectors.group_projects(request.user, group),
        "archived": selectors.group_projects(request.user, group, archived=True),
        "can_create": permissions.can_create_project(request.user, group),
        "current": "projets",
    }
    return render(request, "projects/group_projects.html", context)


@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = _group_or_404(request, slug)
    if not permissions.can_view_group_projects(request.user, group):
        raise Http404
    if not permissions.can_create_project(request.user, group):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                group=group,
                user=request.user,
                name=data["name"],
                description=data["description"],
                start_date=data["start_date"],
                target_date=data["target_date"],
                managers=data["managers"],
            )
        except services.ProjectError as error:
            form.add_error(None, error.message)
        else:
            flash.success(request, _("Le projet « %(name)s » est créé.") % {"name": project.name})
            return redirect(project.get_absolute_url())
    context = {"group": group, "form": form, "abilities": group_abilities(request.user, group)}
    return render(request, "projects/project_form.html", context)


# --- A project: board, list, calendar ---------------------------------------------------------


@require_safe
@vary_on_headers("HX-Request")
def board(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk)
    context = _project_context(request, project, "tableau")
    board_html = _board_html(request, project, context["abilities"])
    if request.htmx and not request.htmx.boosted:
        return HttpResponse(board_html)
    context["board_html"] = board_html
    return render(request, "projects/board.html", context)


@require_safe
@vary_on_headers("HX-Request")
def task_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk)
    filters = selectors.ListFilters.parse(request.GET)
    context = _project_context(request, project, "liste")
    context.update(
        {
            "filters": filters,
            "tasks": selectors.task_list(project, filters)[:1000],
            "columns": project.columns.order_by("position"),
            "labels": project.labels.order_by("name"),
            "people": permissions.assignable_people(project).order_by("first_name"),
            "priorities": Task.Priority.choices,
            "today": _today(),
        }
    )
    if request.htmx and not request.htmx.boosted:
        return render(request, "projects/task_list.html#table", context)
    return render(request, "projects/task_list.html", context)


@require_safe
def calendar(request: HttpRequest, pk: int, year: int | None = None, month: int | None = None):
    project = _project_or_404(request, pk)
    today = _today()
    if year is None:
        year, month = today.year, today.month
    if not 1 <= month <= 12 or abs(year - today.year) > 10:
        raise Http404
    first = date(year, month, 1)
    previous = date(year - (month == 1), 12 if month == 1 else month - 1, 1)
    following = date(year + (month == 12), 1 if month == 12 else month + 1, 1)
    context = _project_context(request, project, "calendrier")
    context.update(
        {
            "first": first,
            "weeks": selectors.month_weeks(project, year, month),
            "previous": previous,
            "next": following,
            "today": today,
        }
    )
    return render(request, "projects/calendar.html", context)


# --- Managing a project ---------------------------------------------------------------------


def _managed_project(request: HttpRequest, pk: int) -> Project:
    project = _project_or_404(request, pk)
    if not permissions.can_manage_project(request.user, project):
        raise PermissionDenied
    return project


@require_http_methods(["GET", "POST"])
@refusals
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    form = ProjectForm(
        request.POST or None,
        group=project.group,
        editing=True,
        initial=ProjectForm.initial_for(project),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_update(
                project=project,
                user=request.user,
                name=data["name"],
                description=data["description"],
                status=data.get("status") or None,
                start_date=data["start_date"],
                target_date=data["target_date"],
                managers=data["managers"],
            )
        except services.ProjectError as error:
            form.add_error(None, error.message)
        else:
            flash.success(request, _("Le projet est enregistré."))
            return redirect(project.get_absolute_url())
    context = _project_context(request, project, "parametres")
    context["form"] = form
    return render(request, "projects/project_form.html", context)


@require_POST
@refusals
def project_archive(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk)
    if request.POST.get("action") == "restore":
        services.project_restore(project=project, user=request.user)
        flash.success(request, _("Le projet est restauré : il se modifie de nouveau."))
    else:
        services.project_archive(project=project, user=request.user)
        flash.success(request, _("Le projet est archivé : il se consulte sans se modifier."))
    return redirect(project.get_absolute_url())


@require_POST
@refusals
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _managed_project(request, pk)
    group = project.group
    services.project_delete(
        project=project, user=request.user, confirmation=request.POST.get("confirmation", "")
    )
    flash.success(request, _("Le projet est supprimé ; ses documents restent dans le groupe."))
    return redirect("projects:group", slug=group.slug)


@require_http_methods(["GET", "POST"])
@refusals
def columns(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns and labels of a project, for its managers."""
    project = _managed_project(request, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        column = None
        if request.POST.get("colonne", "").isdigit():
            column = get_object_or_404(Column, pk=request.POST["colonne"], project=project)
        label = None
        if request.POST.get("etiquette", "").isdigit():
            label = get_object_or_404(Label, pk=request.POST["etiquette"], project=project)
        form = ColumnForm(request.POST)
        if action == "column_add" and form.is_valid():
            services.column_create(
                project=project,
                user=request.user,
                name=form.cleaned_data["name"],
                is_done=form.cleaned_data["is_done"],
            )
        elif action == "column_save" and column and form.is_valid():
            services.column_update(
                column=column,
                user=request.user,
                name=form.cleaned_data["name"],
                is_done=form.cleaned_data["is_done"],
            )
        elif action in ("column_left", "column_right") and column:
            services.column_shift(
                column=column, user=request.user, offset=-1 if action == "column_left" else 1
            )
        elif action == "column_delete" and column:
            target = None
            if request.POST.get("vers", "").isdigit():
                target = Column.objects.filter(pk=request.POST["vers"], project=project).first()
            services.column_delete(column=column, user=request.user, move_to=target)
        elif action in ("label_add", "label_save"):
            label_form = LabelForm(request.POST)
            if not label_form.is_valid():
                raise services.ProjectError(_("Donnez un nom et une couleur à l'étiquette."))
            services.label_save(
                project=project,
                user=request.user,
                name=label_form.cleaned_data["name"],
                colour=label_form.cleaned_data["colour"],
                label=label if action == "label_save" else None,
            )
        elif action == "label_delete" and label:
            services.label_delete(label=label, user=request.user)
        else:
            raise services.ProjectError(_("Vérifiez le nom saisi."))
        flash.success(request, _("Les colonnes et étiquettes sont enregistrées."))
        return redirect("projects:columns", pk=project.pk)
    context = _project_context(request, project, "colonnes")
    context.update(
        {
            "columns": list(project.columns.order_by("position")),
            "labels": list(project.labels.order_by("name")),
            "colours": Label.Colour.choices,
        }
    )
    return render(request, "projects/columns.html", context)


# --- Tasks ----------------------------------------------------------------------------------


def _task_data(form: TaskForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "description": data["description"],
        "assignees": list(data["assignees"]),
        "due_date": data["due_date"],
        "priority": data["priority"] or Task.Priority.NORMAL,
        "labels": list(data["labels"]),
    }


@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_or_404(request, pk)
    if not permissions.can_create_task(request.user, project):
        raise PermissionDenied
    initial = {}
    if request.GET.get("colonne", "").isdigit():
        initial["column"] = project.columns.filter(pk=request.GET["colonne"]).first()
    form = TaskForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            task = services.task_create(
                project=project,
                user=request.user,
                column=form.cleaned_data["column"],
                **_task_data(form),
            )
        except services.ProjectError as error:
            form.add_error(None, error.message)
        else:
            flash.success(request, _("La tâche « %(title)s » est créée.") % {"title": task.title})
            if request.POST.get("encore"):
                return redirect(
                    f"{reverse('projects:task_create', args=[project.pk])}?colonne={task.column_id}"
                )
            return redirect(_next(request, project.get_absolute_url()))
    context = _project_context(request, project, "tableau")
    context["form"] = form
    return render(request, "projects/task_form.html", context)


def _task_context(request: HttpRequest, task: Task) -> dict:
    project = task.project
    context = _project_context(request, project, "tableau")
    links = [
        link for link in task.links.select_related("page") if _page_visible(request, link.page)
    ]
    context.update(
        {
            "task": task,
            "assignees": list(task.assignees.order_by("first_name", "last_name")),
            "labels": list(task.labels.all()),
            "checklist": list(task.checklist.select_related("done_by")),
            "attachments": list(task.attachments.select_related("document")),
            "links": links,
            "blocked_by": list(task.blocked_by.select_related("column")),
            "blocks": list(task.blocks.select_related("column")),
            "other_tasks": Task.objects.current()
            .filter(project=project)
            .exclude(pk=task.pk)
            .only("pk", "title")
            .order_by("title")[:300],
            "history": list(task.changes.select_related("actor")[:50]),
            "columns": list(project.columns.order_by("position")),
            "following": task.followers.filter(pk=request.user.pk).exists(),
            "can_delete": permissions.can_delete_task(request.user, task),
            "drive_documents": selectors.drive_documents(task),
            "today": _today(),
        }
    )
    return context


def _page_visible(request: HttpRequest, page) -> bool:
    return page.live and page_is_visible(request.user, page)


@require_safe
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    return render(request, "projects/task_detail.html", _task_context(request, task))


@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    project = task.project
    if not permissions.can_work_in_project(request.user, project):
        raise PermissionDenied
    form = TaskForm(
        request.POST or None, project=project, editing=True, initial=TaskForm.initial_for(task)
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                task=task,
                user=request.user,
                version=form.cleaned_data["version"] or 0,
                **_task_data(form),
            )
        except services.TaskConflict as error:
            conflict = error.current
            # Saving again from here keeps this person's text over the newer version, knowingly.
            data = request.POST.copy()
            data["version"] = conflict.version
            form = TaskForm(data, project=project, editing=True)
            form.is_valid()
        except services.ProjectError as error:
            form.add_error(None, error.message)
        else:
            flash.success(request, _("La tâche est enregistrée."))
            return redirect(task.get_absolute_url())
    context = _project_context(request, project, "tableau")
    context.update(
        {
            "task": task,
            "form": form,
            "conflict": conflict,
            "conflict_assignees": list(conflict.assignees.all()) if conflict else [],
            "conflict_labels": list(conflict.labels.all()) if conflict else [],
        }
    )
    return render(request, "projects/task_form.html", context, status=409 if conflict else 200)


def _board_html(request: HttpRequest, project: Project, abilities: dict) -> SafeString:
    """The board (`board.html#board`), rendered once per version of the board, per right to
    work in it, per day (late cards) and per language, then served from the fragments cache to
    every member: the reader's CSRF token is put in as it leaves."""
    version = Project.objects.filter(pk=project.pk).values_list("board_version", flat=True).get()
    today = _today()
    key = (
        f"project-board:{project.pk}:{version}:{int(abilities['work'])}:"
        f"{int(abilities['create'])}:{today.isoformat()}:{get_language()}"
    )
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        project.board_version = version
        context = {
            "project": project,
            "abilities": abilities,
            "board": selectors.board(project, work=abilities["work"], today=today),
            "csrf_token": CSRF_PLACEHOLDER,
        }
        html = str(render_to_string("projects/board.html#board", context))
        fragments.set(key, html, BOARD_TIMEOUT)
    # Our template's output, escaped there; the token is Django's.
    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308


def _board_response(request: HttpRequest, project: Project) -> HttpResponse:
    abilities = permissions.project_abilities(request.user, project)
    return HttpResponse(_board_html(request, project, abilities))


@require_http_methods(["GET", "POST"])
@refusals
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card: `colonne` and `apres` (the card it now follows; none for the top) from a
    drag and drop, `sens` (haut, bas) or `vers` (another column) from the card's menu. GET: that
    menu (the keyboard's way, WCAG 2.5.7), alone for htmx or as a page."""
    task = _task_or_404(request, pk)
    project = task.project
    if request.method == "GET":
        if not permissions.can_work_in_project(request.user, project):
            raise PermissionDenied
        context = _project_context(request, project, "tableau")
        context.update({"task": task, "columns": project.columns.order_by("position")})
        if request.htmx:
            return render(request, "projects/_move_menu.html", context)
        return render(request, "projects/move.html", context)
    direction = request.POST.get("sens", "")
    if direction in ("haut", "bas"):
        services.task_move_step(
            task=task, user=request.user, direction="up" if direction == "haut" else "down"
        )
    elif request.POST.get("vers", "").isdigit():
        column = get_object_or_404(Column, pk=request.POST["vers"], project=project)
        services.task_move_to_column(task=task, user=request.user, column=column)
    elif request.POST.get("colonne", "").isdigit():
        column = get_object_or_404(Column, pk=request.POST["colonne"], project=project)
        after = request.POST.get("apres", "")
        moved = services.task_move(
            task=task,
            user=request.user,
            column=column,
            after_id=int(after) if after.isdigit() else None,
        )
        # The browser already shows this drop: if the board it shows was the latest, nothing
        # else needs sending but the new version; otherwise, the board with others' changes.
        shown = request.POST.get("tableau", "")
        versions = getattr(moved, "board_versions", None)
        if request.htmx and versions and shown.isdigit() and int(shown) == versions[0]:
            return trigger_client_event(
                HttpResponse(status=204),
                "boardVersion",
                {"version": versions[1], "project": project.pk},
            )
    else:
        raise services.ProjectError(_("Choisissez où déplacer la tâche."))
    if request.htmx:
        return _board_response(request, project)
    return redirect(_next(request, f"{project.get_absolute_url()}#tache-{task.pk}"))


@require_POST
@refusals
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    done = request.POST.get("fait", "1") == "1"
    services.task_complete(task=task, user=request.user, done=done)
    if request.htmx and request.POST.get("depuis") == "mes-taches":
        return _my_tasks_response(request, fragment=True)
    if done:
        flash.success(request, _("« %(title)s » est terminée.") % {"title": task.title})
    return redirect(_next(request, task.get_absolute_url()))


@require_POST
@refusals
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    action = request.POST.get("action", "")
    if action == "add":
        services.checklist_add(task=task, user=request.user, text=request.POST.get("texte", ""))
    else:
        item = get_object_or_404(ChecklistItem, pk=request.POST.get("element") or 0, task=task)
        if action == "delete":
            services.checklist_delete(item=item, user=request.user)
        else:
            services.checklist_toggle(
                item=item, user=request.user, done=request.POST.get("fait") == "1"
            )
    if request.htmx:
        task.refresh_from_db()
        context = _project_context(request, task.project, "tableau")
        context.update({"task": task, "checklist": list(task.checklist.select_related("done_by"))})
        return render(request, "projects/task_detail.html#checklist", context)
    return redirect(f"{task.get_absolute_url()}#liste")


@require_POST
def attachments(request: HttpRequest, pk: int) -> HttpResponse:
    """Join a file (stored in the group's drive through the library's checks) or a document of
    the drive. A refusal answers with the task's page and the message, where the form is."""
    task = _task_or_404(request, pk)
    uploaded = request.FILES.get("fichier")
    try:
        if uploaded is not None:
            services.attachment_upload(task=task, user=request.user, uploaded=uploaded)
        elif request.POST.get("document", "").isdigit():
            services.attachment_add(
                task=task, user=request.user, document_id=int(request.POST["document"])
            )
        else:
            raise services.ProjectError(_("Choisissez un fichier ou un document du groupe."))
    except services.ProjectError as error:
        context = _task_context(request, task)
        context["attach_error"] = error.message
        return render(request, "projects/task_detail.html", context, status=error.status)
    flash.success(request, _("Le document est joint à la tâche."))
    return redirect(f"{task.get_absolute_url()}#documents")


@require_POST
@refusals
def attachment_remove(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    attachment = get_object_or_404(TaskAttachment, pk=attachment_id, task=task)
    services.attachment_remove(attachment=attachment, user=request.user)
    return redirect(f"{task.get_absolute_url()}#documents")


@require_POST
@refusals
def links(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    if request.POST.get("lien", "").isdigit():
        link = get_object_or_404(TaskLink, pk=request.POST["lien"], task=task)
        services.link_remove(link=link, user=request.user)
    else:
        services.link_add(task=task, user=request.user, url=request.POST.get("adresse", ""))
    return redirect(f"{task.get_absolute_url()}#liens")


@require_POST
@refusals
def dependencies(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    other = request.POST.get("tache", "")
    if not other.isdigit():
        raise services.ProjectError(_("Choisissez une autre tâche de ce projet."))
    services.dependency_set(
        task=task,
        user=request.user,
        other_id=int(other),
        add=request.POST.get("action") != "remove",
    )
    return redirect(f"{task.get_absolute_url()}#dependances")


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    services.task_follow(task=task, user=request.user, follow=request.POST.get("suivre") == "1")
    return redirect(task.get_absolute_url())


@require_POST
@refusals
def task_archive(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    archived = request.POST.get("action") != "restore"
    services.task_archive(task=task, user=request.user, archived=archived)
    if archived:
        flash.success(request, _("La tâche est archivée : elle quitte le tableau."))
        return redirect(task.project.get_absolute_url())
    flash.success(request, _("La tâche est de retour sur le tableau."))
    return redirect(task.get_absolute_url())


@require_POST
@refusals
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    project = task.project
    services.task_delete(task=task, user=request.user)
    flash.success(request, _("La tâche est supprimée."))
    return redirect(project.get_absolute_url())


# --- Mes tâches -----------------------------------------------------------------------------


def _my_tasks_response(request: HttpRequest, *, fragment: bool) -> HttpResponse:
    today = _today()
    only = request.GET.get("section", "")
    only = only if only in selectors.MY_SECTION_KEYS else ""
    sections = selectors.my_tasks(
        request.user, today, only=only, rows=500 if only else selectors.SECTION_ROWS
    )
    context = {
        "sections": sections,
        "count": sum(section.total for section in sections),
        "only": only,
        "today": today,
    }
    template = "projects/my_tasks.html#tasks" if fragment else "projects/my_tasks.html"
    response = render(request, template, context)
    # The rows come from the cache, made for everyone: each form gets this reader's token.
    response.content = response.content.replace(
        CSRF_PLACEHOLDER.encode(), get_token(request).encode()
    )
    return response


@require_safe
@vary_on_headers("HX-Request")
def my_tasks(request: HttpRequest) -> HttpResponse:
    return _my_tasks_response(request, fragment=bool(request.htmx and not request.htmx.boosted))
