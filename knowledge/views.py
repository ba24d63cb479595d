"""Readers' feedback on articles (the search's views are in knowledge/search/views.py)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import ArticleFeedbackForm
from .models.pages import articles_visible_to
from .services import article_feedback_give


@require_POST
def article_feedback(request: HttpRequest, article_id: int) -> HttpResponse:
    """« Cette page vous a-t-elle été utile ? »: a form that works with and without HTMX."""
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
