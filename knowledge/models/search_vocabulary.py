"""What search knows about words: the synonyms editors declare (Recherche › Synonymes), and
the words of the searchable items, by who may read them (the vocabulary typing mistakes are
corrected from: knowledge/search/words.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

MAX_EQUIVALENTS = 12


class Synonym(models.Model):
    """« vacances » ⇄ « congés »; « DRH » → « ressources humaines ». Applied when a search is
    made, so a change takes effect at once, without rebuilding the index."""

    term = models.CharField(
        _("mot ou expression"),
        max_length=100,
        help_text=_("Ce que les agents tapent : « vacances », « ticket resto », « DRH »."),
    )
    equivalents = models.CharField(
        _("équivalents"),
        max_length=500,
        help_text=_(
            "Les mots ou expressions cherchés aussi, séparés par des virgules : "
            "« congés, congés annuels »."
        ),
    )
    two_way = models.BooleanField(
        _("dans les deux sens"),
        default=True,
        help_text=_(
            "Coché : chercher un équivalent trouve aussi le mot (vacances ⇄ congés). "
            "Décoché : seulement du mot vers ses équivalents (DRH → ressources humaines)."
        ),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    panels = [FieldPanel("term"), FieldPanel("equivalents"), FieldPanel("two_way")]

    class Meta:
        verbose_name = _("synonyme")
        verbose_name_plural = _("synonymes")
        ordering = ["term"]
        constraints = [models.UniqueConstraint(Lower("term"), name="knowledge_synonym_unique_term")]

    def __str__(self) -> str:
        arrow = "⇄" if self.two_way else "→"
        return f"{self.term} {arrow} {self.equivalents}"

    def equivalent_list(self) -> list[str]:
        return [part.strip() for part in self.equivalents.split(",") if part.strip()]

    def clean(self) -> None:
        self.term = " ".join(self.term.split())
        equivalents = self.equivalent_list()
        if not any(char.isalnum() for char in self.term):
            raise ValidationError({"term": _("Écrivez un mot ou une expression.")})
        if not equivalents:
            raise ValidationError(
                {"equivalents": _("Écrivez au moins un équivalent (séparés par des virgules).")}
            )
        if len(equivalents) > MAX_EQUIVALENTS:
            raise ValidationError(
                {"equivalents": _("Douze équivalents au plus : créez plutôt un autre synonyme.")}
            )
        if any(part.lower() == self.term.lower() for part in equivalents):
            raise ValidationError(
                {"equivalents": _("Un mot n'est pas son propre équivalent : retirez-le.")}
            )
        self.equivalents = ", ".join(equivalents)


class SearchWord(models.Model):
    """A word of the searchable items (folded: lower case, no accents), for one access key of
    the items holding it: a reader's typing mistakes are corrected only from the words of what
    they may read. Written with each search row, rebuilt every six hours (words of removed
    items go)."""

    word = models.CharField(max_length=40)
    access = models.CharField(max_length=120)
    items = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["access", "word"], name="knowledge_searchword_unique")
        ]

    def __str__(self) -> str:
        return self.word
