"""Group pages. Each view resolves the group for the reader first: a secret group they may not
see is a 404, the content of a closed group they are not a member of a 403 page that offers to
ask to join. Forms work without JavaScript (post, redirect); htmx swaps fragments."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from cms.core.media import picture_response
from cms.core.submissions import posted_key, submit_once
from social import markup
from social.comments.models import Comment
from social.comments.selectors import comments_of

from . import permissions
from .forms import GroupForm, PostForm, posted_images
from .models import Group, GroupKind, Membership, Post, PostImage
from .selectors import (
    group_feed,
    group_members,
    groups_visible_to,
    my_feed,
    pinned_posts,
    prepare_posts,
)
from .services import (
    GroupError,
    group_create,
    group_delete,
    group_invite,
    group_join,
    group_leave,
    group_request_decide,
    group_update,
    member_remove,
    member_role_set,
    membership_notifications_set,
    post_answer_choose,
    post_create,
    post_delete,
    post_edit,
    post_moderate,
)

DIRECTORY_PAGE_SIZE = 24


# --- Resolving what the reader may reach ----------------------------------------------------


def _seen_group(request: HttpRequest, slug: str) -> Group:
    """The group if the reader may know it exists, else 404."""
    group = get_object_or_404(Group.objects.select_related("service", "theme"), slug=slug)
    if not permissions.can_see_group(request.user, group):
        raise Http404
    return group


def _members_only(request: HttpRequest, group: Group, status: int = 403) -> HttpResponse:
    context = {"group": group, "abilities": permissions.group_abilities(request.user, group)}
    return render(request, "groups/members_only.html", context, status=status)


class _Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _readable_group(request: HttpRequest, slug: str) -> Group:
    group = _seen_group(request, slug)
    if not permissions.can_read_group(request.user, group):
        raise _Refused(_members_only(request, group))
    return group


def _readable_post(request: HttpRequest, slug: str, pk: int) -> Post:
    group = _readable_group(request, slug)
    post = get_object_or_404(Post.objects.select_related("group", "author"), pk=pk, group=group)
    if post.status == Post.Status.DELETED:
        raise Http404
    if post.status == Post.Status.HIDDEN and not (
        post.author_id == request.user.pk or permissions.can_admin_group(request.user, group)
    ):
        raise Http404
    return post


def refusals(view):
    """Answer a `_Refused` (a closed group's content asked by a non-member) with its page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return refused.response

    return wrapper


def _back(request: HttpRequest, group: Group, fallback: str = "") -> HttpResponse:
    return redirect(fallback or group.get_absolute_url())


def _error(request: HttpRequest, error: GroupError, group: Group, fallback: str = ""):
    messages.error(request, error.message)
    return _back(request, group, fallback)


# --- Directory and group pages ---------------------------------------------------------------


@require_safe
@vary_on_headers("HX-Request")
def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type", "")
    kind = kind if kind in GroupKind.values else ""
    mine = request.GET.get("mes") == "1"
    query = request.GET.get("q", "").strip()[:100]
    groups = groups_visible_to(request.user, kind=kind, mine=mine, query=query)
    page = Paginator(groups, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    states = permissions.memberships_of(request.user)
    for group in page:
        group.my_state = states.get(group.pk, (None, None))[0]
    context = {
        "groups_page": page,
        "kinds": GroupKind.choices,
        "filters": {"type": kind, "mes": mine, "q": query},
        "can_create": permissions.can_create_group(request.user),
    }
    template = "groups/group_index.html#results" if request.htmx else "groups/group_index.html"
    return render(request, template, context)


@require_http_methods(["GET", "HEAD", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_group(request.user):
        raise PermissionDenied
    form = GroupForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "image"}
        try:
            group = group_create(user=request.user, image=request.FILES.get("image"), **data)
        except GroupError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Le groupe « %(name)s » est créé ; vous en êtes l'administrateur.")
                % {"name": group.name},
            )
            return redirect(group)
    return render(
        request, "groups/group_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "HEAD", "POST"])
@refusals
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    group = _seen_group(request, slug)
    if not permissions.can_admin_group(request.user, group):
        raise PermissionDenied
    form = GroupForm(request.POST or None, request.FILES or None, instance=group)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "image"}
        try:
            group_update(
                group=Group.objects.get(pk=group.pk),
                user=request.user,
                image=request.FILES.get("image"),
                remove_image=request.POST.get("image-clear") == "on",
                **data,
            )
        except GroupError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le groupe est enregistré."))
            return redirect("groups:detail", slug=group.slug)
    context = {"form": form, "group": group}
    return render(request, "groups/group_form.html", context, status=400 if form.errors else 200)


@require_POST
def delete(request: HttpRequest, slug: str) -> HttpResponse:
    group = _seen_group(request, slug)
    if not permissions.can_admin_group(request.user, group):
        raise PermissionDenied
    name = group.name
    try:
        group_delete(group=group, user=request.user, confirmation=request.POST.get("nom", ""))
    except GroupError as error:
        return _error(request, error, group, reverse("groups:edit", args=[group.slug]))
    messages.success(
        request,
        _("Le groupe « %(name)s » est supprimé ; ses documents sont conservés.") % {"name": name},
    )
    return redirect("groups:index")


@require_safe
@vary_on_headers("HX-Request")
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's page: its feed for readers; for others (a closed group), what it is and how
    to ask to join."""
    group = _seen_group(request, slug)
    abilities = permissions.group_abilities(request.user, group)
    if not abilities["read"]:
        return _members_only(request, group, status=200)
    posts, next_cursor = group_feed(user=request.user, group=group, before=request.GET.get("avant"))
    context = {
        "group": group,
        "abilities": abilities,
        "posts": posts,
        "next_cursor": next_cursor,
        "more_url": reverse("groups:detail", args=[group.slug]),
    }
    if request.htmx and request.GET.get("avant"):
        return render(request, "groups/feed.html#feed-page", context)
    membership = Membership.objects.filter(group=group, user=request.user).first()
    context.update(
        pinned=pinned_posts(user=request.user, group=group) if not request.GET.get("avant") else [],
        form=PostForm(),
        membership=membership,
        levels=Membership.Level.choices,
        members_count=Membership.objects.filter(group=group, state=Membership.State.ACTIVE).count(),
        pending_count=(
            Membership.objects.filter(group=group, state=Membership.State.REQUESTED).count()
            if abilities["admin"]
            else 0
        ),
    )
    return render(request, "groups/group_detail.html", context)


@require_safe
def image(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's image, for whoever may know the group (never a public media address)."""
    group = _seen_group(request, slug)
    if not group.image:
        raise Http404
    return picture_response(group.image)


@require_safe
def post_image(request: HttpRequest, pk: int) -> HttpResponse:
    """An image of a post, for readers of its group only."""
    picture = get_object_or_404(PostImage.objects.select_related("post__group"), pk=pk)
    if not picture.post.discussion_visible_to(request.user):
        raise Http404
    return picture_response(picture.file)


@require_safe
@refusals
def documents(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's drive: its folder in the library."""
    group = _readable_group(request, slug)
    if group.folder_id is None:
        raise Http404
    return redirect("library:folder", folder_id=group.folder_id)


# --- Members ---------------------------------------------------------------------------------


@require_safe
@refusals
def members(request: HttpRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    abilities = permissions.group_abilities(request.user, group)
    page = Paginator(group_members(group), 50).get_page(request.GET.get("page"))
    context = {
        "group": group,
        "abilities": abilities,
        "members_page": page,
        "requests": group_members(group, state=Membership.State.REQUESTED)
        if abilities["admin"]
        else [],
        "invitations": group_members(group, state=Membership.State.INVITED)
        if abilities["admin"]
        else [],
        "admin_count": Membership.objects.filter(
            group=group, state=Membership.State.ACTIVE, role=Membership.Role.ADMIN
        ).count(),
    }
    return render(request, "groups/members.html", context)


@require_POST
def join(request: HttpRequest, slug: str) -> HttpResponse:
    group = _seen_group(request, slug)
    try:
        membership = group_join(
            group=group, user=request.user, message=request.POST.get("message", "")
        )
    except GroupError as error:
        return _error(request, error, group)
    if membership.is_active:
        messages.success(
            request, _("Vous êtes membre du groupe « %(name)s ».") % {"name": group.name}
        )
    else:
        messages.success(
            request,
            _(
                "Votre demande est envoyée aux administrateurs du groupe ; vous serez prévenu de "
                "leur réponse."
            ),
        )
    return _back(request, group)


@require_POST
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    group = _seen_group(request, slug)
    state = permissions.membership_state(request.user, group)
    try:
        group_leave(group=group, user=request.user)
    except GroupError as error:
        return _error(request, error, group)
    if state == Membership.State.INVITED:
        messages.success(request, _("Invitation déclinée."))
    elif state == Membership.State.REQUESTED:
        messages.success(request, _("Demande retirée."))
    else:
        messages.success(
            request, _("Vous avez quitté le groupe « %(name)s ».") % {"name": group.name}
        )
    return redirect("groups:index") if group.is_secret else _back(request, group)


@require_POST
@refusals
def decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    group = _readable_group(request, slug)
    if decision not in ("accepter", "refuser"):
        raise Http404
    members_url = reverse("groups:members", args=[group.slug])
    try:
        membership = group_request_decide(
            group=group, admin=request.user, membership_id=pk, approve=decision == "accepter"
        )
    except GroupError as error:
        return _error(request, error, group, members_url)
    name = membership.user.get_full_name() or membership.user.email
    if decision == "accepter":
        messages.success(request, _("%(name)s est maintenant membre.") % {"name": name})
    else:
        messages.success(request, _("La demande de %(name)s est refusée.") % {"name": name})
    return redirect(members_url + "#demandes")


@require_POST
@refusals
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    if not permissions.can_admin_group(request.user, group):
        raise PermissionDenied
    members_url = reverse("groups:members", args=[group.slug])
    who = request.POST.get("personne", "").strip().lstrip("@")[:254]
    person = None
    if who:
        matches = get_user_model().objects.filter(
            Q(email__iexact=who) | Q(email__istartswith=f"{who}@"), is_active=True
        )
        person = matches.first() if matches.count() == 1 else None
    if person is None:
        messages.error(
            request,
            _("Aucun collègue ne correspond à « %(who)s » : donnez son adresse électronique.")
            % {"who": who},
        )
        return redirect(members_url + "#inviter")
    try:
        membership = group_invite(group=group, admin=request.user, user=person)
    except GroupError as error:
        return _error(request, error, group, members_url)
    name = person.get_full_name() or person.email
    if membership.is_active:
        messages.success(request, _("%(name)s est maintenant membre.") % {"name": name})
    else:
        messages.success(
            request,
            _("%(name)s est invité ; il ou elle recevra une notification.") % {"name": name},
        )
    return redirect(members_url)


@require_POST
@refusals
def member_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    group = _readable_group(request, slug)
    members_url = reverse("groups:members", args=[group.slug])
    try:
        if action == "retirer":
            member_remove(group=group, admin=request.user, membership_id=pk)
            messages.success(request, _("La personne ne fait plus partie du groupe."))
        elif action == "role":
            role = request.POST.get("role", "")
            member_role_set(group=group, admin=request.user, membership_id=pk, role=role)
            messages.success(request, _("Rôle modifié."))
        else:
            raise Http404
    except GroupError as error:
        return _error(request, error, group, members_url)
    return redirect(members_url)


@require_POST
@refusals
def notification_level(request: HttpRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    try:
        membership_notifications_set(
            group=group, user=request.user, level=request.POST.get("niveau", "")
        )
    except GroupError as error:
        return _error(request, error, group)
    messages.success(request, _("Vos notifications pour ce groupe sont enregistrées."))
    return _back(request, group)


# --- Posts -------------------------------------------------------------------------------------


@require_POST
@refusals
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    group = _readable_group(request, slug)
    if not permissions.can_post_in_group(request.user, group):
        raise PermissionDenied
    form = PostForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            post, _created = submit_once(
                user=request.user,
                key=posted_key(request),
                create=lambda: post_create(
                    group=group,
                    author=request.user,
                    body=form.cleaned_data["body"],
                    question=form.cleaned_data["question"],
                    link_url=form.cleaned_data["link_url"],
                    images=posted_images(request),
                    documents=request.FILES.getlist("documents"),
                    poll=form.poll(),
                ),
            )
        except GroupError as refused:
            error = refused
        else:
            messages.success(request, _("Votre publication est en ligne."))
            return redirect(f"{group.get_absolute_url()}#publication-{post.pk}")
    status = error.status if error else 400
    # The composer writes its inputs out (no widget), so field errors are said in one message.
    field_errors = " ".join(
        f"{form.fields[name].label} : {message}"
        for name, messages_ in form.errors.items()
        if name in form.fields
        for message in messages_
    )
    context = {
        "group": group,
        "form": form,
        "error": error.message if error else field_errors,
        "submission": posted_key(request),
        "abilities": permissions.group_abilities(request.user, group),
    }
    return render(request, "groups/post_form_page.html", context, status=status)


@require_safe
@refusals
def post_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = _readable_post(request, slug, pk)
    prepare_posts([post], user=request.user)
    answers = []
    if post.is_question and post.abilities["choose_answer"]:
        answers = list(
            comments_of(post)
            .filter(parent__isnull=True, status=Comment.Status.PUBLISHED)
            .select_related("author")
            .order_by("created_at")[:50]
        )
        for answer in answers:
            answer.excerpt = markup.to_text(answer.body)[:160]
    context = {
        "group": post.group,
        "post": post,
        "answers": answers,
        "abilities": permissions.group_abilities(request.user, post.group),
    }
    return render(request, "groups/post_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@refusals
def post_edit_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = _readable_post(request, slug, pk)
    if request.user.pk != post.author_id or not post.is_published:
        raise PermissionDenied
    error, body, link = "", post.body, post.link_url
    if request.method == "POST":
        body, link = request.POST.get("body", ""), request.POST.get("link_url", "")
        try:
            post_edit(post=post, user=request.user, body=body, link_url=link)
        except GroupError as refused:
            error = refused.message
        else:
            messages.success(request, _("Publication modifiée."))
            return redirect(post)
    context = {"group": post.group, "post": post, "body": body, "link_url": link, "error": error}
    return render(request, "groups/post_edit.html", context, status=400 if error else 200)


@require_POST
@refusals
def post_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = _readable_post(request, slug, pk)
    post_delete(post=post, user=request.user)
    messages.success(request, _("Publication supprimée."))
    return _back(request, post.group)


@require_POST
@refusals
def post_moderate_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = _readable_post(request, slug, pk)
    action = request.POST.get("action", "")
    try:
        post_moderate(post=post, admin=request.user, action=action)
    except GroupError as error:
        return _error(request, error, post.group)
    labels = {
        "hide": _("Publication masquée : seuls son auteur et les administrateurs la voient."),
        "restore": _("Publication de nouveau visible."),
        "pin": _("Publication épinglée en tête du groupe."),
        "unpin": _("Publication désépinglée."),
    }
    messages.success(request, labels[action])
    return _back(request, post.group)


@require_POST
@refusals
def choose_answer(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    post = _readable_post(request, slug, pk)
    try:
        comment_id = int(request.POST.get("commentaire") or 0)
    except ValueError:
        comment_id = 0
    try:
        post_answer_choose(post=post, user=request.user, comment_id=comment_id or None)
    except GroupError as error:
        return _error(request, error, post.group, post.get_absolute_url())
    messages.success(
        request,
        _("Meilleure réponse choisie : la question est résolue.")
        if comment_id
        else _("La question est de nouveau ouverte."),
    )
    return redirect(post)


# --- Mon fil -----------------------------------------------------------------------------------


@require_safe
@vary_on_headers("HX-Request")
def feed(request: HttpRequest) -> HttpResponse:
    """« Mon fil »: the posts of my groups and the news for me, newest first. htmx loads the
    next page when the end comes into view; without JavaScript, a link does."""
    items, next_cursor = my_feed(user=request.user, before=request.GET.get("avant"))
    context = {"items": items, "next_cursor": next_cursor, "more_url": reverse("groups:feed")}
    if request.htmx and request.GET.get("avant"):
        return render(request, "groups/my_feed.html#feed-page", context)
    context["has_groups"] = bool(permissions.member_group_ids(request.user))
    return render(request, "groups/my_feed.html", context)
