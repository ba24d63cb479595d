"""The document library: documents and their versions, folders, file types, extraction."""
