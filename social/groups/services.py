"""Everything that changes groups, memberships and posts. Every rule is checked here, whatever
the view (page, HTMX fragment, a crafted POST); refusals a person can fix are `GroupError`s
with a message in their language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.core.media import file_delete_on_commit
from cms.core.opengraph import resolve_intranet_link
from cms.core.queueing import queue_after_commit
from cms.core.ratelimit import rate_limited as over_limit
from knowledge.library import filetypes
from knowledge.library.pictures import reencoded_picture
from knowledge.library.services import document_upload
from knowledge.models import LibraryDocument
from social import markup
from social.comments.models import Comment
from social.comments.services import render_with_mentions
from social.polls.models import Poll, PollChoice

from . import permissions, tasks
from .drive import (
    group_drive_archive,
    group_drive_ensure,
    group_rights_sync_all,
    membership_rights_sync,
)
from .models import Group, Membership, Post, PostAttachment, PostImage, Visibility
from .search import group_search_sync
from .signals import posts_cleared_in_bulk, posts_dependents_remove

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from social.people.models import User

MAX_IMAGES = 6
MAX_DOCUMENTS = 5
IMAGE_MAX_SIDE = 2000
Role = Membership.Role
State = Membership.State


class GroupError(Exception):
    """Something the person can fix, or a decision already taken by someone else."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --- Groups -----------------------------------------------------------------------------


def _unique_slug(name: str, *, exclude: int | None = None) -> str:
    base = slugify(name)[:100] or "groupe"
    slug, number = base, 2
    while Group.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_name(name: str, *, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())[:120]
    if not name:
        raise GroupError(_("Donnez un nom au groupe."))
    if Group.objects.filter(name__iexact=name).exclude(pk=exclude).exists():
        raise GroupError(_("Un groupe porte déjà ce nom : choisissez-en un autre."))
    return name


@transaction.atomic
def group_create(*, user: User, name: str, kind: str, visibility: str, **fields) -> Group:
    """A new group, its drive, and its creator as its first administrator."""
    if not permissions.can_create_group(user):
        raise PermissionDenied
    image = fields.pop("image", None)
    name = _check_name(name)
    try:
        with transaction.atomic():
            group = Group.objects.create(
                name=name,
                slug=_unique_slug(name),
                kind=kind,
                visibility=visibility,
                created_by=user,
                **fields,
            )
    except IntegrityError:  # the same name created at the same moment
        raise GroupError(_("Un groupe porte déjà ce nom : choisissez-en un autre.")) from None
    if image:
        _store_group_image(group, image)
    Membership.objects.create(
        group=group, user=user, role=Role.ADMIN, state=State.ACTIVE, joined_at=timezone.now()
    )
    group_drive_ensure(group)
    membership_rights_sync(group, user)
    return group


@transaction.atomic
def group_update(*, group: Group, user: User, **fields) -> Group:
    """Edit the group (its administrators): a new visibility or upload rule changes the drive's
    rights at once."""
    if not permissions.can_admin_group(user, group):
        raise PermissionDenied
    image = fields.pop("image", None)
    remove_image = fields.pop("remove_image", False)
    old_visibility = group.visibility
    if "name" in fields:
        fields["name"] = _check_name(fields["name"], exclude=group.pk)
    for field, value in fields.items():
        setattr(group, field, value)
    group.save()
    if remove_image and group.image:
        file_delete_on_commit(group.image)
        group.image = ""
        group.save(update_fields=["image"])
    if image:
        _store_group_image(group, image)
    if group.is_secret:  # nobody can ask to join a secret group: pending requests lapse
        Membership.objects.filter(group=group, state=State.REQUESTED).delete()
    group_rights_sync_all(group)
    if group.visibility != old_visibility:
        group_search_sync(group, posts=True)
    return group


