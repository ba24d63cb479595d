"""The search page and the header box's suggestions: one box for everything searchable, with
facets; the same view renders the page and, for HTMX, the results alone."""

from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from cms.core import generations
from social.people.directory import directory_people, people_search
from social.people.permissions import visible_profile
from social.people.scope import visible_pages

from ..library import filetypes
from ..models import ServicePage
from ..selectors import filter_choices
from .analytics import search_term_record
from .promotions import promotions_for
from .query import (
    MAX_SUGGESTIONS,
    PERIODS,
    Filters,
    kinds,
    search_click_record,
    search_everything,
    suggestions,
)
from .snippets import with_snippets

MAX_QUERY_LENGTH = 200
MAX_PEOPLE = 3  # people among the header's suggestions
PAGE_SIZE = 20
FACET_SIZE = 12
SERVICE_LINKS = 12
FILTER_PARAMS = ("type", "service", "theme", "period", "format")


def _search_params(request: HttpRequest, choices: dict) -> tuple[dict[str, str], Filters]:
    """The search's parameters as given (unknown values dropped) and the filters they mean."""
    params = {"q": request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]}
    valid = {
        "type": kinds(),
        "service": choices["services"],
        "theme": choices["themes"],
        "period": PERIODS,
        "format": filetypes.FAMILIES,
    }
    for name, allowed in valid.items():
        value = request.GET.get(name, "")
        if value in allowed:
            params[name] = value
    filters = Filters(
        kind=params.get("type", ""),
        service=choices["services"][params["service"]]["id"] if "service" in params else None,
        theme=choices["themes"][params["theme"]]["id"] if "theme" in params else None,
        period=params.get("period", ""),
        family=params.get("format", ""),
    )
    return params, filters


def _url(params: dict[str, str], **changes) -> str:
    """`?…` for these parameters with some changed (None removes one)."""
    merged = {**params, **changes}
    return "?" + urlencode({key: value for key, value in merged.items() if value})


def _facet(params, name: str, label, items) -> dict:
    """One facet group: each value's link toggles it, the other filters kept."""
    current = params.get(name, "")
    return {
        "name": name,
        "label": label,
        "items": [
            {
                "label": item_label,
                "count": count,
                "active": value == current,
                "url": _url(params, **{name: None if value == current else value, "page": None}),
            }
            for value, item_label, count in items
            if count or value == current
        ],
    }


def _facets(params: dict[str, str], filters: Filters, found, choices: dict) -> list[dict]:
    services = {entry["id"]: entry for entry in choices["services"].values()}
    themes = {entry["id"]: entry for entry in choices["themes"].values()}

    def top(counter, by_id):
        ranked = sorted(counter.items(), key=lambda item: (-item[1], by_id[item[0]]["name"]))
        return [
            (by_id[pk]["slug"], by_id[pk]["name"], count)
            for pk, count in ranked[:FACET_SIZE]
            if pk in by_id
        ]

    groups = [
        _facet(params, "service", _("Service"), top(found.services, services)),
        _facet(params, "theme", _("Thème"), top(found.themes, themes)),
        _facet(
            params,
            "period",
            _("Date"),
            [(key, label, found.periods.get(key, 0)) for key, (label, _span) in PERIODS.items()],
        ),
    ]
    if filters.kind in ("", "document"):
        groups.append(
            _facet(
                params,
                "format",
                _("Type de fichier"),
                [
                    (key, label, found.families.get(key, 0))
                    for key, label in filetypes.FAMILIES.items()
                ],
            )
        )
    # A value chosen but no longer found still shows, so that it can be removed.
    for group, by_slug in (
        (groups[0], choices["services"]),
        (groups[1], choices["themes"]),
    ):
        current = params.get(group["name"])
        if current and not any(item["active"] for item in group["items"]):
            group["items"].insert(
                0,
                {
                    "label": by_slug[current]["name"],
                    "count": 0,
                    "active": True,
                    "url": _url(params, **{group["name"]: None, "page": None}),
                },
            )
    return [group for group in groups if group["items"]]


def _active_filters(facets: list[dict]) -> list[dict]:
    """Each filter in force, with the link that removes it alone (the zero-result page)."""
    return [
        {"group": group["label"], "label": item["label"], "url": item["url"]}
        for group in facets
        for item in group["items"]
        if item["active"]
    ]


