"""Navigation generated from the page tree, cached per site and content generation."""

from django.core.cache import cache

from wagtail.models import Site

from home.cache import content_generation

MENU_TIMEOUT = 600


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"menu_items": _menu_items(request)}


def _menu_items(request) -> list[dict]:
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = f"menu:{site.pk}:{content_generation()}"
    items = cache.get(key)
    if items is None:
        root = site.root_page
        # A page with view restrictions stays out of the shared menu: its title is not public.
        pages = (
            root.get_children()
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
