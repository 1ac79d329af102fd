-- housingkit schema for PostgreSQL, version 1: every tenant table, its
-- constraints, row-level security and the runtime role's privileges.
--
-- Runs as housingkit_owner (Migrate switches to it), inside the schema
-- housingkit that Migrate creates before the first migration. Every table
-- is a tenant table: its first column is tenant, and its primary key and
-- every unique constraint lead with it (so that Citus can distribute every
-- table by tenant and co-locate them).

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA housingkit;

-- Identifiers are compared and sorted in byte order (COLLATE "C"), as
-- store.Page says, whatever the database's collation. The tenant column is
-- checked for its length only: the store validates tenant names before it
-- sets them, and row-level security admits only rows of the tenant set (a
-- regular expression per row would double the cost of a bulk import).

CREATE TABLE housingkit.owners (
    tenant  text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id      text COLLATE "C"   NOT NULL,
    version bigint NOT NULL CHECK (version >= 1),
    name    text   NOT NULL,
    kind    text COLLATE "C"   NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE housingkit.facilities (
    tenant       text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id           text COLLATE "C"    NOT NULL,
    version      bigint  NOT NULL CHECK (version >= 1),
    owner_id     text COLLATE "C",
    programme_id text COLLATE "C",
    municipality text    NOT NULL,
    sub_area     text,
    bed_capacity integer NOT NULL CHECK (bed_capacity >= 1),
    doc          jsonb   NOT NULL,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, owner_id) REFERENCES housingkit.owners (tenant, id)
);
CREATE INDEX facilities_owner ON housingkit.facilities (tenant, owner_id) WHERE owner_id IS NOT NULL;

-- The vacancy registry. Money is NUMERIC (exact, any number of digits),
-- dates are date.
CREATE TABLE housingkit.units (
    tenant          text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id              text COLLATE "C"    NOT NULL,
    version         bigint  NOT NULL CHECK (version >= 1),
    facility_id     text COLLATE "C",
    programme_id    text COLLATE "C",
    owner_id        text COLLATE "C",
    kind            text COLLATE "C"    NOT NULL,
    beds            integer NOT NULL CHECK (beds >= 1),
    bedrooms        integer NOT NULL CHECK (bedrooms >= 0),
    area_sqm        numeric NOT NULL CHECK (area_sqm >= 0),
    step_free       boolean NOT NULL,
    rent            numeric NOT NULL CHECK (rent >= 0),
    service_charges numeric NOT NULL CHECK (service_charges >= 0),
    contract        text    NOT NULL,
    available_from  date    NOT NULL,
    available_until date CHECK (available_until >= available_from),
    municipality    text,
    sub_area        text,
    restrictions    jsonb   NOT NULL,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, facility_id) REFERENCES housingkit.facilities (tenant, id),
    FOREIGN KEY (tenant, owner_id) REFERENCES housingkit.owners (tenant, id)
);
CREATE INDEX units_facility ON housingkit.units (tenant, facility_id) WHERE facility_id IS NOT NULL;
CREATE INDEX units_owner ON housingkit.units (tenant, owner_id) WHERE owner_id IS NOT NULL;

-- Households are kept whole as JSON (members, incomes, needs); amounts in
-- the JSON are decimal strings, never binary floating point.
CREATE TABLE housingkit.households (
    tenant  text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id      text COLLATE "C"   NOT NULL,
    version bigint NOT NULL CHECK (version >= 1),
    doc     jsonb  NOT NULL,
    PRIMARY KEY (tenant, id)
);

CREATE TABLE housingkit.referrals (
    tenant       text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id           text COLLATE "C"   NOT NULL,
    version      bigint NOT NULL CHECK (version >= 1),
    household_id text COLLATE "C"   NOT NULL,
    programme_id text COLLATE "C"   NOT NULL,
    date         date   NOT NULL,
    doc          jsonb  NOT NULL,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, household_id) REFERENCES housingkit.households (tenant, id)
);
CREATE INDEX referrals_household ON housingkit.referrals (tenant, household_id, date, id);

