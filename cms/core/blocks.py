"""StreamField blocks shared by every kind of page (news, home, knowledge articles): images
with their alternative text, videos from the library, quotes, document links, calls to action.
Infrastructure: imports no app."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

VIDEO_EXTENSIONS = {"mp4", "webm", "ogv", "ogg"}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("texte alternatif"),
        max_length=250,
        required=False,
        help_text=_("Décrit l'image pour qui ne la voit pas. Laissez vide si elle est décorative."),
    )
    caption = blocks.CharBlock(label=_("légende"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/streamfield/image_block.html"


class VideoBlock(blocks.StructBlock):
    """A video file from the document library, played by the browser: no third-party player."""

    video = DocumentChooserBlock(
        label=_("fichier vidéo"), help_text=_("Un fichier MP4 ou WebM de la médiathèque.")
    )
    title = blocks.CharBlock(label=_("titre"), max_length=200)
    caption = blocks.CharBlock(label=_("légende"), max_length=250, required=False)
    transcript = blocks.TextBlock(
        label=_("transcription"),
        required=False,
        help_text=_("Le texte de la vidéo, pour les personnes sourdes ou malentendantes."),
    )

    class Meta:
        icon = "media"
        label = _("Vidéo")
        template = "components/streamfield/video_block.html"

    def clean(self, value):
        cleaned = super().clean(value)
        document = cleaned.get("video")
        if document is not None and document.file_extension.lower() not in VIDEO_EXTENSIONS:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "video": ValidationError(_("Choisissez un fichier vidéo (MP4, WebM ou Ogg)."))
                }
            )
        return cleaned


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur"), max_length=200, required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "components/streamfield/quote_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("intitulé du lien"),
        max_length=200,
        required=False,
        help_text=_("Par défaut, le titre du document."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "components/streamfield/document_block.html"


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("texte"), max_length=250)
    label = blocks.CharBlock(label=_("libellé du bouton"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page de l'intranet"), required=False)
    url = blocks.URLBlock(label=_("ou adresse"), required=False)

    class Meta:
        icon = "pick"
        label = _("Appel à l'action")
        template = "components/streamfield/call_to_action_block.html"

    def clean(self, value):
        cleaned = super().clean(value)
        if bool(cleaned.get("page")) == bool(cleaned.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Indiquez soit une page, soit une adresse."))
                }
            )
        return cleaned
