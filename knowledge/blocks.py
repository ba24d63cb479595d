"""StreamField blocks of knowledge articles: procedures people follow, step by step."""

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from cms.core.blocks import DocumentLinkBlock, ImageBlock, VideoBlock
from social.polls.blocks import PollBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    """A section title; the article's table of contents is built from these."""

    text = blocks.CharBlock(label=_("titre"), max_length=150)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "components/streamfield/heading_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = heading_anchor(value["text"])
        return context


def heading_anchor(text: str) -> str:
    return "section-" + (slugify(text) or "sans-titre")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("type"),
        choices=[
            ("info", _("Information")),
            ("warning", _("Attention")),
            ("success", _("Bon à savoir")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("titre"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("texte"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Encadré")
        template = "components/streamfield/callout_block.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("étape"), max_length=150)
    text = blocks.RichTextBlock(label=_("détail"), features=RICH_TEXT_FEATURES, required=False)


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre de la procédure"), max_length=150, required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("étapes"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Procédure pas à pas")
        template = "components/streamfield/steps_block.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("réponse"), features=RICH_TEXT_FEATURES)


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=150, required=False)
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions fréquentes")
        template = "components/streamfield/faq_block.html"


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        label=_("titre du tableau"),
        max_length=200,
        help_text=_("Décrit le tableau pour les lecteurs d'écran."),
    )
    table = TypedTableBlock(
        [
            ("text", blocks.CharBlock(label=_("texte"))),
            ("number", blocks.DecimalBlock(label=_("nombre"))),
            ("rich_text", blocks.RichTextBlock(label=_("texte riche"), features=["bold", "link"])),
        ],
        label=_("tableau"),
    )

    class Meta:
        icon = "table"
        label = _("Tableau")
        template = "components/streamfield/table_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Texte"),
        features=RICH_TEXT_FEATURES,
        template="components/streamfield/paragraph_block.html",
    )
    callout = CalloutBlock()
    steps = StepsBlock()
    faq = FAQBlock()
    table = TableBlock()
    image = ImageBlock()
    video = VideoBlock()
    document = DocumentLinkBlock()
    poll = PollBlock()
