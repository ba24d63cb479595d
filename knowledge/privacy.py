"""The knowledge base and the library (cms/core/privacy.py): the documents a person put in the
library (their list and their files) in the export; the library's bin emptied after 30 days
by default; search terms kept only as anonymous daily counts; an article's « utile ? » votes
deleted by an anonymisation. Articles and documents stay: they are the collectivité's
archives."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cms.core.privacy import (
    Activity,
    DataKind,
    ExportedFile,
    ExportPart,
    register_activity,
    register_anonymiser,
    register_data_kind,
    register_export_files,
    register_export_part,
)

from .library.services import BIN_DAYS, library_bin_purge
from .models import ArticleFeedback, LibraryDocument, SearchTermDay


def _documents_of(person):
    return (
        LibraryDocument.objects.filter(uploaded_by_user=person, deleted_at=None)
        .select_related("collection")
        .order_by("pk")
    )


def document_rows(person):
    for document in _documents_of(person).iterator(chunk_size=500):
        yield {
            "title": document.title,
            "folder": document.collection.name,
            "file": document.file.name.rsplit("/", 1)[-1],
            "added": document.created_at,
            "version": document.version_number,
        }


def document_files(person):
    for document in _documents_of(person).iterator(chunk_size=500):
        yield ExportedFile(
            storage_name=document.file.name,
            folder=f"bibliotheque/{document.collection.name}",
            name=document.file.name.rsplit("/", 1)[-1],
            date=document.created_at,
            storage=document.file.storage,
        )


def feedback_rows(person):
    for feedback in ArticleFeedback.objects.filter(user=person).select_related("article"):
        yield {"article": feedback.article.title, "useful": feedback.useful}


def bin_purge(cutoff) -> int:
    return library_bin_purge(cutoff=cutoff)


def search_terms_purge(cutoff) -> int:
    return SearchTermDay.objects.filter(day__lt=cutoff.date()).delete()[0]


def person_anonymise(person, replacement: dict) -> None:
    ArticleFeedback.objects.filter(user=person).delete()


def register() -> None:
    register_activity(
        Activity(
            key="base",
            name=_("Base de connaissances, bibliothèque et recherche"),
            purpose=_(
                "Publier l'information des services et des thèmes, partager les documents de "
                "la collectivité et les retrouver par la recherche."
            ),
            legal_basis=_(
                "Mission d'intérêt public (article 6.1.e du RGPD) ; les documents publiés "
                "relèvent des archives publiques (Code du patrimoine, livre II)."
            ),
            data=_(
                "Auteurs et responsables des pages, personnes qui déposent les documents, "
                "avis « utile ? » sur les articles ; les recherches seulement comptées, "
                "anonymes, par jour."
            ),
            recipients=_("Les lecteurs autorisés de chaque page, dossier ou document."),
            order=40,
        )
    )
    register_data_kind(
        DataKind(
            key="library_bin",
            activity="base",
            label=_("Corbeille de la bibliothèque"),
            days=BIN_DAYS,
            purge=bin_purge,
        )
    )
    register_data_kind(
        DataKind(
            key="search_terms",
            activity="base",
            label=_("Statistiques de recherche (anonymes, par jour)"),
            days=730,
            purge=search_terms_purge,
        )
    )
    register_data_kind(
        DataKind(
            key="documents",
            activity="base",
            label=_("Documents et articles publiés"),
            days=None,
            kept_for=_("Archives publiques : selon les règles d'archivage de la collectivité."),
        )
    )
    register_export_part(
        ExportPart(
            name="documents.json",
            description=_("Les documents que vous avez déposés dans la bibliothèque."),
            rows=document_rows,
            order=50,
        )
    )
    register_export_part(
        ExportPart(
            name="avis-articles.json",
            description=_("Vos avis « Cet article vous a-t-il été utile ? »."),
            rows=feedback_rows,
            order=51,
        )
    )
    register_export_files(document_files)
    register_anonymiser(person_anonymise)
