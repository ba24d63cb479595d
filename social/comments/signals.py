"""A deleted page takes its discussion with it: comments, their reports, and the reactions to
the page and to its comments (generic relations do not cascade by themselves)."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete

from social.reactions.models import Reaction
from social.targets import DiscussionPageMixin

from .models import Comment


def connect() -> None:
    """Listen to the deletion of discussed models only, not to every deletion of every row."""
    for model in apps.get_models():
        if issubclass(model, DiscussionPageMixin):
            post_delete.connect(forget_discussion, sender=model, dispatch_uid=f"discussion-{model}")


def forget_discussion(sender, instance, **kwargs) -> None:
    forget_discussions(type(instance), [instance.pk])


def forget_discussions(model, target_ids: list[int]) -> None:
    """The comments of these objects of `model`, their reports and the reactions to them and
    to the objects (a few statements however many objects: a deleted group's posts)."""

    target_type = ContentType.objects.get_for_model(model)
    comments = Comment.objects.filter(target_type=target_type, target_id__in=target_ids)
    Reaction.objects.filter(
        target_type=ContentType.objects.get_for_model(Comment),
        target_id__in=comments.values("pk"),
    ).delete()
    Reaction.objects.filter(target_type=target_type, target_id__in=target_ids).delete()
    comments.filter(parent__isnull=False).delete()
    comments.delete()
