"""Knowledge base models: one module per concern (cfpb's layout)."""

from .feedback import ArticleFeedback
from .pages import (
    ArticlePage,
    ArticlePageTag,
    KnowledgeIndexPage,
    SectionPage,
    ServiceFeaturedArticle,
    ServicePage,
    ThemeFeaturedArticle,
    ThemePage,
)
from .taxonomy import Theme

__all__ = [
    "ArticleFeedback",
    "ArticlePage",
    "ArticlePageTag",
    "KnowledgeIndexPage",
    "SectionPage",
    "ServiceFeaturedArticle",
    "ServicePage",
    "Theme",
    "ThemeFeaturedArticle",
    "ThemePage",
]
