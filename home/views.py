from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import FeedToken
from .services import TooManyFeedTokens, feed_token_create, feed_token_revoke


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
