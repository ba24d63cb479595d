"""Conversations: the list, a conversation (the whole page, older messages, what changed since
it was drawn), writing, editing, deleting, pinning, reading, muting, members, blocking.

Every view starts by asking permissions.py; a conversation someone may not read is a 404, as one
that does not exist. Without JavaScript each form posts and comes back to the conversation; with
htmx the same views answer with the fragment to swap.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from django_htmx.http import trigger_client_event

from cms.core.media import file_unavailable, local_path, protected_file_response
from cms.core.submissions import posted_key, submit_once
from social.comments.models import CommentReport
from social.people.directory import people_search
from social.people.models import User

from . import permissions, selectors, services, visio
from .models import Block, Conversation, Message, MessageAttachment, MessageReport
from .services import MessagingError

LIST_SIZE = 50


def _since(value: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(value), tz=timezone.get_current_timezone())
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() and len(str(value)) < 19 else None


# --- The list and the badge -------------------------------------------------------------


@require_safe
@vary_on_headers("HX-Request")
def conversation_list(request: HttpRequest) -> HttpResponse:
    page = max(_int(request.GET.get("page")) or 1, 1)
    rows = selectors.conversations_of(
        request.user, limit=LIST_SIZE + 1, offset=(page - 1) * LIST_SIZE
    )
    context = {
        "rows": rows[:LIST_SIZE],
        "page": page,
        "more": len(rows) > LIST_SIZE,
        # The conversation on show beside the list (the sidebar of a conversation's page).
        "current_id": _int(request.GET.get("actuelle")),
    }
    if request.htmx:
        return render(request, "messaging/index.html#list", context)
    context["reports_open"] = MessageReport.objects.filter(
        permissions.report_queue_filter(request.user), resolved_at__isnull=True
    ).count()
    return render(request, "messaging/index.html", context)


@require_safe
def badge(request: HttpRequest) -> HttpResponse:
    return render(request, "messaging/badge.html", {"unread": selectors.unread_total(request.user)})


# --- A conversation ---------------------------------------------------------------------


def _conversation_context(request: HttpRequest, conversation: Conversation, **extra) -> dict:
    user = request.user
    before = _int(request.GET.get("avant"))
    # A message found by search, older than the latest page: the page ends with it.
    history = False
    found = _int(request.GET.get("message"))
    if found and not before and conversation.last_message_id:
        newest_ids = conversation.messages.order_by("-pk").values_list("pk", flat=True)
        recent = list(newest_ids[: settings.MESSAGING_PAGE_SIZE])
        if found not in recent and conversation.messages.filter(pk=found).exists():
            before, history = found + 1, True
    messages, older = selectors.latest_messages(conversation, before=before)
    newest = messages[-1] if messages else None
    context = {
        "conversation": conversation,
        "title": selectors.conversation_title(user, conversation),
        "partner": permissions.direct_partner(user, conversation),
        "abilities": permissions.conversation_abilities(user, conversation),
        "rows": selectors.message_rows(user, conversation, messages),
        "older": older,
        "oldest_id": messages[0].pk if messages else None,
        "cursor": _cursor(conversation, newest),
        "seen_by": selectors.seen_by(user, conversation, newest),
        "pinned": selectors.pinned_messages(conversation),
        "place": services.place_of(user, conversation),
        "members": selectors.members_of(conversation) if not conversation.is_channel else [],
        "blocked_partner": False,
        "draft": "",
        "reply_to": None,
        "poll_seconds": settings.LIVE_POLL_CONVERSATION_SECONDS,
        "history": history,
    }
    if context["partner"] is not None:
        context["blocked_partner"] = Block.objects.filter(
            blocker=user, blocked=context["partner"]
        ).exists()
    context.update(extra)
    return context


def _cursor(conversation: Conversation, newest: Message | None) -> dict:
    """Where the page stands: the newest message shown, and when it was drawn."""
    return {"after": newest.pk if newest else 0, "since": f"{timezone.now().timestamp():.6f}"}


@require_safe
@vary_on_headers("HX-Request")
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = permissions.readable_conversation_or_404(request.user, pk)
    if request.htmx and request.GET.get("avant"):
        context = _conversation_context(request, conversation)
        return render(request, "messaging/conversation.html#older", context)
    services.conversation_mark_read(user=request.user, conversation=conversation)
    reply_to = _int(request.GET.get("repondre"))
    context = _conversation_context(
        request,
        conversation,
        reply_to=conversation.messages.filter(pk=reply_to, deleted_at__isnull=True).first()
        if reply_to
        else None,
        sidebar=selectors.conversations_of(request.user, limit=LIST_SIZE),
    )
    return render(request, "messaging/conversation.html", context)


@require_safe
def updates(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed since the page was drawn (`apres`: the newest message shown, `depuis`: when):
    new messages, messages edited, deleted or pinned, who has seen what. Reading them marks
    them read."""
    user = request.user
    conversation = permissions.readable_conversation_or_404(user, pk)
    after = _int(request.GET.get("apres")) or 0
    since = _since(request.GET.get("depuis"))
    fresh = selectors.messages_after(conversation, after)
    if len(fresh) > settings.MESSAGING_PAGE_SIZE:  # far behind: the page is drawn again
        return HttpResponse(headers={"HX-Refresh": "true"})
    changed = selectors.messages_changed(conversation, since=since, up_to=after) if since else []
    newest = fresh[-1] if fresh else conversation.messages.filter(pk=after).first()
    if fresh:
        services.conversation_mark_read(user=user, conversation=conversation, up_to=fresh[-1].pk)
    context = {
        "conversation": conversation,
        "abilities": permissions.conversation_abilities(user, conversation),
        "rows": selectors.message_rows(user, conversation, fresh),
        "changed": selectors.message_rows(user, conversation, changed),
        "cursor": _cursor(conversation, newest) if newest else _cursor(conversation, None),
        "seen_by": selectors.seen_by(user, conversation, newest),
        "pinned": selectors.pinned_messages(conversation),
        "poll_seconds": settings.LIVE_POLL_CONVERSATION_SECONDS,
    }
    if not newest:
        context["cursor"]["after"] = after
    response = render(request, "messaging/conversation.html#updates", context)
    if fresh:
        trigger_client_event(response, "live:messages")
    return response


