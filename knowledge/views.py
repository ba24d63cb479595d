"""Search, first over news: issue by issue it grows to pages, documents, posts and people."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from home.selectors import news_visible_to

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 500
PAGE_SIZE = 20


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        from home.models import NewsPage

        # Search first (a bounded candidate set), then keep only what the user may see.
        matches = NewsPage.objects.live().search(query, operator="and")[:MAX_CANDIDATES]
        ranked_ids = [page.pk for page in matches]
        visible = {
            page.pk: page for page in news_visible_to(request.user).filter(pk__in=ranked_ids)
        }
        ordered = [visible[pk] for pk in ranked_ids if pk in visible]
        paginator = Paginator(ordered, PAGE_SIZE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
    return render(request, "knowledge/search.html", {"query": query, "results": results})
