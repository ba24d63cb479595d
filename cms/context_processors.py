"""Navigation generated from the page tree, the collectivité's name, and the keys of cached
fragments: one cache read per request for all of it."""

from django.core.cache import caches

from wagtail.models import Site

from cms.core import generations
from home.models import OrganisationSettings
from social.people.selectors import user_can_access_admin

CHROME_TIMEOUT = 600


def navigation(request):
    site = Site.find_for_request(request)
    generation = generations.value(generations.CONTENT, request)
    chrome = _site_chrome(request, site, generation)
    context = {
        "site_id": site.pk if site else 0,
        "content_generation": generation,
        "organisation_name": chrome["organisation_name"],
    }
    if getattr(request, "user", None) and request.user.is_authenticated:
        context["can_access_admin"] = user_can_access_admin(request.user)
        current = request.path
        context["menu_items"] = [
            {**item, "current": bool(item["url"]) and current.startswith(item["url"])}
            for item in chrome["menu"]
        ]
    return context


def _site_chrome(request, site: Site | None, generation: int) -> dict:
    if site is None:
        return {"organisation_name": "Parvis", "menu": []}
    key = f"site-chrome:{site.pk}:{generation}"
    chrome = caches["fragments"].get(key)
    if chrome is None:
        # A page with view restrictions stays out of the shared menu: its title is not public.
        pages = (
            site.root_page.get_children()
            .live()
            .in_menu()
            .filter(view_restrictions__isnull=True)
            .specific(defer=True)
        )
        chrome = {
            "organisation_name": OrganisationSettings.for_site(site).name
            or site.site_name
            or "Parvis",
            "menu": [{"title": page.title, "url": page.get_url(request=request)} for page in pages],
        }
        caches["fragments"].set(key, chrome, CHROME_TIMEOUT)
    return chrome
