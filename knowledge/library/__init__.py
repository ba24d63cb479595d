"""The document library: file types judged by their content (filetypes.py), text and
previews (extraction.py), service folders (folders.py), folder rights in Wagtail's admin
(permissions.py), its pages (views.py, urls.py) and its place in search (search.py).

The models (LibraryDocument, its versions, ServiceFolder) stay in knowledge/models/documents.py
under the `knowledge` label: `WAGTAILDOCS_DOCUMENT_MODEL` and the migrations name them there,
and moving them would only risk a migration of Wagtail's document model for no gain."""
