"""Search, first over news: issue by issue it grows to pages, documents, posts and people."""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from home.selectors import news_visible_to

from .forms import ArticleFeedbackForm
from .selectors import articles_visible_to
from .services import article_feedback_give

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
    context = {"query": query, "query_encoded": quote(query), "results": results}
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
