"""The document library: Parvis's Wagtail document model, its earlier versions and the folders
(Wagtail collections) that belong to a service.

Folders are Wagtail collections. Who may *see* a folder is a collection view restriction (to some
groups); who may *add* or *edit* is a collection permission, as in Wagtail's admin. The rules
themselves live in `knowledge/library/selectors.py`.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.documents.models import AbstractDocument, DocumentQuerySet
from wagtail.models import Collection
from wagtail.search import index

from cms.core.fields import KeyListField
from knowledge.library import filetypes
from knowledge.library.antivirus import antivirus_enabled, may_be_served

from .taxonomy import theme_names


def document_upload_to(instance: LibraryDocument, filename: str) -> str:
    """Files are stored under a generated folder: two documents never share a path, and no
    name chosen by an uploader decides where a file lands."""
    return f"documents/{uuid.uuid4().hex[:16]}/{filetypes.sanitise_filename(filename)}"


def preview_upload_to(instance: LibraryDocument, filename: str) -> str:
    return f"document_previews/{uuid.uuid4().hex[:16]}.png"


def file_digests(field_file) -> tuple[int, str, str]:
    """(size, SHA-256, SHA-1) of a file, read in chunks (a 100 MB upload is never in memory)."""
    sha256 = hashlib.sha256()
    sha1 = hashlib.sha1(usedforsecurity=False)
    size = 0
    field_file.open("rb")
    field_file.seek(0)
    for chunk in field_file.chunks(1024 * 1024):
        sha256.update(chunk)
        sha1.update(chunk)
        size += len(chunk)
    field_file.seek(0)
    return size, sha256.hexdigest(), sha1.hexdigest()


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("En attente d'analyse")
    DONE = "done", _("Texte extrait")
    FAILED = "failed", _("Échec de l'analyse")


class ScanStatus(models.TextChoices):
    """What the antivirus (optional, knowledge/library/antivirus.py) said of the current file."""

    UNSCANNED = "unscanned", _("Non analysé (pas d'antivirus)")
    PENDING = "pending", _("En attente d'analyse antivirus")
    CLEAN = "clean", _("Analysé par l'antivirus")
    INFECTED = "infected", _("Mis en quarantaine : virus détecté")


class ScannedFile:
    """What a stored file with a `scan_status` answers (library documents, message files)."""

    @property
    def downloadable(self) -> bool:
        return may_be_served(self.scan_status)

    @property
    def quarantined(self) -> bool:
        return self.scan_status == ScanStatus.INFECTED


class ExtractionFailure(models.TextChoices):
    """Why the text of a file could not be read, told to people in their language."""

    CORRUPT = "corrupt", _("Le fichier est endommagé ou illisible.")
    ENCRYPTED = "encrypted", _("Le fichier est protégé par un mot de passe.")
    TOO_LARGE = (
        "too_large",
        _("Le fichier se décompresse en un volume anormalement grand : il n'a pas été analysé."),
    )
    TIMEOUT = "timeout", _("L'analyse a pris trop de temps et a été interrompue.")
    UNSUPPORTED = "unsupported", _("Ce format ne permet pas d'extraire le texte.")
    GAVE_UP = "gave_up", _("L'analyse a échoué plusieurs fois ; le fichier a été mis de côté.")
    MISSING = "missing", _("Le fichier est introuvable sur le serveur.")
    INFECTED = "infected", _("L'antivirus a détecté un virus : le fichier est en quarantaine.")


class LibraryDocumentQuerySet(DocumentQuerySet):
    def for_listing(self):
        return self.select_related("service", "collection").defer("extracted_text")


class LibraryDocument(ScannedFile, AbstractDocument):
    """A file of the library: what it is about, its text, and the state of its analysis."""

    file = models.FileField(upload_to=document_upload_to, verbose_name=_("fichier"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    service = models.ForeignKey(
        "people.Service",
        verbose_name=_("service concerné"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    themes = models.ManyToManyField(
        "knowledge.Theme", verbose_name=_("thèmes"), blank=True, related_name="documents"
    )
    # The theme ids, for search's theme facet (kept in step by knowledge/library/signals.py).
    search_themes = KeyListField()
    mime_type = models.CharField(_("type de fichier"), max_length=120, blank=True, editable=False)
    checksum = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True, editable=False)
    version_number = models.PositiveIntegerField(_("version"), default=1, editable=False)
    file_updated_at = models.DateTimeField(_("fichier déposé le"), default=timezone.now)
    file_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fichier déposé par"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file_updated_by.wagtail_reference_index_ignore = True

    # The bin: a deleted document stays 30 days, restorable by the editors of its folder, then
    # a nightly task deletes it and its files (knowledge.library.services.library_bin_purge).
    deleted_at = models.DateTimeField(_("supprimé le"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supprimé par"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deleted_by.wagtail_reference_index_ignore = True

    extracted_text = models.TextField(_("texte extrait"), blank=True, editable=False)
    text_truncated = models.BooleanField(_("texte tronqué"), default=False, editable=False)
    page_count = models.PositiveIntegerField(_("nombre de pages"), null=True, editable=False)
    language = models.CharField(_("langue"), max_length=8, blank=True, editable=False)
    extraction_status = models.CharField(
        _("analyse"),
        max_length=10,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_failure = models.CharField(
        _("raison de l'échec"),
        max_length=20,
        choices=ExtractionFailure.choices,
        blank=True,
        editable=False,
    )
    extraction_detail = models.CharField(max_length=300, blank=True, editable=False)
    extraction_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    extraction_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    extracted_checksum = models.CharField(max_length=64, blank=True, editable=False)
    # The antivirus: a file is served only once it is « clean » (or when there is no antivirus);
    # an infected one stays in quarantine, never served, never analysed.
    scan_status = models.CharField(
        _("antivirus"),
        max_length=10,
        choices=ScanStatus.choices,
        default=ScanStatus.UNSCANNED,
        editable=False,
    )
    scan_signature = models.CharField(
        _("virus détecté"), max_length=200, blank=True, editable=False
    )
    scanned_at = models.DateTimeField(_("analysé par l'antivirus le"), null=True, editable=False)
    preview = models.FileField(
        upload_to=preview_upload_to, blank=True, editable=False, max_length=255
    )

    admin_form_fields = (
        "title",
        "file",
        "collection",
        "description",
        "service",
        "themes",
        "tags",
    )

    objects = LibraryDocumentQuerySet.as_manager()

    # A document's title weighs what a page's title weighs (Wagtail gives documents 10, pages
    # 2), so a file named like the query does not outrank the procedure page. Tags and themes are
    # read from names fetched once per chunk (`tag_names`, `theme_names`): Wagtail's related
    # fields made django-taggit build a query per document, half the time of a reindex.
    search_fields = [
        index.SearchField("title", boost=2)
        if isinstance(field, index.SearchField) and field.field_name == "title"
        else field
        for field in AbstractDocument.search_fields
        if not (isinstance(field, index.RelatedFields) and field.field_name == "tags")
    ] + [
        index.SearchField("tag_names", boost=10),
        index.AutocompleteField("tag_names"),
        index.SearchField("description", boost=2),
        # The text inside files is searched through the site's search rows (SearchItem), not
        # indexed a second time here (the admin searches titles and descriptions).
        index.FilterField("collection_id"),
        index.FilterField("service_id"),
        index.FilterField("mime_type"),
        index.FilterField("file_updated_at"),
        index.FilterField("file_size"),
        index.FilterField("search_themes"),
        index.FilterField("deleted_at"),  # the admin's choosers leave out the bin
        index.SearchField("theme_names"),
    ]

    @classmethod
    def get_indexed_objects(cls):
        return cls.with_tag_names(super().get_indexed_objects())

    @staticmethod
    def with_tag_names(queryset):
        """`queryset` fetching its documents' tags in one query (see `tag_names`)."""
        return queryset.prefetch_related(models.Prefetch("tags", to_attr="fetched_tags"))

    def tag_names(self) -> list[str]:
        tags = getattr(self, "fetched_tags", None)
        return [tag.name for tag in (self.tags.all() if tags is None else tags)]

    def theme_names(self) -> list[str]:
        return theme_names(self.search_themes)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("choose_document", "Can choose document")]
        indexes = [models.Index(fields=["extraction_status", "file_updated_at"])]

    def save(self, *args, **kwargs) -> None:
        """A new file (upload, new version, restore, admin edit) gets its fingerprint and type
        computed and its analysis reset; the file it replaces is kept as an earlier version."""
        update_fields = kwargs.get("update_fields")
        previous = None
        self._file_changed = False
        if self.file and (update_fields is None or "file" in update_fields):
            if self.pk:
                previous = type(self).objects.filter(pk=self.pk).first()
            self._file_changed = (
                not self.file._committed or previous is None or previous.file != self.file.name
            )
        if not self._file_changed:
            previous = None
        if self._file_changed:
            self._prepare_new_file(previous)
        super().save(*args, **kwargs)
        if previous is not None and previous.file:
            LibraryDocumentVersion.archive(previous)

    def _prepare_new_file(self, previous: LibraryDocument | None) -> None:
        self.file_size, self.checksum, self.file_hash = file_digests(self.file)
        # Not `with`: closing an upload's temporary file would delete it before it is stored.
        detected = filetypes.identify(self.file, self.file.name)
        if detected is not None:
            self.mime_type = detected.mime_type
        self.file_updated_at = timezone.now()
        if previous is not None:
            self.version_number = previous.version_number + 1
        self.extraction_status = ExtractionStatus.PENDING
        self.scan_status = ScanStatus.PENDING if antivirus_enabled() else ScanStatus.UNSCANNED
        self.scan_signature = ""
        self.scanned_at = None
        self.extraction_failure = ""
        self.extraction_detail = ""
        self.extraction_attempts = 0
        self.extraction_started_at = None
        self.extracted_text = ""
        self.text_truncated = False
        self.page_count = None
        self.language = ""

    @property
    def content_type(self) -> str:
        return self.mime_type or super().content_type

    @property
    def content_disposition(self) -> str:
        # Everything is downloaded, never opened by the browser in the intranet's origin: a PDF
        # or an HTML page can carry scripts. Previews (re-encoded PNG) are what is shown inline.
        return filetypes.attachment_disposition(self.filename)

    @cached_property
    def kind(self) -> filetypes.FileKind | None:
        return filetypes.kind_for_mime(self.mime_type)

    @property
    def type_label(self) -> str:
        return self.kind.label if self.kind else self.file_extension.upper()

    @property
    def is_pending(self) -> bool:
        return self.extraction_status == ExtractionStatus.PENDING

    @property
    def failure_message(self) -> str:
        if self.extraction_status != ExtractionStatus.FAILED:
            return ""
        return str(ExtractionFailure(self.extraction_failure or "corrupt").label)


