"""The notification centre: the bell, the list, marking read (the choices of how to be told
are social/mail's: channels, digest)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from .services import (
    notification_mark_read,
    notifications_visible_to,
    unread_count,
)


def _mine(request: HttpRequest):
    return notifications_visible_to(request.user).select_related("actor")


@require_safe
@never_cache
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = _mine(request)
    if request.GET.get("filtre") == "non-lues":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, settings.NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "items": page,
        "unread_only": request.GET.get("filtre") == "non-lues",
        "unread": unread_count(request.user),
    }
    return render(request, "notifications/list.html", context)


@login_not_required
@require_safe
@never_cache
def bell(request: HttpRequest) -> HttpResponse:
    """The header's bell alone, refreshed by htmx every minute. Once the session has expired,
    it answers « nothing to change » (204) rather than a login page htmx would swap into the
    header."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    return render(request, "notifications/bell.html", {"unread": unread_count(request.user)})


@require_safe
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification: it is marked read, then its address opens."""
    notification = get_object_or_404(_mine(request), pk=pk)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    url = notification.url
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = "/"
    return redirect(url)


@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(_mine(request), pk=pk)
    notification_mark_read(user=request.user, notification_id=notification.pk)
    notification.refresh_from_db()
    if request.htmx:
        context = {"notification": notification, "unread": unread_count(request.user)}
        return render(request, "notifications/list.html#marked", context)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    changed = notification_mark_read(user=request.user)
    messages.success(
        request,
        _("Toutes vos notifications sont marquées comme lues.")
        if changed
        else _("Rien de nouveau."),
    )
    return redirect("notifications:list")
