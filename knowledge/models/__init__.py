"""Knowledge base models: one module per concern (cfpb's layout)."""

from .documents import (
    ExtractionFailure,
    ExtractionStatus,
    LibraryDocument,
    LibraryDocumentVersion,
    ScannedFile,
    ScanStatus,
    ServiceFolder,
)
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
from .search_index import SearchItem
from .search_terms import SearchTermDay
from .search_vocabulary import SearchWord, Synonym
from .taxonomy import Theme

__all__ = [
    "ExtractionFailure",
    "ExtractionStatus",
    "LibraryDocument",
    "LibraryDocumentVersion",
    "ScannedFile",
    "ScanStatus",
    "ServiceFolder",
    "ArticleFeedback",
    "ArticlePage",
    "ArticlePageTag",
    "KnowledgeIndexPage",
    "SectionPage",
    "ServiceFeaturedArticle",
    "SearchItem",
    "SearchTermDay",
    "SearchWord",
    "ServicePage",
    "Synonym",
    "Theme",
    "ThemeFeaturedArticle",
    "ThemePage",
]
