-- housingkit PostgreSQL store, version 2: documents, the JSON records that
-- the layers above the store keep (casework's proposals, contracts,
-- journal), by collection and identifier, with a reference they are
-- selected by. Row-level security as on every table.
CREATE TABLE housingkit.documents (
    tenant     text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    collection text COLLATE "C" NOT NULL CHECK (collection <> ''),
    id         text COLLATE "C" NOT NULL,
    version    bigint NOT NULL CHECK (version >= 1),
    ref        text COLLATE "C",
    doc        jsonb  NOT NULL CHECK (jsonb_typeof(doc) = 'object'),
    PRIMARY KEY (tenant, collection, id)
);
CREATE INDEX documents_ref ON housingkit.documents (tenant, collection, ref, id);
ALTER TABLE housingkit.documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE housingkit.documents FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON housingkit.documents
    USING (tenant = current_setting('housingkit.tenant', true))
    WITH CHECK (tenant = current_setting('housingkit.tenant', true));
GRANT SELECT, INSERT, UPDATE ON housingkit.documents TO housingkit_app;
