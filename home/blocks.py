"""StreamField blocks of news items (and, later, of other editorial pages)."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from cms.core.blocks import (
    CallToActionBlock,
    DocumentLinkBlock,
    ImageBlock,
    QuoteBlock,
    VideoBlock,
)
from social.polls.blocks import PollBlock


class NewsBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Texte"),
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"],
        template="components/streamfield/paragraph_block.html",
    )
    image = ImageBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    call_to_action = CallToActionBlock()
    poll = PollBlock()


class HomeBodyBlock(blocks.StreamBlock):
    """What the communication team puts beside the news on the homepage."""

    paragraph = blocks.RichTextBlock(
        label=_("Texte"),
        features=["bold", "italic", "ol", "ul", "link"],
        template="components/streamfield/paragraph_block.html",
    )
    call_to_action = CallToActionBlock()
    poll = PollBlock()
