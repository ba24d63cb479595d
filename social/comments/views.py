"""Comment views: each works as a plain form (post, redirect) and, asked by htmx, answers with
the fragment to swap. Every view checks that the reader may see what is discussed: a comment on
a page you cannot see is a 404, whatever the route."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from cms.core.submissions import posted_key, submit_once
from social.targets import CommentsMode, mention_readers, visible_target_or_404

from .models import Comment
from .selectors import discussion_for, page_number_of, prepare_comments, published_count
from .services import (
    CommentError,
    comment_delete,
    comment_edit,
    comment_post,
    comment_report,
)

MENTION_SUGGESTIONS = 8


def _visible_target(request: HttpRequest, kind: str, pk: int):
    return visible_target_or_404(request.user, kind, pk, commentable=True)


def _visible_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("author__service", "parent"), pk=pk)
    if not comment.get_target().discussion_visible_to(request.user):
        raise Http404
    return comment


def _comment_url(comment: Comment) -> str:
    page = page_number_of(comment)
    query = f"?{urlencode({'commentaires': page})}" if page > 1 else ""
    return f"{comment.get_target().discussion_url()}{query}#commentaire-{comment.pk}"


def _decorate(comment: Comment, user) -> Comment:
    prepare_comments([comment], user=user, target=comment.get_target())
    return comment


def _render_comment(request, comment: Comment, **extra) -> HttpResponse:
    context = {"comment": _decorate(comment, request.user), "target": comment.get_target()}
    return render(request, "comments/discussion.html#comment", {**context, **extra})


def _form_page(request, *, target, form: dict, status: int = 400) -> HttpResponse:
    """Without JavaScript, a refused form comes back on a page of its own, text kept."""
    return render(
        request, "comments/comment_form_page.html", {"target": target, **form}, status=status
    )


@require_safe
@vary_on_headers("HX-Request")
def discussion(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """More threads (« Afficher les commentaires suivants »); without htmx, the page itself."""
    target = _visible_target(request, kind, pk)
    page_number = request.GET.get("commentaires", "1")
    if not request.htmx:
        query = f"?{urlencode({'commentaires': page_number})}"
        return redirect(f"{target.discussion_url()}{query}#commentaires")
    context = {
        "discussion": discussion_for(user=request.user, target=target, page_number=page_number),
        "target": target,
    }
    return render(request, "comments/discussion.html#more-threads", context)


@require_POST
def post(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = _visible_target(request, kind, pk)
    body = request.POST.get("body", "")
    parent = None
    if request.POST.get("parent"):
        try:
            parent = Comment.objects.select_related("parent").get(pk=int(request.POST["parent"]))
        except (ValueError, Comment.DoesNotExist):
            raise Http404 from None
    key = posted_key(request)
    try:
        comment, _created = submit_once(
            user=request.user,
            key=key,
            create=lambda: comment_post(
                author=request.user, target=target, body=body, parent=parent
            ),
        )
    except CommentError as error:
        form = {"body": body, "parent": parent, "error": error.message, "submission": key}
        if request.htmx:
            template = (
                "comments/discussion.html#reply-form"
                if parent
                else "comments/discussion.html#comment-form"
            )
            return render(request, template, {"target": target, "thread": parent, **form})
        return _form_page(request, target=target, form=form, status=error.status)
    if not request.htmx:
        messages.success(request, _("Votre commentaire est publié."))
        return redirect(_comment_url(comment))
    context = {
        "comment": _decorate(comment, request.user),
        "target": target,
        "thread": comment.parent,
        "posted": True,
        "focus_comment": comment.pk,
        "total": published_count(target),
    }
    template = (
        "comments/discussion.html#posted-reply"
        if comment.parent_id
        else "comments/discussion.html#posted"
    )
    return render(request, template, context)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    target = comment.get_target()
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    if request.method != "POST":
        return _form_page(
            request, target=target, form={"comment": comment, "body": comment.body}, status=200
        )
    body = request.POST.get("body", "")
    try:
        comment_edit(comment=comment, user=request.user, body=body)
    except CommentError as error:
        if request.htmx:
            return _render_comment(request, comment, edit_error=error.message, edit_body=body)
        return _form_page(
            request, target=target, form={"comment": comment, "body": body, "error": error.message}
        )
    if request.htmx:
        return _render_comment(request, comment, status_message=_("Commentaire modifié."))
    messages.success(request, _("Votre commentaire est modifié."))
    return redirect(_comment_url(comment))


@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    back = f"{comment.get_target().discussion_url()}#commentaires"
    try:
        comment_delete(comment=comment, user=request.user)
    except CommentError as error:
        if request.htmx:
            return _render_comment(request, comment, status_message=error.message)
        messages.error(request, error.message)
        return redirect(back)
    if request.htmx:
        return _render_comment(request, comment, status_message=_("Commentaire supprimé."))
    messages.success(request, _("Le commentaire est supprimé."))
    return redirect(back)


def _report_page(request, comment: Comment, *, error: str = "", status: int = 200):
    context = {"comment": comment, "target": comment.get_target(), "error": error}
    return render(request, "comments/report_page.html", context, status=status)


@require_safe
@vary_on_headers("HX-Request")
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """The form to answer a thread: loaded under it by htmx, or a page of its own."""
    comment = _visible_comment(request, pk)
    thread = comment.parent or comment
    target = comment.get_target()
    if thread.is_deleted or target.discussion_mode != CommentsMode.OPEN:
        raise Http404
    if request.htmx:
        context = {"thread": thread, "target": target, "focus_reply": True}
        return render(request, "comments/discussion.html#reply-form", context)
    return _form_page(request, target=target, form={"parent": thread}, status=200)


@vary_on_headers("HX-Request")
def report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _visible_comment(request, pk)
    if not comment.is_published or comment.author_id == request.user.pk:
        raise Http404
    if request.method != "POST":
        if request.htmx:
            return render(request, "comments/discussion.html#report-form", {"comment": comment})
        return _report_page(request, comment)
    try:
        created = comment_report(
            comment=comment,
            user=request.user,
            reason=request.POST.get("reason", ""),
            details=request.POST.get("details", ""),
        )
    except CommentError as error:
        if request.htmx:
            return _render_comment(request, comment, report_error=error.message)
        return _report_page(request, comment, error=error.message, status=400)
    done = (
        _("Merci : votre signalement est transmis à l'équipe de modération.")
        if created
        else _("Vous avez déjà signalé ce commentaire : l'équipe de modération va l'examiner.")
    )
    if request.htmx:
        return _render_comment(request, comment, status_message=done)
    messages.success(request, done)
    return redirect(_comment_url(comment))


@require_safe
def mention_suggestions(request: HttpRequest) -> HttpResponse:
    """Colleagues whose name or address starts with what follows the @, among those who may see
    the page being discussed: a name is never suggested where its owner could not read it."""
    query = request.GET.get("q", "").strip()[:60]
    try:
        kind, _sep, pk = request.GET.get("cible", "").partition("-")
        viewers = mention_readers(request.user, kind, int(pk))
    except ValueError:
        raise Http404 from None
    people = []
    if query:
        words = Q()
        for word in query.replace(".", " ").split()[:3]:
            words &= (
                Q(first_name__istartswith=word)
                | Q(last_name__istartswith=word)
                | Q(email__istartswith=word)
            )
        candidates = (
            get_user_model()
            .objects.filter(words, is_active=True, email__isnull=False)
            .exclude(pk=request.user.pk)
            .select_related("service")
            .order_by("last_name", "first_name")
        )
        people = list(candidates.filter(pk__in=viewers.values("pk"))[:MENTION_SUGGESTIONS])
    for person in people:
        person.handle = person.email.split("@", 1)[0].lower()
    return render(request, "comments/mention_suggestions.html", {"people": people})