@require_POST
def send(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    conversation = permissions.readable_conversation_or_404(user, pk)
    body = request.POST.get("body", "")
    try:
        message, _created = submit_once(
            user=user,
            key=posted_key(request),
            create=lambda: services.message_post(
                user=user,
                conversation=conversation,
                body=body,
                reply_to_id=_int(request.POST.get("reply_to")),
                files=request.FILES.getlist("fichiers"),
            ),
        )
    except PermissionDenied:
        return _refused(request, conversation, _("Vous ne pouvez pas écrire ici."), body)
    except MessagingError as error:
        return _refused(request, conversation, error.messages[0], body)
    if request.htmx:
        response = render(
            request,
            "messaging/conversation.html#composer",
            {"conversation": conversation, "abilities": {"write": True}, "sent": True},
        )
        return trigger_client_event(response, f"live:conversation-{conversation.pk}")
    return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")


def _refused(request, conversation: Conversation, error: str, body: str) -> HttpResponse:
    """The message is refused: said in words, the text kept in the box."""
    context = {
        "conversation": conversation,
        "abilities": permissions.conversation_abilities(request.user, conversation),
        "error": error,
        "draft": body,
    }
    if request.htmx:
        # htmx swaps only successful answers: the box comes back with the error and the text.
        return render(request, "messaging/conversation.html#composer", context)
    context = _conversation_context(
        request,
        conversation,
        error=error,
        draft=body,
        sidebar=selectors.conversations_of(request.user, limit=LIST_SIZE),
    )
    return render(request, "messaging/conversation.html", context, status=422)


@require_safe
def search(request: HttpRequest, pk: int) -> HttpResponse:
    """Search this conversation's messages."""
    conversation = permissions.readable_conversation_or_404(request.user, pk)
    query = request.GET.get("q", "").strip()[:200]
    found = selectors.conversation_search(request.user, conversation, query) if query else []
    context = {
        "conversation": conversation,
        "title": selectors.conversation_title(request.user, conversation),
        "query": query,
        "found": found,
    }
    return render(request, "messaging/search.html", context)


@require_safe
def files(request: HttpRequest, pk: int) -> HttpResponse:
    """The conversation's space: every file sent in it, for its readers only."""
    conversation = permissions.readable_conversation_or_404(request.user, pk)
    context = {
        "conversation": conversation,
        "title": selectors.conversation_title(request.user, conversation),
        "files": selectors.conversation_files(conversation),
    }
    return render(request, "messaging/files.html", context)


@require_safe
def file(request: HttpRequest, pk: int) -> HttpResponse:
    """One file of a message: checked against the conversation's readers, a picture shown, a
    document downloaded; never from the media address."""
    attachment = (
        MessageAttachment.objects.select_related("message__conversation__group")
        .filter(pk=pk, message__deleted_at__isnull=True)
        .first()
    )
    if attachment is None or not permissions.can_read_conversation(
        request.user, attachment.message.conversation
    ):
        raise Http404
    if not attachment.downloadable:
        return file_unavailable(
            request,
            name=attachment.name,
            quarantined=attachment.quarantined,
            signature=attachment.scan_signature,
            back_url=attachment.message.get_absolute_url(),
        )
    disposition = "inline" if attachment.is_image else "attachment"
    response = protected_file_response(
        attachment.file.name,
        local_path(attachment.file),
        content_type=attachment.mime_type,
        disposition=f"{disposition}; filename*=UTF-8''{quote(attachment.name)}",
        cache_control="private, max-age=3600",
    )
    return response


# --- One message ------------------------------------------------------------------------


def _message_or_404(user: User, pk: int) -> Message:
    message = (
        Message.objects.select_related("conversation", "conversation__group", "author")
        .filter(pk=pk)
        .first()
    )
    if message is None or not permissions.can_read_conversation(user, message.conversation):
        raise Http404
    return message


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request.user, pk)
    if not permissions.can_edit_message(request.user, message):
        raise PermissionDenied
    error, body = "", message.body
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.message_edit(user=request.user, message=message, body=body)
        except MessagingError as refused:
            error = refused.messages[0]
        else:
            if request.htmx:
                return _message_fragment(request, message)
            return redirect(f"{message.conversation.get_absolute_url()}#message-{message.pk}")
    context = {"message": message, "body": body, "error": error}
    template = "messaging/edit.html#form" if request.htmx else "messaging/edit.html"
    return render(request, template, context, status=422 if error else 200)