def _clean_image(uploaded: UploadedFile) -> ContentFile:
    """An uploaded image, checked by content and re-encoded without its metadata
    (knowledge/library/pictures.py)."""
    try:
        return reencoded_picture(uploaded, max_side=IMAGE_MAX_SIDE)
    except filetypes.Rejected as rejected:
        raise GroupError(str(rejected.message)) from None


def _store_group_image(group: Group, uploaded: UploadedFile) -> None:
    cleaned = _clean_image(uploaded)
    file_delete_on_commit(group.image)  # the old one, once the new one is in place
    group.image.save(cleaned.name, cleaned, save=True)


@transaction.atomic
def group_delete(*, group: Group, user: User, confirmation: str) -> None:
    """Delete the group, its posts and memberships (its administrators, typing its name). The
    documents of its drive are kept, in an archived folder only superusers see."""

    if not permissions.can_admin_group(user, group):
        raise PermissionDenied
    if " ".join((confirmation or "").split()).casefold() != group.name.casefold():
        raise GroupError(_("Recopiez le nom exact du groupe pour confirmer sa suppression."))
    members = [m.user for m in group.memberships.select_related("user")]
    group_drive_archive(group)
    file_delete_on_commit(group.image)
    for picture in PostImage.objects.filter(post__group=group):
        file_delete_on_commit(picture.file)
    # What hangs on the posts goes in a few statements for all of them, not post by post
    # (a group of 5,000 posts took 75,000 queries).
    posts = group.posts.all()
    post_ids = list(posts.values_list("pk", flat=True))
    poll_ids = list(posts.exclude(poll=None).values_list("poll_id", flat=True))
    with posts_cleared_in_bulk(group.pk):
        group.delete()
    posts_dependents_remove(post_ids, poll_ids)
    for member in members:
        member.__dict__.pop("_per_user_cache", None)


# --- Memberships --------------------------------------------------------------------------


def _membership_for_update(group: Group, user: User) -> Membership | None:
    return Membership.objects.select_for_update().filter(group=group, user=user).first()


@transaction.atomic
def group_join(*, group: Group, user: User, message: str = "") -> Membership:
    """Join an open group or accept an invitation (member at once), or ask to join a closed
    group (a request the administrators approve). A secret group is joined by invitation
    only: to anyone else it does not exist."""
    if not permissions.can_see_group(user, group):
        raise Http404
    membership = _membership_for_update(group, user)
    if membership is not None and membership.is_active:
        return membership
    if membership is not None and membership.state == State.INVITED or group.is_open:
        if membership is None:
            membership = Membership(group=group, user=user)
        membership.state = State.ACTIVE
        membership.joined_at = timezone.now()
        membership.save()
        membership_rights_sync(group, user)
        return membership
    if group.visibility != Visibility.CLOSED:
        raise Http404
    if membership is not None:  # already asked
        return membership
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group, user=user, state=State.REQUESTED, message=(message or "")[:500]
            )
    except IntegrityError:  # the same request sent twice at once
        return Membership.objects.get(group=group, user=user)
    queue_after_commit(tasks.notify_group_request, membership.pk)
    return membership


def _lock_admins(group: Group) -> None:
    """Lock the group's administrators' rows, so that two of them cannot both step down (or
    leave) at once and leave the group without any."""
    list(
        Membership.objects.select_for_update()
        .filter(group=group, role=Role.ADMIN, state=State.ACTIVE)
        .values_list("pk", flat=True)
    )


def _admin_count(group: Group) -> int:
    return Membership.objects.filter(group=group, state=State.ACTIVE, role=Role.ADMIN).count()


def _last_admin_error() -> GroupError:
    return GroupError(
        _(
            "Vous êtes le dernier administrateur de ce groupe : nommez d'abord un autre "
            "administrateur."
        )
    )