-- The append-only trail of eligibility decisions.
CREATE TABLE housingkit.decisions (
    tenant          text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id              text COLLATE "C"   NOT NULL,
    seq             bigint GENERATED ALWAYS AS IDENTITY,
    household_id    text COLLATE "C"   NOT NULL,
    referral_id     text COLLATE "C",
    ruleset_id      text   NOT NULL,
    ruleset_version text   NOT NULL,
    variant_ids     text[] NOT NULL,
    date            date   NOT NULL,
    outcome         text   NOT NULL,
    asked_by        text   NOT NULL,
    decision        json   NOT NULL,
    PRIMARY KEY (tenant, id),
    UNIQUE (tenant, seq),
    FOREIGN KEY (tenant, household_id) REFERENCES housingkit.households (tenant, id),
    FOREIGN KEY (tenant, referral_id) REFERENCES housingkit.referrals (tenant, id)
);
CREATE INDEX decisions_household ON housingkit.decisions (tenant, household_id, seq);
CREATE INDEX decisions_referral ON housingkit.decisions (tenant, referral_id) WHERE referral_id IS NOT NULL;

-- Stays. stay is the period the tenancy occupies its unit (store.Stay),
-- computed by the database from the status, start and exit date, so that
-- no caller can get it wrong; the two exclusion constraints make an
-- overlapping stay in one unit, or two overlapping stays of one household,
-- impossible whatever the SQL that writes them.
CREATE TABLE housingkit.tenancies (
    tenant       text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id           text COLLATE "C"   NOT NULL,
    version      bigint NOT NULL CHECK (version >= 1),
    household_id text COLLATE "C"   NOT NULL,
    unit_id      text COLLATE "C"   NOT NULL,
    referral_id  text COLLATE "C",
    status       text   NOT NULL,
    start        date,
    exit_date    date,
    stay         daterange GENERATED ALWAYS AS (
        CASE
            WHEN start IS NULL THEN NULL
            WHEN status IN ('active', 'renewed') THEN daterange(start, NULL, '[)')
            WHEN status = 'ended' AND exit_date > start THEN daterange(start, exit_date, '[)')
        END) STORED,
    doc          jsonb  NOT NULL,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, household_id) REFERENCES housingkit.households (tenant, id),
    FOREIGN KEY (tenant, unit_id) REFERENCES housingkit.units (tenant, id),
    FOREIGN KEY (tenant, referral_id) REFERENCES housingkit.referrals (tenant, id),
    CONSTRAINT tenancies_unit_no_overlap
        EXCLUDE USING gist (tenant WITH =, unit_id WITH =, stay WITH &&),
    CONSTRAINT tenancies_household_no_overlap
        EXCLUDE USING gist (tenant WITH =, household_id WITH =, stay WITH &&)
);
-- The exclusion constraints' GiST indexes, which lead with (tenant,
-- unit_id) and (tenant, household_id), also serve the lookups by unit and
-- by household.
CREATE INDEX tenancies_running ON housingkit.tenancies (tenant, id) WHERE status IN ('active', 'renewed');

-- Every version of every tenancy, as written; never changed.
CREATE TABLE housingkit.tenancy_versions (
    tenant     text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    tenancy_id text COLLATE "C"   NOT NULL,
    version    bigint NOT NULL CHECK (version >= 1),
    doc        jsonb  NOT NULL,
    PRIMARY KEY (tenant, tenancy_id, version)
    -- No foreign key: each row is written by the statement that writes the
    -- tenancy, and tenancies are never deleted (the runtime role may not).
);

CREATE TABLE housingkit.care_plans (
    tenant       text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    id           text COLLATE "C"   NOT NULL,
    version      bigint NOT NULL CHECK (version >= 1),
    household_id text COLLATE "C"   NOT NULL,
    tenancy_id   text COLLATE "C",
    start        date   NOT NULL,
    doc          jsonb  NOT NULL,
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, household_id) REFERENCES housingkit.households (tenant, id),
    FOREIGN KEY (tenant, tenancy_id) REFERENCES housingkit.tenancies (tenant, id)
);
CREATE INDEX care_plans_household ON housingkit.care_plans (tenant, household_id, start, id);