class LibraryDocumentVersion(models.Model):
    """An earlier file of a document, kept when it was replaced."""

    document = models.ForeignKey(
        LibraryDocument,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(upload_to=document_upload_to, verbose_name=_("fichier"), max_length=255)
    filename = models.CharField(_("nom du fichier"), max_length=255)
    mime_type = models.CharField(_("type de fichier"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("taille"), null=True)
    checksum = models.CharField(_("empreinte SHA-256"), max_length=64, blank=True)
    uploaded_at = models.DateTimeField(_("déposé le"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_at = models.DateTimeField(_("remplacé le"), default=timezone.now)

    class Meta:
        verbose_name = _("version de document")
        verbose_name_plural = _("versions de documents")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="knowledge_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} (v{self.number})"

    @classmethod
    def archive(cls, previous: LibraryDocument) -> LibraryDocumentVersion:
        """Keep `previous`'s file as an earlier version. The file stays where it is: nothing in
        Parvis deletes a replaced file (the admin form is told not to), only a deleted version
        or document takes its files away (knowledge/library/signals.py)."""
        return cls.objects.create(
            document_id=previous.pk,
            number=previous.version_number,
            file=previous.file.name,
            filename=previous.filename,
            mime_type=previous.mime_type,
            file_size=previous.file_size,
            checksum=previous.checksum,
            uploaded_at=previous.file_updated_at,
            uploaded_by_id=previous.file_updated_by_id or previous.uploaded_by_user_id,
        )

    @property
    def content_disposition(self) -> str:
        return filetypes.attachment_disposition(self.filename)


class ServiceFolder(models.Model):
    """The library folder (a Wagtail collection) of a service."""

    service = models.OneToOneField(
        "people.Service", on_delete=models.CASCADE, related_name="library_folder"
    )
    collection = models.OneToOneField(
        Collection, on_delete=models.CASCADE, related_name="service_folder"
    )
    members_group = models.ForeignKey(
        "auth.Group", on_delete=models.PROTECT, related_name="service_folders"
    )

    class Meta:
        verbose_name = _("dossier de service")
        verbose_name_plural = _("dossiers de service")

    def __str__(self) -> str:
        return self.collection.name
