from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST, require_safe

from cms.core.queueing import queue_after_commit

from . import reading
from .models import FeedToken, ReadRequirement
from .services import TooManyFeedTokens, feed_token_create, feed_token_revoke
from .tasks import send_read_reminders


def feed_tokens(request: HttpRequest) -> HttpResponse:
    """The person's feed URLs: list, create, revoke."""
    context = {"tokens": FeedToken.objects.active().filter(user=request.user)}
    return render(request, "home/feed_tokens.html", context)


@require_POST
def feed_token_new(request: HttpRequest) -> HttpResponse:
    try:
        _token, secret = feed_token_create(user=request.user, name=request.POST.get("name", ""))
    except TooManyFeedTokens:
        messages.error(
            request,
            _("Vous avez déjà cinq adresses de flux actives. Révoquez-en une avant d'en créer."),
        )
        return redirect("home:feed_tokens")
    rss = request.build_absolute_uri(reverse("home:feed_rss", args=[secret]))
    atom = request.build_absolute_uri(reverse("home:feed_atom", args=[secret]))
    return render(request, "home/feed_token_created.html", {"rss_url": rss, "atom_url": atom})


@require_POST
def feed_token_delete(request: HttpRequest, token_id: int) -> HttpResponse:
    if feed_token_revoke(user=request.user, token_id=token_id):
        messages.success(request, _("L'adresse du flux a été révoquée : elle ne fonctionne plus."))
    else:
        messages.error(request, _("Cette adresse de flux n'existe pas ou est déjà révoquée."))
    return redirect("home:feed_tokens")


# --- Mandatory readings ---------------------------------------------------------------------

FOLLOW_REFUSED = _lazy(
    "Le suivi des lectures est réservé à la communication, aux responsables de l'actualité "
    "et aux chefs de service."
)


def _requirement(pk: int) -> ReadRequirement:
    return get_object_or_404(
        ReadRequirement.objects.select_related("news").defer("news__body"), pk=pk
    )


@require_POST
def read_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """« J'ai lu »: the banner says thank you (HTMX), or the item's page again."""
    requirement = _requirement(pk)
    try:
        reading.read_confirm(user=request.user, requirement=requirement)
    except reading.NotAsked as refused:
        raise Http404 from refused
    if request.htmx:
        banner = reading.banner_for(request.user, requirement.news)
        context = {"banner": banner, "page": requirement.news}
        return render(request, "home/_read_banner.html", context)
    messages.success(request, _("Merci : votre lecture est confirmée."))
    return redirect(requirement.news.url or "/")


def _scope_or_refuse(request: HttpRequest, requirement: ReadRequirement) -> reading.FollowScope:
    scope = reading.follow_scope(request.user, requirement)
    if scope is None:
        raise PermissionDenied(FOLLOW_REFUSED)
    return scope


@require_safe
def readings(request: HttpRequest) -> HttpResponse:
    """The mandatory readings whose follow-up the person may see (refused to everyone else)."""
    followed = reading.followed_by(request.user)
    if not followed:
        raise PermissionDenied(FOLLOW_REFUSED)
    rows = [
        {"requirement": requirement, "report": reading.read_report(requirement, scope)}
        for requirement, scope in followed
    ]
    return render(request, "home/readings.html", {"rows": rows})


@require_safe
def read_report(request: HttpRequest, pk: int) -> HttpResponse:
    """One reading's follow-up: the rate overall and by service, who has not confirmed."""
    requirement = _requirement(pk)
    scope = _scope_or_refuse(request, requirement)
    service_id = request.GET.get("service")
    service_id = int(service_id) if service_id and service_id.isdigit() else None
    ids = reading.not_confirmed_ids(requirement, scope, service_id=service_id)
    page = Paginator(ids, reading.NAMES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = reading.named_page(
        requirement,
        scope,
        list(page.object_list),
        key=f"names-{service_id or ''}-{page.number}",
    )
    context = {
        "requirement": requirement,
        "scope": scope,
        "report": reading.read_report(requirement, scope),
        "items": page,
        "selected_service": service_id,
        "can_remind": scope.remind and reading.is_open(requirement),
        "now": timezone.now(),
        "remind_after": (
            requirement.last_reminded_at + reading.REMIND_EVERY
            if requirement.last_reminded_at
            else None
        ),
    }
    return render(request, "home/read_report.html", context)


@require_safe
def read_export(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = _requirement(pk)
    scope = _scope_or_refuse(request, requirement)
    if not scope.names:
        raise PermissionDenied(_("Vous voyez les taux de lecture, pas les noms."))
    response = HttpResponse(
        reading.report_csv(requirement, scope), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="lecture-{requirement.pk}.csv"'
    return response


@require_POST
def read_remind(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = _requirement(pk)
    scope = _scope_or_refuse(request, requirement)
    if not scope.remind or not reading.is_open(requirement):
        raise PermissionDenied(_("Vous ne pouvez pas relancer cette lecture."))
    try:
        reading.read_remind(user=request.user, requirement=requirement)
    except reading.TooSoon:
        messages.error(request, _("Une relance est déjà partie il y a moins d'un jour."))
    else:
        queue_after_commit(send_read_reminders, requirement.pk)
        messages.success(
            request,
            _("La relance part : chaque personne qui n'a pas confirmé est prévenue."),
        )
    return redirect("home:read_report", pk=requirement.pk)