@transaction.atomic
def group_leave(*, group: Group, user: User) -> None:
    """Leave the group, withdraw a request or decline an invitation."""
    _lock_admins(group)
    membership = _membership_for_update(group, user)
    if membership is None:
        return
    if membership.is_admin and _admin_count(group) <= 1:
        raise _last_admin_error()
    membership.delete()
    membership_rights_sync(group, user)


@transaction.atomic
def group_request_decide(
    *, group: Group, admin: User, membership_id: int, approve: bool
) -> Membership:
    """An administrator approves or refuses a request to join; the requester is told. Two
    administrators deciding at once: the row is locked, the second is told it was done."""
    if not permissions.can_admin_group(admin, group):
        raise PermissionDenied
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership_id, group=group)
        .first()
    )
    if membership is None or membership.state != State.REQUESTED:
        raise GroupError(
            _("Cette demande a déjà été traitée par un autre administrateur."), status=409
        )
    if approve:
        membership.state = State.ACTIVE
        membership.joined_at = timezone.now()
        membership.save(update_fields=["state", "joined_at"])
        membership_rights_sync(group, membership.user)
    else:
        membership.delete()
    queue_after_commit(
        tasks.notify_group_decision,
        membership_id,
        group.pk,
        membership.user_id,
        admin.pk,
        bool(approve),
    )
    return membership


@transaction.atomic
def group_invite(*, group: Group, admin: User, user: User) -> Membership:
    """Invite a colleague (they accept or decline); one who had asked to join is let in."""
    if not permissions.can_admin_group(admin, group):
        raise PermissionDenied
    if not user.is_active:
        raise GroupError(_("Ce compte est désactivé."))
    membership = _membership_for_update(group, user)
    if membership is not None and membership.is_active:
        raise GroupError(
            _("%(name)s est déjà membre du groupe.") % {"name": user.get_full_name() or user.email}
        )
    if membership is not None and membership.state == State.INVITED:
        return membership
    if membership is not None and membership.state == State.REQUESTED:
        return group_request_decide(
            group=group, admin=admin, membership_id=membership.pk, approve=True
        )
    membership = Membership.objects.create(
        group=group, user=user, state=State.INVITED, invited_by=admin
    )
    queue_after_commit(tasks.notify_group_invitation, membership.pk)
    return membership


@transaction.atomic
def member_role_set(*, group: Group, admin: User, membership_id: int, role: str) -> Membership:
    if not permissions.can_admin_group(admin, group):
        raise PermissionDenied
    if role not in Role.values:
        raise GroupError(_("Rôle inconnu."))
    _lock_admins(group)
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership_id, group=group, state=State.ACTIVE)
        .first()
    )
    if membership is None:
        raise GroupError(_("Cette personne n'est plus membre du groupe."), status=409)
    if membership.role == role:
        return membership
    if membership.is_admin and _admin_count(group) <= 1:
        raise _last_admin_error()
    membership.role = role
    membership.save(update_fields=["role"])
    membership_rights_sync(group, membership.user)
    return membership


@transaction.atomic
def member_remove(*, group: Group, admin: User, membership_id: int) -> None:
    if not permissions.can_admin_group(admin, group):
        raise PermissionDenied
    _lock_admins(group)
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership_id, group=group)
        .first()
    )
    if membership is None:
        return
    if membership.is_admin and _admin_count(group) <= 1:
        raise _last_admin_error()
    user = membership.user
    membership.delete()
    membership_rights_sync(group, user)


def membership_notifications_set(*, group: Group, user: User, level: str) -> Membership:
    if level not in Membership.Level.values:
        raise GroupError(_("Réglage inconnu."))
    updated = Membership.objects.filter(group=group, user=user, state=State.ACTIVE).update(
        notifications=level
    )
    if not updated:
        raise PermissionDenied
    return Membership.objects.get(group=group, user=user)


# --- Posts ----------------------------------------------------------------------------------