def _service_pages(user) -> list:
    """The knowledge base's service pages the reader may see (the zero-result page's way on)."""
    pages = ServicePage.objects.live().order_by("title").only("title", "url_path", "path")
    return list(visible_pages(user, pages)[:SERVICE_LINKS])


def _should_count(request: HttpRequest, params: dict, page_number: str) -> bool:
    """A search typed by someone (not a facet click, a next page or a repeat by HTMX)."""
    if page_number != "1" or any(name in params for name in FILTER_PARAMS):
        return False
    return not request.htmx or request.htmx.trigger == "search-form"


@require_safe
@vary_on_headers("HX-Request")
def search(request: HttpRequest) -> HttpResponse:
    """One box for news, knowledge pages and library documents (their text included), with
    facets; the same view renders the page and, for HTMX, the results alone."""
    choices = filter_choices(generations.value(generations.CONTENT, request))
    params, filters = _search_params(request, choices)
    query = params["q"]
    page_number = request.GET.get("page", "1")
    results, found, promotions, facets = None, None, [], []
    exact = request.GET.get("exact") == "1"  # « Rechercher plutôt … as typed »: no correction
    words = []
    if exact:
        params["exact"] = "1"  # kept by the facets and pages of this search, not by a new one
    if query:
        found = search_everything(request.user, query, filters, correct=not exact)
        words = found.words
        if page_number == "1" and not any(name in params for name in FILTER_PARAMS):
            promotions = promotions_for(request.user, query)
        if _should_count(request, params, page_number):
            search_term_record(query, found=found.total + len(promotions))
        paginator = Paginator(found.hits, PAGE_SIZE)
        try:
            results = paginator.page(page_number)
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
        with_snippets(results.object_list, " ".join(words))
        facets = _facets(params, filters, found, choices)
    context = {
        "query": query,
        "words": words,
        "params": params,
        "kind": filters.kind,
        "filtered": any(name in params for name in FILTER_PARAMS if name != "type"),
        "all_url": _url(params, type=None, page=None),
        "clear_url": _url({"q": query, "type": params.get("type")}),
        "kinds": [
            {
                "key": key,
                "label": label,
                "count": found.counts.get(key, 0) if found else 0,
                "capped": bool(found and key in found.capped),
                "url": _url(params, type=key, page=None),
            }
            for key, label in kinds().items()
        ],
        "total": found.total if found else 0,
        "capped": bool(found and found.capped),
        "facets": facets,
        "results": results,
        "promotions": promotions,
        "step": found.step if found else "",
        "corrected": found.corrected if found else "",
        "as_typed_url": _url(params, exact="1", page=None),
        "suggestion": found.suggestion if found else "",
        "suggestion_url": _url(params, q=found.suggestion, page=None) if found else "",
        "active_filters": _active_filters(facets),
        "service_pages": _service_pages(request.user) if found and not found.hits else [],
        "previous_url": _url(params, page=results.previous_page_number())
        if results and results.has_previous()
        else "",
        "next_url": _url(params, page=results.next_page_number())
        if results and results.has_next()
        else "",
    }
    if request.htmx:
        return render(request, "search/search.html#search-results", context)
    return render(request, "search/search.html", context)


@require_safe
def search_suggestions(request: HttpRequest) -> HttpResponse:
    """The header box's options (ARIA combobox, static/js/search-combobox.js): the people
    the directory finds (a misspelt name too: social/people/directory.py), then titles."""
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    people = (
        people_search(
            # What a profile's visibility reads (VisibleProfile), fetched with the people
            directory_people().select_related("service", "site", "manager"),
            text,
            limit=MAX_PEOPLE,
        )
        if len(text) >= 2
        else []
    )
    titles = suggestions(request.user, text)[: MAX_SUGGESTIONS - len(people)]
    return render(
        request,
        "search/suggestions.html",
        {
            "query": text,
            "people": [visible_profile(request.user, person, skills=[]) for person in people],
            "suggestions": titles,
            "count": len(people) + len(titles),
        },
    )


@require_POST
def search_click(request: HttpRequest) -> HttpResponse:
    """A result or a suggestion opened (sent by static/js/search-clicks.js as the link is
    followed): one more opening for its row, if the reader may find it. The same empty answer
    either way, so it tells nothing of what exists."""
    try:
        item_id = int(request.POST.get("item", ""))
    except ValueError:
        return HttpResponse(status=204)
    if request.user.is_authenticated:
        search_click_record(request.user, item_id)
    return HttpResponse(status=204)
