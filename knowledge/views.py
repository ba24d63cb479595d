"""Search (news, knowledge pages, library documents) and readers' feedback on articles."""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from .forms import ArticleFeedbackForm
from .search import (
    KINDS,
    promotions_for,
    search_everything,
    search_term_record,
    with_snippets,
)
from .selectors import articles_visible_to
from .services import article_feedback_give

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 20


@require_safe
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    """One box for news, knowledge pages and library documents (their text included)."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    kind = request.GET.get("type", "")
    kind = kind if kind in KINDS else ""
    results, counts, promotions = None, {}, []
    if query:
        first_page = request.GET.get("page", "1") == "1"
        if first_page and not kind:
            promotions = promotions_for(request.user, query)
            if not request.htmx:
                search_term_record(query)
        hits, counts = search_everything(request.user, query, kind=kind)
        paginator = Paginator(hits, PAGE_SIZE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
        with_snippets(results.object_list, query)
    context = {
        "query": query,
        "query_encoded": quote(query),
        "kind": kind,
        "kinds": [
            {"key": key, "label": label, "count": counts.get(key, 0)}
            for key, label in KINDS.items()
        ],
        "total": sum(counts.values()),
        "results": results,
        "promotions": promotions,
    }
    if request.htmx:
        return render(request, "knowledge/search.html#search-results", context)
    return render(request, "knowledge/search.html", context)


@require_POST
def article_feedback(request: HttpRequest, article_id: int) -> HttpResponse:
    """« Cette page vous a-t-elle été utile ? »: a form that works with and without HTMX."""
    article = get_object_or_404(articles_visible_to(request.user), pk=article_id)
    form = ArticleFeedbackForm(request.POST)
    if form.is_valid():
        feedback = article_feedback_give(
            user=request.user,
            article=article,
            useful=form.cleaned_data["useful"],
            comment=form.cleaned_data["comment"],
        )
        if not request.htmx:
            messages.success(request, _("Merci, votre avis a été transmis aux rédacteurs."))
            return redirect(article.get_url(request) + "#avis")
        context = {"page": article, "my_feedback": feedback, "feedback_saved": True}
        return render(request, "knowledge/article_page.html#feedback", context)
    if not request.htmx:
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, " ".join(errors))
        return redirect(article.get_url(request) + "#avis")
    context = {"page": article, "feedback_form": form}
    return render(request, "knowledge/article_page.html#feedback", context, status=422)
