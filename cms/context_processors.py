"""Navigation generated from the page tree, and the keys of cached fragments."""

from django.core.cache import cache

from wagtail.models import Site

from home.cache import content_generation

MENU_TIMEOUT = 600


def navigation(request):
    site = Site.find_for_request(request)
    generation = content_generation()
    context = {
        "site_id": site.pk if site else 0,
        "content_generation": generation,
        "organisation_name": _organisation_name(request, site, generation),
    }
    if site is not None and getattr(request, "user", None) and request.user.is_authenticated:
        context["menu_items"] = _menu_items(request, site, generation)
    return context


def _menu_items(request, site: Site, generation: int) -> list[dict]:
    key = f"menu:{site.pk}:{generation}"
    items = cache.get(key)
    if items is None:
        # A page with view restrictions stays out of the shared menu: its title is not public.
        pages = (
            site.root_page.get_children()
            .live()
            .in_menu()
            .filter(view_restrictions__isnull=True)
            .specific(defer=True)
        )
        items = [{"title": page.title, "url": page.get_url(request=request)} for page in pages]
        cache.set(key, items, MENU_TIMEOUT)
    current = request.path
    return [
        {**item, "current": bool(item["url"]) and current.startswith(item["url"])} for item in items
    ]


def _organisation_name(request, site: Site | None, generation: int) -> str:
    if site is None:
        return "Parvis"
    key = f"organisation-name:{site.pk}:{generation}"
    name = cache.get(key)
    if name is None:
        from home.models import OrganisationSettings

        name = OrganisationSettings.for_site(site).name or site.site_name or "Parvis"
        cache.set(key, name, MENU_TIMEOUT)
    return name
