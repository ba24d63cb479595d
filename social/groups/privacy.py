"""Groups (cms/core/privacy.py): a person's memberships, posts and the pictures of their posts
in their export; a departure takes them out of every group (their posts stay in the feed)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportedFile,
    ExportPart,
    register_activity,
    register_data_kind,
    register_departure_step,
    register_export_files,
    register_export_part,
    register_mention_text,
)

from .models import Membership, Post, PostImage


def membership_rows(person):
    for membership in Membership.objects.filter(user=person).select_related("group"):
        yield {
            "group": membership.group.name,
            "role": membership.get_role_display(),
            "state": membership.get_state_display(),
            "joined": membership.joined_at,
            "notifications": membership.get_notifications_display(),
        }


def post_rows(person):
    posts = (
        Post.objects.filter(author=person)
        .exclude(status=Post.Status.DELETED)
        .select_related("group")
        .order_by("pk")
    )
    for post in posts.iterator(chunk_size=500):
        yield {
            "date": post.created_at,
            "edited": post.edited_at,
            "group": post.group.name,
            "kind": post.get_kind_display(),
            "text": post.body,
            "link": post.link_url,
            "status": post.get_status_display(),
        }


def post_image_files(person):
    images = PostImage.objects.filter(post__author=person).exclude(post__status=Post.Status.DELETED)
    for image in images.select_related("post__group").iterator(chunk_size=500):
        yield ExportedFile(
            storage_name=image.file.name,
            folder=f"groupes/{image.post.group.name}",
            name=image.file.name.rsplit("/", 1)[-1],
            date=image.post.created_at,
            storage=image.file.storage,
        )


def people_departed(person_ids: list[int]) -> None:
    Membership.objects.filter(user_id__in=person_ids).delete()


def register() -> None:
    register_activity(
        Activity(
            key="groupes",
            name=_("Groupes, fils et espaces de documents"),
            purpose=_(
                "Permettre aux services et aux équipes projet d'échanger et de partager des "
                "documents dans des groupes ouverts, fermés ou secrets."
            ),
            legal_basis=_("Mission d'intérêt public (article 6.1.e du RGPD)."),
            data=_("Adhésions et rôles, publications, images et documents partagés."),
            recipients=_("Les membres de chaque groupe (tous les agents pour un groupe ouvert)."),
            order=60,
        )
    )
    register_data_kind(
        DataKind(
            key="posts",
            activity="groupes",
            label=_("Publications des groupes"),
            days=None,
            kept_for=_("Aussi longtemps que le groupe."),
        )
    )
    register_export_part(
        ExportPart(
            name="groupes.json",
            description=_("Vos groupes, votre rôle et vos préférences dans chacun."),
            rows=membership_rows,
            order=40,
        )
    )
    register_export_part(
        ExportPart(
            name="publications.json",
            description=_("Vos publications dans les groupes."),
            rows=post_rows,
            order=41,
        )
    )
    register_export_files(post_image_files)
    register_departure_step(people_departed)
    register_mention_text(Post, "body", "body_html")
