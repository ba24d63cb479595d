"""Reacting (a form per thing, swapped by htmx) and the list of who reacted."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from social.targets import visible_target_or_404

from .models import Reaction
from .selectors import reaction_summaries, reactors_of
from .services import reaction_set


@require_POST
def set_reaction(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = visible_target_or_404(request.user, kind, pk)
    value, _sep, state = request.POST.get("reaction", "").partition(":")
    if value not in Reaction.Kind.values or state not in {"on", "off"}:
        return HttpResponseBadRequest(_("Réaction inconnue."))
    try:
        given = reaction_set(user=request.user, target=target, kind=value, on=state == "on")
    except PermissionDenied:
        raise Http404 from None
    label = Reaction.Kind(value).label
    message = (
        _("Réaction « %(label)s » ajoutée.") if given else _("Réaction « %(label)s » retirée.")
    ) % {"label": label}
    if not request.htmx:
        anchor = f"#commentaire-{pk}" if kind == "commentaire" else ""
        return redirect(f"{target.discussion_url().split('#')[0]}{anchor}")
    summary = reaction_summaries(user=request.user, model=type(target), ids=[target.pk])
    context = {
        "kind": kind,
        "pk": target.pk,
        "summary": summary[target.pk],
        "message": message,
        "pressed": value,  # the button just pressed keeps the focus after the swap
    }
    return render(request, "reactions/bar.html", context)


@require_safe
@vary_on_headers("HX-Request")
def who_reacted(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = visible_target_or_404(request.user, kind, pk)
    template = "reactions/who.html#who" if request.htmx else "reactions/who.html"
    return render(request, template, {"target": target, "reactors": reactors_of(target)})