def _message_fragment(request: HttpRequest, message: Message) -> HttpResponse:
    conversation = message.conversation
    row = selectors.message_rows(request.user, conversation, [message])[0]
    return render(
        request,
        "messaging/conversation.html#message",
        {"row": row, "conversation": conversation},
    )


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request.user, pk)
    try:
        services.message_delete(user=request.user, message=message)
    except PermissionDenied:
        raise PermissionDenied from None
    if request.htmx:
        message.refresh_from_db()
        return _message_fragment(request, message)
    flash.success(request, _("Message supprimé."))
    return redirect(message.conversation.get_absolute_url())


@require_POST
def pin(request: HttpRequest, pk: int) -> HttpResponse:
    message = _message_or_404(request.user, pk)
    services.message_pin(
        user=request.user, message=message, pinned=request.POST.get("pinned") == "1"
    )
    return redirect(f"{message.conversation.get_absolute_url()}#message-{message.pk}")


def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Report a message to those who handle it (a form that works without JavaScript)."""
    message = _message_or_404(request.user, pk)
    if not permissions.can_report(request.user, message, message.conversation):
        raise Http404
    error, reason, details = "", "", ""
    if request.method == "POST":
        reason, details = request.POST.get("reason", ""), request.POST.get("details", "")
        try:
            created = services.message_report(
                user=request.user, message=message, reason=reason, details=details
            )
        except MessagingError as refused:
            error = refused.messages[0]
        else:
            flash.success(
                request,
                _("Merci : votre signalement est transmis.")
                if created
                else _("Vous avez déjà signalé ce message : il va être examiné."),
            )
            return redirect(f"{message.conversation.get_absolute_url()}#message-{message.pk}")
    context = {
        "message": message,
        "reasons": CommentReport.Reason.choices,
        "reason": reason,
        "details": details,
        "error": error,
        "handlers": _("les administrateurs du groupe")
        if message.conversation.is_channel
        else _("l'équipe de communication"),
    }
    return render(request, "messaging/report.html", context, status=422 if error else 200)


def reports(request: HttpRequest) -> HttpResponse:
    """The reports `user` handles: their groups' channels, and the other conversations for the
    communication officers. Each shows only the text reported, never the conversation."""
    rule = permissions.report_queue_filter(request.user)
    if not permissions.handles_reports(request.user):
        raise Http404
    if request.method == "POST":
        report = (
            MessageReport.objects.filter(rule, pk=_int(request.POST.get("report")) or 0)
            .select_related("message__conversation__group")
            .first()
        )
        if report is None:
            raise Http404
        services.message_report_resolve(
            user=request.user, report=report, remove=request.POST.get("action") == "remove"
        )
        flash.success(request, _("Signalement traité."))
        return redirect("messaging:reports")
    queue = (
        MessageReport.objects.filter(rule, resolved_at__isnull=True)
        .select_related("reporter", "message__author", "message__conversation__group")
        .order_by("created_at")[:100]
    )
    return render(request, "messaging/reports.html", {"reports": queue})


# --- The conversation's settings --------------------------------------------------------


@require_POST
def mark(request: HttpRequest, pk: int, state: str) -> HttpResponse:
    conversation = permissions.readable_conversation_or_404(request.user, pk)
    if state == "lu":
        services.conversation_mark_read(user=request.user, conversation=conversation)
    elif state == "non-lu":
        services.conversation_mark_unread(user=request.user, conversation=conversation)
        flash.success(request, _("Conversation marquée comme non lue."))
        return redirect("messaging:index")
    elif state in ("sourdine", "son"):
        services.conversation_mute(
            user=request.user, conversation=conversation, muted=state == "sourdine"
        )
        flash.success(
            request,
            _("Conversation en sourdine : elle ne compte plus dans vos messages non lus.")
            if state == "sourdine"
            else _("Sourdine levée."),
        )
    else:
        raise Http404
    return redirect(conversation.get_absolute_url())


def members(request: HttpRequest, pk: int) -> HttpResponse:
    """Who takes part; any participant of a small discussion adds colleagues."""
    user = request.user
    conversation = permissions.readable_conversation_or_404(user, pk)
    if conversation.is_channel:
        return redirect("groups:members", conversation.group.slug)
    query = request.GET.get("q", "").strip()[:100]
    error = ""
    if request.method == "POST":
        try:
            added = services.conversation_members_add(
                user=user,
                conversation=conversation,
                people=services.people_by_ids(request.POST.getlist("personnes")),
            )
        except PermissionDenied:
            raise Http404 from None
        except MessagingError as refused:
            error = refused.messages[0]
        else:
            flash.success(
                request,
                _("Ajouté à la discussion : %(names)s.")
                % {"names": ", ".join(p.get_full_name() for p in added)},
            )
            return redirect(conversation.get_absolute_url())
    current = selectors.members_of(conversation)
    found = _people_found(user, query, exclude=[p.pk for p in current])
    context = {
        "conversation": conversation,
        "title": selectors.conversation_title(user, conversation),
        "members": current,
        "query": query,
        "found": found,
        "abilities": permissions.conversation_abilities(user, conversation),
        "error": error,
    }
    return render(request, "messaging/members.html", context, status=422 if error else 200)


def _people_found(user: User, query: str, *, exclude: list[int]) -> list[User]:
    if not query:
        return []
    people = User.objects.filter(is_active=True).exclude(pk__in=[user.pk, *exclude])
    return people_search(people, query, limit=20)


@require_POST
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = permissions.readable_conversation_or_404(request.user, pk)
    try:
        services.conversation_leave(user=request.user, conversation=conversation)
    except PermissionDenied:
        raise Http404 from None
    flash.success(request, _("Vous avez quitté la discussion."))
    return redirect("messaging:index")


@require_POST
def rename(request: HttpRequest, pk: int) -> HttpResponse:
    conversation = permissions.readable_conversation_or_404(request.user, pk)
    try:
        services.conversation_rename(
            user=request.user, conversation=conversation, name=request.POST.get("name", "")
        )
    except PermissionDenied:
        raise Http404 from None
    except MessagingError as refused:
        flash.error(request, refused.messages[0])
    return redirect(conversation.get_absolute_url())


# --- Visio --------------------------------------------------------------------------------


def _visio_in(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    try:
        message = services.visio_start(user=request.user, conversation=conversation)
    except PermissionDenied:
        raise Http404 from None
    except MessagingError as refused:
        flash.error(request, refused.messages[0])
        return redirect(conversation.get_absolute_url())
    flash.success(request, _("Visio démarrée : les participants sont prévenus."))
    return redirect(f"{conversation.get_absolute_url()}#message-{message.pk}")


@require_POST
def visio_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    return _visio_in(request, permissions.readable_conversation_or_404(request.user, pk))


@require_POST
def visio_group(request: HttpRequest, group_id: int) -> HttpResponse:
    """« Démarrer une visio » from a group: announced in its channel."""
    if not visio.enabled():
        raise Http404
    group = permissions.channel_group_for(request.user, group_id)
    return _visio_in(request, services.conversation_channel_open(user=request.user, group=group))


@require_POST
def visio_person(request: HttpRequest, slug: str) -> HttpResponse:
    """« Démarrer une visio » from a person's profile: announced in the direct conversation."""
    if not visio.enabled():
        raise Http404
    other = get_object_or_404(User, slug=slug, is_active=True)
    try:
        conversation = services.conversation_direct_open(user=request.user, other=other)
    except PermissionDenied:
        raise Http404 from None
    return _visio_in(request, conversation)