-- The ranked waiting lists: one entry per programme and household.
CREATE TABLE housingkit.waiting_list (
    tenant       text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    programme_id text COLLATE "C"    NOT NULL,
    household_id text COLLATE "C"    NOT NULL,
    version      bigint  NOT NULL CHECK (version >= 1),
    decision_id  text COLLATE "C",
    score        numeric NOT NULL,
    since        date    NOT NULL,
    PRIMARY KEY (tenant, programme_id, household_id),
    FOREIGN KEY (tenant, household_id) REFERENCES housingkit.households (tenant, id),
    FOREIGN KEY (tenant, decision_id) REFERENCES housingkit.decisions (tenant, id)
);
CREATE INDEX waiting_list_rank ON housingkit.waiting_list (tenant, programme_id, score DESC, since, household_id);
CREATE INDEX waiting_list_household ON housingkit.waiting_list (tenant, household_id);

-- The audit trail: one row per successful write, identifiers only.
CREATE TABLE housingkit.audit (
    tenant    text COLLATE "C" NOT NULL CHECK (octet_length(tenant) BETWEEN 1 AND 63),
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    at        timestamptz NOT NULL,
    actor     text   NOT NULL,
    kind      text COLLATE "C"   NOT NULL,
    record_id text COLLATE "C"   NOT NULL,
    action    text   NOT NULL,
    version   bigint NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX audit_record ON housingkit.audit (tenant, kind, record_id, seq);

-- The trails are append-only for everybody, the owner included: a trigger
-- refuses UPDATE, DELETE and TRUNCATE (the runtime role lacks the
-- privileges too).
CREATE FUNCTION housingkit.refuse_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION 'housingkit: % on %.% is not allowed: the trail is append-only', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'P0001';
END
$$;

CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON housingkit.audit
    FOR EACH ROW EXECUTE FUNCTION housingkit.refuse_change();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON housingkit.audit
    FOR EACH STATEMENT EXECUTE FUNCTION housingkit.refuse_change();
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE ON housingkit.decisions
    FOR EACH ROW EXECUTE FUNCTION housingkit.refuse_change();
CREATE TRIGGER decisions_no_truncate BEFORE TRUNCATE ON housingkit.decisions
    FOR EACH STATEMENT EXECUTE FUNCTION housingkit.refuse_change();
CREATE TRIGGER tenancy_versions_append_only BEFORE UPDATE OR DELETE ON housingkit.tenancy_versions
    FOR EACH ROW EXECUTE FUNCTION housingkit.refuse_change();
CREATE TRIGGER tenancy_versions_no_truncate BEFORE TRUNCATE ON housingkit.tenancy_versions
    FOR EACH STATEMENT EXECUTE FUNCTION housingkit.refuse_change();

-- Row-level security, enabled and forced (the owner is subject to it too)
-- on every tenant table: a row is visible and writable only inside a
-- transaction that set housingkit.tenant to its tenant with
-- set_config('housingkit.tenant', $1, true). Without it the setting is
-- NULL or '', which matches no row.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['owners', 'facilities', 'units', 'households', 'referrals', 'decisions',
                             'tenancies', 'tenancy_versions', 'care_plans', 'waiting_list', 'audit']
    LOOP
        EXECUTE format('ALTER TABLE housingkit.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE housingkit.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON housingkit.%I'
                       ' USING (tenant = current_setting(''housingkit.tenant'', true))'
                       ' WITH CHECK (tenant = current_setting(''housingkit.tenant'', true))', t);
    END LOOP;
END
$$;

-- The runtime role reads and writes rows, and only appends to the trails.
-- It may read the versions table, so that Open can check the schema's
-- version.
GRANT USAGE ON SCHEMA housingkit TO housingkit_app;
GRANT SELECT ON housingkit.schema_migrations TO housingkit_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON
    housingkit.owners, housingkit.facilities, housingkit.units, housingkit.households,
    housingkit.referrals, housingkit.care_plans, housingkit.waiting_list
    TO housingkit_app;
-- A tenancy is never deleted: its history stays.
GRANT SELECT, INSERT, UPDATE ON housingkit.tenancies TO housingkit_app;
GRANT SELECT, INSERT ON housingkit.decisions, housingkit.tenancy_versions, housingkit.audit TO housingkit_app;
