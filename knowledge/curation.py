"""Who curates what in the knowledge base, created by idempotent code.

For each service page:
- « Éditeurs — <service> »: edit and publish that service's subtree only (and see its readers'
  feedback); the head of service is put in it.
- « Contributeurs — <service> »: add and edit in that subtree, never publish: what they submit
  goes through the service's workflow.
- « Validateurs — <service> »: the approvers of that workflow (the head of service), notified
  by Wagtail when something is submitted.
For each theme page, « Curateurs — <theme> »: edit and publish that theme page (its
introduction and its selection), nothing else.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.core.media import media_rights_ensure

from .models import ServicePage, ThemePage


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant_pages(group: Group, page, codenames: tuple[str, ...]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )


def _admin_group(name: str, *extra_codenames: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *[Permission.objects.get(codename=codename) for codename in extra_codenames],
    )
    return group


@transaction.atomic
def service_curation_ensure(*, service_page: ServicePage) -> dict[str, Group]:
    name = service_page.service.name
    editors = _admin_group(f"Éditeurs — {name}", "view_articlefeedback")
    contributors = _admin_group(f"Contributeurs — {name}")
    approvers = _admin_group(f"Validateurs — {name}", "view_articlefeedback")
    _grant_pages(editors, service_page, ("add_page", "change_page", "publish_page"))
    _grant_pages(approvers, service_page, ("add_page", "change_page", "publish_page"))
    _grant_pages(contributors, service_page, ("add_page", "change_page"))
    for group in (editors, contributors, approvers):
        media_rights_ensure(group, images=("add", "choose"))
    head = service_page.service.head
    if head is not None:
        head.groups.add(editors, approvers)

    workflow, _created = Workflow.objects.get_or_create(name=f"Validation — {name}")
    task = GroupApprovalTask.objects.filter(
        name=f"Validation par le chef de service — {name}"
    ).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=f"Validation par le chef de service — {name}")
    task.groups.add(approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=service_page, defaults={"workflow": workflow})
    return {"editors": editors, "contributors": contributors, "approvers": approvers}


@transaction.atomic
def theme_curation_ensure(*, theme_page: ThemePage) -> Group:
    curators = _admin_group(f"Curateurs — {theme_page.theme.name}")
    _grant_pages(curators, theme_page, ("change_page", "publish_page"))
    return curators


def curation_ensure_all() -> int:
    """Create the groups, rights and workflows of every service and theme page (idempotent)."""
    count = 0
    for service_page in ServicePage.objects.select_related("service__head"):
        service_curation_ensure(service_page=service_page)
        count += 1
    for theme_page in ThemePage.objects.select_related("theme"):
        theme_curation_ensure(theme_page=theme_page)
        count += 1
    return count
