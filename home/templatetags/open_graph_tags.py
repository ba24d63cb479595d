from django import template
from django.utils.html import format_html, format_html_join

from cms.core.opengraph import page_open_graph

register = template.Library()


@register.simple_tag(takes_context=True)
def open_graph(context):
    """The page's Open Graph tags (also what a group post's link preview shows)."""
    page = context.get("page")
    request = context.get("request")
    if page is None or not hasattr(page, "title") or request is None:
        return ""
    specific = getattr(page, "specific_deferred", page)
    graph = page_open_graph(specific)
    site = context.get("organisation_name") or ""
    pairs = [
        ("og:title", graph["title"]),
        ("og:type", graph["type"]),
        ("og:url", request.build_absolute_uri(page.url or request.path)),
        ("og:site_name", site),
    ]
    if graph["description"]:
        pairs.append(("og:description", graph["description"]))
    if graph["image"]:
        pairs.append(("og:image", request.build_absolute_uri(graph["image"])))
    return format_html_join(
        "\n  ", '<meta property="{}" content="{}">', ((k, v) for k, v in pairs if v)
    ) or format_html("")
