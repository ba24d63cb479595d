from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_content_generation
from .models import NewsPage
from .reading import requirement_sync


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def bump_on_page_change(sender, **kwargs) -> None:
    bump_content_generation()


@receiver(post_save, sender="wagtailcore.PageViewRestriction")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction")
@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def bump_on_restriction_change(sender, **kwargs) -> None:
    bump_content_generation()


@receiver(post_save)
@receiver(post_delete)
def bump_on_page_save_or_delete(sender, instance, **kwargs) -> None:
    """Any page written outside the publishing actions (imports, scripts, moves) counts too."""
    if isinstance(instance, Page):
        bump_content_generation()


@receiver(post_save, sender="wagtailcore.Site")
@receiver(post_save, sender="home.OrganisationSettings")
@receiver(post_save, sender="people.Service")
@receiver(post_delete, sender="people.Service")
@receiver(post_save, sender="knowledge.Theme")
@receiver(post_delete, sender="knowledge.Theme")
def bump_on_site_change(sender, **kwargs) -> None:
    bump_content_generation()


@receiver(page_published)
def sync_read_requirement(sender, instance, **kwargs) -> None:
    """A news item published with « lecture obligatoire »: its record, with the audience of now."""
    if isinstance(instance, NewsPage):
        requirement_sync(instance)
