"""A poll inside any StreamField (news, articles, homepage)."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.blocks import SnippetChooserBlock


class PollBlock(SnippetChooserBlock):
    """Renders the poll for the reader: nothing at all when the poll is not for them."""

    def __init__(self, **kwargs):
        super().__init__("polls.Poll", **kwargs)

    class Meta:
        icon = "list-ul"
        label = _("Sondage")
        template = "components/streamfield/poll_block.html"
