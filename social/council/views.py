from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from .permissions import can_view_commission, is_insider
from .selectors import (
    commissions_for,
    deliberations_for,
    folder_documents,
    meetings_for,
    my_commissions,
    readable_documents,
)


@require_safe
def council_home(request: HttpRequest) -> HttpResponse:
    """The Espace élus: one's commissions, upcoming meetings and latest deliberations; every
    colleague sees what the commissions publish."""
    user = request.user
    return render(
        request,
        "council/council_home.html",
        {
            "mine": list(my_commissions(user)),
            "commissions": list(commissions_for(user)),
            "upcoming": list(meetings_for(user, upcoming=True)[:8]),
            "deliberations": list(deliberations_for(user)[:8]),
        },
    )


@require_safe
def commission(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(commissions_for(request.user), slug=slug)
    if not can_view_commission(request.user, found):
        raise Http404
    insider = is_insider(request.user, found)
    return render(
        request,
        "council/commission.html",
        {
            "commission": found,
            "insider": insider,
            "upcoming": list(meetings_for(request.user, commission=found, upcoming=True)),
            "past": list(meetings_for(request.user, commission=found, upcoming=False)[:20]),
            "member_documents": folder_documents(request.user, found.folder) if insider else [],
            "public_documents": folder_documents(request.user, found.public_folder),
        },
    )


@require_safe
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(meetings_for(request.user), pk=pk)
    deliberations = list(deliberations_for(request.user, meeting=found))
    readable = readable_documents(
        request.user,
        [found.convocation_id, found.minutes_id, *(d.document_id for d in deliberations)],
    )
    for deliberation in deliberations:
        deliberation.pdf_readable = readable.get(deliberation.document_id, False)
    return render(
        request,
        "council/meeting.html",
        {
            "meeting": found,
            "commission": found.commission,
            "deliberations": deliberations,
            "convocation_readable": readable.get(found.convocation_id, False),
            "minutes_readable": readable.get(found.minutes_id, False),
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def deliberations(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(deliberations_for(request.user, query=query), 30).get_page(
        request.GET.get("page")
    )
    context = {"query": query, "page": page}
    if request.htmx:
        return render(request, "council/deliberations.html#results", context)
    return render(request, "council/deliberations.html", context)
