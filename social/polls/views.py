"""Polls: list, page of one poll, vote (htmx swaps the poll card), CSV of the results."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .models import Poll
from .selectors import polls_visible_to
from .services import VoteError, can_export_poll, poll_results_csv, poll_state, poll_vote_cast

PAGE_SIZE = 20


def _safe_next(request: HttpRequest) -> str:
    """Where a vote returns: a path of this intranet only."""
    back = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    return back if allowed and back.startswith("/") else ""


def _visible_poll(request: HttpRequest, pk: int) -> Poll:
    """A poll outside the reader's audience does not exist for them."""
    return get_object_or_404(polls_visible_to(request.user, in_groups=True), pk=pk)


@require_safe
def poll_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(polls_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "polls/poll_list.html", {"polls_page": page})


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _visible_poll(request, pk)
    context = {"poll": poll, "can_export": can_export_poll(request.user, poll)}
    return render(request, "polls/poll_page.html", context)


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _visible_poll(request, pk)
    choice_ids = []
    for value in request.POST.getlist("choice"):
        try:
            choice_ids.append(int(value))
        except ValueError:
            continue
    error = ""
    try:
        poll_vote_cast(poll=poll, user=request.user, choice_ids=choice_ids)
    except VoteError as refused:
        error = refused.message
    except PermissionDenied:
        raise Http404 from None
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Votre réponse est enregistrée."))
        return redirect(_safe_next(request) or poll.get_absolute_url())
    context = {
        "state": poll_state(poll=poll, user=request.user),
        "error": error,
        "saved": not error,
        "next": _safe_next(request),
    }
    return render(request, "polls/poll_card.html", context, status=200)


@require_safe
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _visible_poll(request, pk)
    if not can_export_poll(request.user, poll):
        raise PermissionDenied
    response = HttpResponse(poll_results_csv(poll=poll), content_type="text/csv; charset=utf-8")
    name = slugify(poll.question)[:50] or "sondage"
    response["Content-Disposition"] = f'attachment; filename="sondage-{poll.pk}-{name}.csv"'
    return response
