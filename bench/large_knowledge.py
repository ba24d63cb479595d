"""Bench data: 500 articles in one service, all tagged with one theme (issue 3's sizes)."""

from knowledge.models import ArticlePage, ServicePage, Theme

SERVICE_SLUG = "ressources-humaines"
THEME_SLUG = "vie-interne"
COUNT = 500


def run() -> None:
    service_page = ServicePage.objects.get(service__slug=SERVICE_SLUG)
    theme = Theme.objects.get(slug=THEME_SLUG)
    existing = ArticlePage.objects.descendant_of(service_page).filter(slug__startswith="bench-")
    for n in range(existing.count(), COUNT):
        article = ArticlePage(
            title=f"Procédure interne n° {n + 1}",
            slug=f"bench-procedure-{n + 1}",
            lead="Une procédure de démonstration pour mesurer les listes longues.",
            live=True,
        )
        service_page.add_child(instance=article)
        article.themes.set([theme])
        article.save()