@require_safe
def visio_join(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting's link: a token made for this reader, then on to the visio service."""
    message = _message_or_404(request.user, pk)
    try:
        url = services.visio_join_url(user=request.user, message=message)
    except PermissionDenied:
        raise Http404 from None
    except MessagingError as refused:
        flash.error(request, refused.messages[0])
        return redirect(message.conversation.get_absolute_url())
    response = HttpResponse(status=302)
    response["Location"] = url  # the configured service, outside Parvis
    response["Cache-Control"] = "no-store"  # the address carries a personal token
    return response


# --- Starting -----------------------------------------------------------------------------


@require_POST
def start_direct(request: HttpRequest, slug: str) -> HttpResponse:
    other = get_object_or_404(User, slug=slug, is_active=True)
    if other.pk == request.user.pk:
        return redirect("messaging:index")
    try:
        conversation = services.conversation_direct_open(user=request.user, other=other)
    except PermissionDenied:
        flash.error(request, _("Vous ne pouvez pas écrire à cette personne."))
        return redirect(other.get_absolute_url())
    return redirect(conversation.get_absolute_url())


@require_POST
def open_channel(request: HttpRequest, group_id: int) -> HttpResponse:
    group = permissions.channel_group_for(request.user, group_id)
    conversation = services.conversation_channel_open(user=request.user, group=group)
    return redirect(conversation.get_absolute_url())


def new(request: HttpRequest) -> HttpResponse:
    """A discussion with several colleagues: find them (a search that works without
    JavaScript: chosen people stay ticked), name it, start it."""
    user = request.user
    data = request.POST if request.method == "POST" else request.GET
    chosen = services.people_by_ids(data.getlist("personnes"))
    chosen = [person for person in chosen if person.pk != user.pk]
    query = data.get("q", "").strip()[:100]
    name = data.get("name", "")[:200]
    error = ""
    if request.method == "POST" and "start" in request.POST:
        try:
            conversation, _created = submit_once(
                user=user,
                key=posted_key(request),
                create=lambda: services.conversation_group_create(
                    user=user, name=name, people=chosen
                ),
            )
        except MessagingError as refused:
            error = refused.messages[0]
        else:
            return redirect(conversation.get_absolute_url())
    context = {
        "chosen": chosen,
        "found": _people_found(user, query, exclude=[p.pk for p in chosen]),
        "query": query,
        "name": name,
        "error": error,
        "max_members": settings.MESSAGING_GROUP_MAX_MEMBERS,
    }
    return render(request, "messaging/new.html", context, status=422 if error else 200)


@require_POST
def block(request: HttpRequest, slug: str) -> HttpResponse:
    other = get_object_or_404(User, slug=slug)
    blocked = request.POST.get("blocked") == "1"
    try:
        services.block_set(user=request.user, other=other, blocked=blocked)
    except MessagingError as refused:
        flash.error(request, refused.messages[0])
        return redirect("messaging:index")
    flash.success(
        request,
        (
            _("%(name)s ne peut plus vous écrire directement.")
            if blocked
            else _("%(name)s peut de nouveau vous écrire.")
        )
        % {"name": other.get_full_name()},
    )
    back = request.POST.get("next", "")
    if back.startswith("/messages/") and "//" not in back:
        return redirect(back)
    return redirect(other.get_absolute_url())
