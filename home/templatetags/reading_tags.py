"""Mandatory readings in pages: the banner of a news item, and the homepage's « À lire et
confirmer »."""

from django import template
from django.template.loader import render_to_string

from home import reading
from home.models import ReadRequirement

register = template.Library()


@register.simple_tag(takes_context=True)
def read_banner(context, page):
    request = context["request"]
    user = request.user
    if not user.is_authenticated or not reading.asks_on_page(user, page):
        return ""  # the follow-up of a closed reading stays reachable from its list
    banner = reading.banner_for(user, page)
    requirement = (
        banner.requirement if banner else ReadRequirement.objects.filter(news=page).first()
    )
    follow = requirement is not None and reading.follow_scope(user, requirement) is not None
    if banner is None and not follow:
        return ""
    return render_to_string(
        "home/_read_banner.html",
        {"banner": banner, "page": page, "follow": requirement if follow else None},
        request=request,
    )


@register.simple_tag(takes_context=True)
def readings_waiting(context):
    request = context["request"]
    if not request.user.is_authenticated:
        return ""
    waiting = reading.readings_waiting(request.user)
    if not waiting:
        return ""
    return render_to_string("home/_readings_waiting.html", {"waiting": waiting}, request=request)
