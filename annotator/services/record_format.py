"""The canonical article record's name and version, shared by the JSON export that writes
it and the import that reads it (services may not import exports: the name lives here)."""

FORMAT = "annotator.article"
#: Bump when the shape changes; annotator/schemas/json-export.schema.json documents each
#: version.
VERSION = 2
