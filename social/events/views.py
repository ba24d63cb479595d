"""The agenda's pages: month, week and list views (a full page, or the view alone for htmx),
the event's page with its answer form, the organisers' pages, the `.ics` files and the personal
calendar subscription. Each view checks permissions.py first; an event one may not see is a 404
everywhere, its `.ics`, image and fragments included."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from functools import partial

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from cms.core import generations
from cms.core.media import picture_response
from cms.core.text import spreadsheet_safe
from cms.core.tokens import TooManyTokens
from social.groups.models import Group
from social.groups.permissions import can_post_in_group, member_group_ids
from social.messaging import visio
from social.people.orgchart import service_choices

from . import caching, ical, permissions, selectors, services
from .forms import EventForm, ParticipantsMessageForm
from .models import CalendarToken, Event, Registration

MONTHS_AROUND = 120  # how far the agenda's navigation goes (ten years each way)


def _today() -> date:
    return timezone.localdate()


def _month_or_404(year: int, month: int) -> date:
    if not 1 <= month <= 12 or abs(year - _today().year) > MONTHS_AROUND // 12:
        raise Http404
    return date(year, month, 1)


def _shift_month(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _filter_context(request: HttpRequest, filters: selectors.Filters) -> dict:
    """The choices of the filter form: the reader's groups (never a group they may not
    read), the services, the categories."""
    groups = Group.objects.filter(pk__in=member_group_ids(request.user)).order_by("name")
    return {
        "filters": filters,
        "filter_query": filters.query_string(),
        # Read by the template only when its cached filters are stale.
        "categories": selectors.categories,
        "filter_groups": lambda: list(groups.only("pk", "name")),
        "filters_key": caching.view_key(request.user, filters),
        # The services' tree (thousands in a large collectivité): rendered once per selected
        # service until a service changes, and read only then.
        "service_choices": partial(service_choices, key="pk"),
        "services_version": generations.value(generations.ACCESS, request.user),
        "can_create": permissions.can_create_any_event(request.user),
    }


def _agenda(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context.update(_filter_context(request, context["filters"]))
    if request.htmx and not request.htmx.boosted:
        return render(request, f"{template}#view", context)
    return render(request, template, context)


@require_safe
@vary_on_headers("HX-Request")
def month(request: HttpRequest, year: int | None = None, month: int | None = None):
    today = _today()
    first = _month_or_404(year, month) if year else today.replace(day=1)
    filters = selectors.Filters.parse(request.GET)
    context = {
        "view_name": "month",
        "first": first,
        # Called by the template only when its cached copy is stale.
        "weeks": partial(selectors.month_grid, request.user, first.year, first.month, filters),
        "cache_key": caching.view_key(request.user, filters),
        "previous": _shift_month(first, -1),
        "next": _shift_month(first, 1),
        "today": today,
        "filters": filters,
    }
    return _agenda(request, "events/month.html", context)


@require_safe
@vary_on_headers("HX-Request")
def week(request: HttpRequest, year: int, month: int, day: int):
    try:
        chosen = date(year, month, day)
    except ValueError:
        raise Http404 from None
    _month_or_404(chosen.year, chosen.month)
    monday = chosen - timedelta(days=chosen.weekday())
    filters = selectors.Filters.parse(request.GET)
    context = {
        "view_name": "week",
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "days": partial(selectors.week_days, request.user, monday, filters),
        "cache_key": caching.view_key(request.user, filters),
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "today": _today(),
        "filters": filters,
    }
    return _agenda(request, "events/week.html", context)


@require_safe
@vary_on_headers("HX-Request")
def upcoming(request: HttpRequest):
    filters = selectors.Filters.parse(request.GET)
    after = None
    try:
        after = datetime.fromisoformat(request.GET.get("depuis", ""))
    except ValueError:
        after = None  # absent or unreadable: from now
    if after is not None and timezone.is_naive(after):
        after = after.replace(tzinfo=ical.PARIS)
    occurrences, more = selectors.upcoming(request.user, filters, after=after)
    context = {
        "view_name": "list",
        "days": selectors.by_day(occurrences),
        "more_from": occurrences[-1].starts_at if more and occurrences else None,
        "today": _today(),
        "filters": filters,
    }
    return _agenda(request, "events/list.html", context)


@require_safe
def mine(request: HttpRequest):
    context = selectors.my_events(request.user)
    return render(request, "events/mine.html", context)


# --- One event ------------------------------------------------------------------------------


def _detail_context(request: HttpRequest, event: Event) -> dict:
    registration = Registration.objects.filter(event=event, user=request.user).first()
    now = timezone.now()
    occurrences = list(event.occurrences.filter(ends_at__gt=now).order_by("starts_at")[:12])
    cancelled = list(event.changes.filter(cancelled=True, original_start__gt=now))
    return {
        "event": event,
        "abilities": permissions.event_abilities(request.user, event),
        "registration": registration,
        "closed_reason": permissions.registration_closed_reason(event),
        "occurrences": occurrences,
        "cancelled_occurrences": cancelled,
        "organisers": list(event.organisers.all()),
        "counts": _counts(event),
        "questions": list(enumerate(event.questions)),
        "visio_enabled": visio.enabled(),
    }


def _counts(event: Event) -> dict[str, int]:
    counts = {"yes": 0, "maybe": 0, "no": 0, "waiting": 0}
    for response, waiting in event.registrations.values_list("response", "waiting"):
        counts["waiting" if waiting else response] += 1
    return counts


@require_safe
def detail(request: HttpRequest, pk: int):
    event = permissions.event_or_404(request.user, pk)
    return render(request, "events/detail.html", _detail_context(request, event))


@require_POST
def respond(request: HttpRequest, pk: int):
    """Yes, maybe or no (and the answers to the organisers' questions)."""
    event = permissions.event_or_404(request.user, pk)
    answers = {
        str(index): request.POST.get(f"answer-{index}", "") for index in range(len(event.questions))
    }
    error = message = ""
    try:
        registration = services.registration_respond(
            user=request.user,
            event=event,
            response=request.POST.get("response", ""),
            answers=answers,
            email_updates=request.POST.get("email_updates") == "on",
        )
    except services.EventError as refused:
        error = refused.messages[0]
    except PermissionDenied:
        raise Http404 from None
    else:
        if registration.waiting:
            message = _(
                "L'événement est complet : vous êtes sur la liste d'attente. "
                "Vous serez prévenu si une place se libère."
            )
        elif registration.response == Registration.Response.YES:
            message = _("C'est noté : vous participez.")
        else:
            message = _("Votre réponse est enregistrée.")
    if request.htmx:  # the answer redrawn, what happened said in it (a live region)
        event.refresh_from_db()
        context = {
            **_detail_context(request, event),
            "answer_error": error,
            "answer_message": message,
        }
        return render(request, "events/detail.html#answer", context)
    if error:
        flash.error(request, error)
    else:
        flash.success(request, message)
    return redirect(event.get_absolute_url())


@require_safe
def event_ics(request: HttpRequest, pk: int):
    """« Ajouter à mon agenda »: the event as an iCalendar file."""
    event = permissions.event_or_404(request.user, pk)
    site = request.build_absolute_uri("/").rstrip("/")
    cal = ical.calendar([event], method="PUBLISH", site_url=site)
    response = HttpResponse(ical.to_bytes(cal), content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="evenement-{event.pk}.ics"'
    return response


@require_safe
def image(request: HttpRequest, pk: int):
    """The event's picture, for whoever may see the event (never a public media address)."""
    event = permissions.event_or_404(request.user, pk)
    if not event.image:
        raise Http404
    return picture_response(event.image)


@require_safe
def visio_join(request: HttpRequest, pk: int):
    """The event's visio room: a token made for this reader, then on to the visio service."""
    event = permissions.event_or_404(request.user, pk)
    if not event.visio or not visio.enabled():
        raise Http404
    try:
        url = visio.join_url(
            request.user, event.visio, moderator=permissions.can_manage_event(request.user, event)
        )
    except visio.VisioUnavailable:
        flash.error(request, _("Le service de visio ne répond pas. Réessayez dans un instant."))
        return redirect(event.get_absolute_url())
    response = HttpResponse(status=302)
    response["Location"] = url
    response["Cache-Control"] = "no-store"
    return response


# --- Organisers -----------------------------------------------------------------------------


def _managed_or_404(request: HttpRequest, pk: int) -> Event:
    event = permissions.event_or_404(request.user, pk)
    if not permissions.can_manage_event(request.user, event):
        raise Http404
    return event


def _group_for_new(request: HttpRequest) -> Group | None:
    value = request.GET.get("groupe") or request.POST.get("groupe") or ""
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    group = get_object_or_404(Group, pk=int(value))
    if not can_post_in_group(request.user, group):
        raise Http404
    return group


def create(request: HttpRequest):
    group = _group_for_new(request)
    if not permissions.can_create_event(request.user, group):
        if group is None and member_group_ids(request.user):
            flash.info(request, _("Choisissez le groupe où annoncer votre événement."))
            return redirect("groups:index")
        raise PermissionDenied
    form = EventForm(
        request.POST or None, request.FILES or None, group=group, visio_enabled=visio.enabled()
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                user=request.user,
                data=form.event_data(),
                group=group,
                image=request.FILES.get("image"),
                with_visio=form.cleaned_data.get("with_visio", False),
            )
        except services.EventError as refused:
            form.add_error(None, refused.messages[0])
        else:
            flash.success(request, _("L'événement est publié dans l'agenda."))
            return redirect(event.get_absolute_url())
    return render(request, "events/form.html", {"form": form, "group": group, "event": None})


def edit(request: HttpRequest, pk: int):
    event = _managed_or_404(request, pk)
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        group=event.group,
        visio_enabled=visio.enabled(),
        initial=EventForm.initial_for(event),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.event_update(
                user=request.user,
                event=event,
                data=form.event_data(),
                image=request.FILES.get("image"),
                remove_image=request.POST.get("image-clear") == "on",
                with_visio=form.cleaned_data.get("with_visio")
                if "with_visio" in form.fields
                else None,
            )
        except services.EventError as refused:
            form.add_error(None, refused.messages[0])
        else:
            if changed:
                flash.success(
                    request, _("L'événement est modifié : les participants sont prévenus.")
                )
            else:
                flash.success(request, _("L'événement est modifié."))
            return redirect(event.get_absolute_url())
    return render(request, "events/form.html", {"form": form, "group": event.group, "event": event})


def cancel(request: HttpRequest, pk: int):
    event = _managed_or_404(request, pk)
    if request.method == "POST":
        services.event_cancel(user=request.user, event=event, reason=request.POST.get("reason", ""))
        flash.success(request, _("L'événement est annulé : les participants sont prévenus."))
        return redirect(event.get_absolute_url())
    return render(request, "events/cancel.html", {"event": event})


def _occurrence_start(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise Http404 from None
    if timezone.is_naive(moment):
        raise Http404
    return moment


def occurrence(request: HttpRequest, pk: int):
    """Cancel or move one occurrence of a recurring event."""
    event = _managed_or_404(request, pk)
    original = _occurrence_start(request.GET.get("seance") or request.POST.get("seance") or "")
    found = event.occurrences.filter(original_start=original).first()
    if found is None:
        raise Http404
    error = ""
    if request.method == "POST":
        starts = ends = None
        if request.POST.get("action") == "move":
            try:
                starts = datetime.fromisoformat(request.POST.get("starts_at", "")).replace(
                    tzinfo=ical.PARIS
                )
                ends = datetime.fromisoformat(request.POST.get("ends_at", "")).replace(
                    tzinfo=ical.PARIS
                )
            except ValueError:
                error = _("Indiquez le nouveau début et la nouvelle fin.")
        if not error:
            try:
                services.occurrence_change(
                    user=request.user,
                    event=event,
                    original_start=original,
                    starts_at=starts,
                    ends_at=ends,
                )
            except services.EventError as refused:
                error = refused.messages[0]
            else:
                flash.success(
                    request, _("La séance est modifiée : les participants sont prévenus.")
                )
                return redirect(event.get_absolute_url())
    return render(
        request, "events/occurrence.html", {"event": event, "occurrence": found, "error": error}
    )


@require_safe
def participants(request: HttpRequest, pk: int):
    event = _managed_or_404(request, pk)
    registrations = list(
        event.registrations.select_related("user", "user__service").order_by(
            "waiting", "waiting_since", "created_at"
        )
    )
    context = {
        "event": event,
        "registrations": registrations,
        "counts": _counts(event),
        "message_form": ParticipantsMessageForm(),
    }
    return render(request, "events/participants.html", context)


@require_safe
def participants_csv(request: HttpRequest, pk: int):
    event = _managed_or_404(request, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{event.pk}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [_("Nom"), _("Prénom"), _("Adresse"), _("Service"), _("Réponse"), _("Répondu le")]
        + list(event.questions)
    )
    rows = event.registrations.select_related("user", "user__service").order_by(
        "waiting", "waiting_since", "created_at"
    )
    for registration in rows:
        person = registration.user
        writer.writerow(
            [
                spreadsheet_safe(person.last_name),
                spreadsheet_safe(person.first_name),
                spreadsheet_safe(person.email),
                spreadsheet_safe(person.service.name if person.service else ""),
                str(registration.status_label),
                ical.local(registration.updated_at).strftime("%d/%m/%Y %H:%M"),
            ]
            + [
                spreadsheet_safe(registration.answers.get(question, ""))
                for question in event.questions
            ]
        )
    return response


@require_POST
def participants_message(request: HttpRequest, pk: int):
    event = _managed_or_404(request, pk)
    form = ParticipantsMessageForm(request.POST)
    if form.is_valid():
        try:
            count = services.participants_message(
                user=request.user, event=event, text=form.cleaned_data["body"]
            )
        except services.EventError as refused:
            flash.error(request, refused.messages[0])
        else:
            flash.success(request, _("Message envoyé à %(count)d participants.") % {"count": count})
    else:
        flash.error(request, _("Écrivez votre message."))
    return redirect("events:participants", pk=event.pk)


# --- Calendar subscription ------------------------------------------------------------------


@require_safe
def subscriptions(request: HttpRequest):
    tokens = CalendarToken.objects.active().filter(user=request.user)
    return render(request, "events/subscriptions.html", {"tokens": tokens})


@require_POST
def subscription_new(request: HttpRequest):
    try:
        _token, secret = CalendarToken.objects.create_for(
            user=request.user, name=request.POST.get("name", "")
        )
    except TooManyTokens:
        flash.error(
            request,
            _("Vous avez déjà cinq abonnements actifs. Révoquez-en un avant d'en créer."),
        )
        return redirect("events:subscriptions")
    url = request.build_absolute_uri(reverse("events:feed", args=[secret]))
    webcal = "webcal://" + url.split("://", 1)[1]
    return render(request, "events/subscription_created.html", {"url": url, "webcal": webcal})


@require_POST
def subscription_revoke(request: HttpRequest, token_id: int):
    if CalendarToken.objects.revoke(user=request.user, token_id=token_id):
        flash.success(request, _("L'abonnement est révoqué : son adresse ne fonctionne plus."))
    else:
        flash.error(request, _("Cet abonnement n'existe pas ou est déjà révoqué."))
    return redirect("events:subscriptions")


@login_not_required
@require_safe
def feed(request: HttpRequest, token: str):
    """A person's calendar, for Thunderbird, Outlook or a phone: exactly the events they may
    see among theirs."""
    holder = CalendarToken.objects.holder(token)
    if holder is None:
        raise Http404
    site = request.build_absolute_uri("/").rstrip("/")
    name = _("Agenda Parvis")
    key = caching.subscription_key(holder.user, site_url=site, name=str(name))
    store = caches["fragments"]
    cached = store.get(key)
    if cached is None:
        rows = selectors.subscription_rows(holder.user)
        digest = ical.feed_digest(rows, name=name, site_url=site)
        cached = (digest, ical.feed_bytes(rows, name=name, site_url=site, digest=digest))
        store.set(key, cached, ical.FEED_TIMEOUT)
    digest, body = cached
    # Calendar clients ask again every few minutes: unchanged, they get a 304 and no body.
    etag = f'"{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-store"
    return response