def _clean_body(body: str, *, required: bool) -> str:
    return markup.clean_text(
        body,
        required=required,
        empty=_("Écrivez quelque chose avant de publier."),
        too_long=_("Une publication compte au plus %(max)d caractères (celle-ci en a %(length)d)."),
        error=GroupError,
    )


def _clean_link(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    if len(url) > 500:
        raise GroupError(_("Ce lien est trop long (500 caractères au plus)."))
    if not (
        url.startswith(("https://", "http://"))
        or (url.startswith("/") and not url.startswith("//"))
    ):
        raise GroupError(_("Un lien commence par https:// (ou par / pour une page de l'intranet)."))
    return url


def _set_link(post: Post, url: str) -> None:
    """Store the link and, for an intranet page or document, its Open Graph preview."""

    post.link_url = url
    post.link_title = post.link_description = post.link_image = ""
    post.link_page = post.link_document = None
    if not url:
        return
    target, graph = resolve_intranet_link(url)
    if target is None or graph is None:
        return
    post.link_title = graph["title"][:255]
    post.link_description = graph["description"][:300]
    post.link_image = graph["image"][:500]
    if isinstance(target, LibraryDocument):
        post.link_document = target
    else:
        post.link_page = target


def _create_poll(*, group: Group, author: User, poll: dict):

    question = (poll.get("question") or "").strip()[:300]
    choices = [c.strip()[:200] for c in poll.get("choices", []) if c and c.strip()]
    choices = list(dict.fromkeys(choices))
    if not question:
        raise GroupError(_("Posez la question du sondage."))
    if not 2 <= len(choices) <= 20:
        raise GroupError(_("Un sondage propose de 2 à 20 réponses différentes, une par ligne."))
    created = Poll.objects.create(
        question=question,
        multiple=bool(poll.get("multiple")),
        anonymous=True,
        owner=author,
        in_feed=False,
    )
    PollChoice.objects.bulk_create(
        PollChoice(poll=created, label=label, sort_order=index)
        for index, label in enumerate(choices)
    )
    return created


@transaction.atomic
def post_create(
    *,
    group: Group,
    author: User,
    body: str,
    question: bool = False,
    link_url: str = "",
    images: list[tuple[UploadedFile, str]] = (),
    documents: list[UploadedFile] = (),
    poll: dict | None = None,
    rate_limited: bool = True,
) -> Post:
    """Publish in the group's feed: text, images (with their alternative text), documents
    (stored in the group's drive), a link, a poll; or a question. Nothing is stored unless
    everything is accepted."""

    if not permissions.can_post_in_group(author, group):
        raise PermissionDenied
    images, documents = list(images), list(documents)
    has_extra = bool(images or documents or link_url or poll)
    body = _clean_body(body, required=question or not has_extra)
    link_url = _clean_link(link_url)
    if len(images) > MAX_IMAGES:
        raise GroupError(_("Joignez au plus %(max)d images.") % {"max": MAX_IMAGES})
    if len(documents) > MAX_DOCUMENTS:
        raise GroupError(_("Joignez au plus %(max)d documents.") % {"max": MAX_DOCUMENTS})
    if documents and not permissions.can_upload_to_group(author, group):
        raise GroupError(_("Dans ce groupe, seuls les administrateurs déposent des documents."))
    for _file, alt in images:
        if not (alt or "").strip():
            raise GroupError(
                _(
                    "Décrivez chaque image en quelques mots (texte alternatif) pour les "
                    "collègues qui ne la voient pas."
                )
            )
    if rate_limited and over_limit("group_post", author.pk):
        raise GroupError(
            _(
                "Vous avez publié beaucoup en peu de temps. Patientez un instant : votre texte "
                "est conservé."
            ),
            status=429,
        )
    cleaned_images = [(_clean_image(file), alt.strip()[:250]) for file, alt in images]
    post = Post(
        group=group,
        author=author,
        kind=Post.Kind.QUESTION if question else Post.Kind.POST,
        body=body,
        body_html=render_with_mentions(body),
    )
    _set_link(post, link_url)
    if poll:
        post.poll = _create_poll(group=group, author=author, poll=poll)
    post.save()
    stored = []  # files written so far: the rollback of a refused post does not remove them
    try:
        for position, (content, alt) in enumerate(cleaned_images):
            image = PostImage(post=post, alt=alt, position=position)
            image.file.save(content.name, content, save=False)
            stored.append(image.file)
            image.save()
        folder = group.folder or group_drive_ensure(group)
        for position, uploaded in enumerate(documents):
            try:
                document = document_upload(user=author, folder=folder, uploaded_file=uploaded)
            except filetypes.Rejected as rejected:
                raise GroupError(f"{uploaded.name} : {rejected.message}") from None
            stored.append(document.file)
            PostAttachment.objects.create(post=post, document=document, position=position)
        if cleaned_images or documents:
            post.image_count, post.document_count = len(cleaned_images), len(documents)
            post.save(update_fields=["image_count", "document_count"])
    except BaseException:
        for file in stored:
            file.storage.delete(file.name)
        raise
    queue_after_commit(tasks.notify_group_post, post.pk)
    return post


@transaction.atomic
def post_edit(*, post: Post, user: User, body: str, link_url: str = "") -> Post:
    if user.pk != post.author_id or not post.is_published:
        raise PermissionDenied
    has_extra = post.images.exists() or post.attachments.exists() or post.poll_id or link_url
    post.body = _clean_body(body, required=post.is_question or not has_extra)
    post.body_html = render_with_mentions(post.body)
    _set_link(post, _clean_link(link_url))
    post.edited_at = timezone.now()
    post.save()
    queue_after_commit(tasks.notify_group_post, post.pk)  # newly mentioned colleagues
    return post


@transaction.atomic
def post_delete(*, post: Post, user: User) -> Post:
    """The author (or an administrator) deletes a post: its text, images and link go; the
    documents stay in the group's drive."""
    own = user.pk == post.author_id
    if not own and not permissions.can_admin_group(user, post.group):
        raise PermissionDenied
    for image in post.images.all():
        file_delete_on_commit(image.file)
        image.delete()
    post.attachments.all().delete()
    post.image_count = post.document_count = 0
    post.status = Post.Status.DELETED
    post.body = post.body_html = ""
    _set_link(post, "")
    post.pinned_at = None
    post.save()
    return post


@transaction.atomic
def post_moderate(*, post: Post, admin: User, action: str) -> Post:
    """hide, restore, pin, unpin: the group's administrators."""
    if not permissions.can_admin_group(admin, post.group):
        raise PermissionDenied
    if post.status == Post.Status.DELETED:
        raise GroupError(_("Cette publication a été supprimée."), status=409)
    if action == "hide":
        post.status, post.pinned_at = Post.Status.HIDDEN, None
    elif action == "restore":
        post.status = Post.Status.PUBLISHED
    elif action == "pin" and post.is_published:
        post.pinned_at = timezone.now()
    elif action == "unpin":
        post.pinned_at = None
    else:
        raise GroupError(_("Action inconnue."))
    post.save(update_fields=["status", "pinned_at"])
    return post


@transaction.atomic
def post_answer_choose(*, post: Post, user: User, comment_id: int | None) -> Post:
    """The author of a question picks the best answer among its comments (or takes it back)."""
    from django.contrib.contenttypes.models import ContentType

    if user.pk != post.author_id or not post.is_question or not post.is_published:
        raise PermissionDenied
    answer = None
    if comment_id:
        answer = Comment.objects.filter(
            pk=comment_id,
            target_type=ContentType.objects.get_for_model(Post),
            target_id=post.pk,
            status=Comment.Status.PUBLISHED,
        ).first()
        if answer is None:
            raise GroupError(_("Cette réponse n'existe plus."), status=409)
    post.answer = answer
    post.save(update_fields=["answer"])
    return post
