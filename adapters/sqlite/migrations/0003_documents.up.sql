-- housingkit SQLite store, version 3: documents, the JSON records that the
-- layers above the store keep (casework's proposals, contracts, journal),
-- by collection and identifier, with a reference they are selected by.
CREATE TABLE documents (
    tenant     TEXT NOT NULL,
    collection TEXT NOT NULL CHECK (collection <> ''),
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    ref        TEXT,
    body       TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, collection, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX documents_ref ON documents (tenant, collection, ref, id);
