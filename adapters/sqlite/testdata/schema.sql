-- index audit_events_record
CREATE INDEX audit_events_record ON audit_events (tenant, kind, record_id, seq);

-- index care_plans_household
CREATE INDEX care_plans_household ON care_plans (tenant, household_id, start);

-- index care_plans_tenancy
CREATE INDEX care_plans_tenancy ON care_plans (tenant, tenancy_id) WHERE tenancy_id IS NOT NULL;

-- index decisions_household
CREATE INDEX decisions_household ON decisions (tenant, household_id, seq);

-- index decisions_referral
CREATE INDEX decisions_referral ON decisions (tenant, referral_id) WHERE referral_id IS NOT NULL;

-- index documents_ref
CREATE INDEX documents_ref ON documents (tenant, collection, ref, id);

-- index facilities_owner
CREATE INDEX facilities_owner ON facilities (tenant, owner_id) WHERE owner_id IS NOT NULL;

-- index referrals_household
CREATE INDEX referrals_household ON referrals (tenant, household_id, date);

-- index tenancies_household
CREATE INDEX tenancies_household ON tenancies (tenant, household_id, stay_from);

-- index tenancies_referral
CREATE INDEX tenancies_referral ON tenancies (tenant, referral_id) WHERE referral_id IS NOT NULL;

-- index tenancies_status
CREATE INDEX tenancies_status ON tenancies (tenant, status, id);

-- index tenancies_unit
CREATE INDEX tenancies_unit ON tenancies (tenant, unit_id, stay_from);

-- index units_facility
CREATE INDEX units_facility ON units (tenant, facility_id, beds) WHERE facility_id IS NOT NULL;

-- index units_owner
CREATE INDEX units_owner ON units (tenant, owner_id) WHERE owner_id IS NOT NULL;

-- index waiting_list_decision
CREATE INDEX waiting_list_decision ON waiting_list (tenant, decision_id) WHERE decision_id IS NOT NULL;

-- index waiting_list_household
CREATE INDEX waiting_list_household ON waiting_list (tenant, household_id);

-- table audit_events
CREATE TABLE audit_events (
    tenant    TEXT NOT NULL,
    seq       INTEGER NOT NULL CHECK (seq >= 1),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'append')),
    version   INTEGER NOT NULL,
    PRIMARY KEY (tenant, seq)
) STRICT, WITHOUT ROWID;

-- table care_plans
CREATE TABLE care_plans (
    tenant       TEXT NOT NULL,
    id           TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    household_id TEXT NOT NULL,
    tenancy_id   TEXT,
    start        TEXT NOT NULL CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body         TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, household_id) REFERENCES households (tenant, id),
    FOREIGN KEY (tenant, tenancy_id) REFERENCES tenancies (tenant, id)
) STRICT, WITHOUT ROWID;

-- table decisions
CREATE TABLE decisions (
    tenant          TEXT NOT NULL,
    id              TEXT NOT NULL,
    seq             INTEGER NOT NULL CHECK (seq >= 1),
    household_id    TEXT NOT NULL,
    referral_id     TEXT,
    ruleset_id      TEXT NOT NULL,
    ruleset_version TEXT NOT NULL,
    variant_ids     TEXT NOT NULL CHECK (json_valid(variant_ids)),
    date            TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    outcome         TEXT NOT NULL,
    asked_by        TEXT NOT NULL,
    decision        TEXT NOT NULL CHECK (json_valid(decision)),
    PRIMARY KEY (tenant, id),
    UNIQUE (tenant, seq),
    FOREIGN KEY (tenant, household_id) REFERENCES households (tenant, id),
    FOREIGN KEY (tenant, referral_id) REFERENCES referrals (tenant, id)
) STRICT, WITHOUT ROWID;

-- table documents
CREATE TABLE documents (
    tenant     TEXT NOT NULL,
    collection TEXT NOT NULL CHECK (collection <> ''),
    id         TEXT NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    ref        TEXT,
    body       TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, collection, id)
) STRICT, WITHOUT ROWID;

-- table facilities
CREATE TABLE facilities (
    tenant       TEXT NOT NULL,
    id           TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    owner_id     TEXT,
    bed_capacity INTEGER NOT NULL CHECK (bed_capacity >= 1),
    body         TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, owner_id) REFERENCES owners (tenant, id)
) STRICT, WITHOUT ROWID;

-- table households
CREATE TABLE households (
    tenant  TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body    TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id)
) STRICT, WITHOUT ROWID;

-- table housingkit_migrations
CREATE TABLE housingkit_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);

-- table owners
CREATE TABLE owners (
    tenant  TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body    TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id)
) STRICT, WITHOUT ROWID;

-- table referrals
CREATE TABLE referrals (
    tenant       TEXT NOT NULL,
    id           TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    household_id TEXT NOT NULL,
    date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body         TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, household_id) REFERENCES households (tenant, id)
) STRICT, WITHOUT ROWID;

-- table tenancies
CREATE TABLE tenancies (
    tenant       TEXT NOT NULL,
    id           TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    household_id TEXT NOT NULL,
    unit_id      TEXT NOT NULL,
    referral_id  TEXT,
    status       TEXT NOT NULL,
    start        TEXT CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    stay_from    TEXT CHECK (stay_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    stay_until   TEXT CHECK (stay_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body         TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id),
    CHECK (stay_until IS NULL OR (stay_from IS NOT NULL AND stay_from < stay_until)),
    FOREIGN KEY (tenant, household_id) REFERENCES households (tenant, id),
    FOREIGN KEY (tenant, unit_id) REFERENCES units (tenant, id),
    FOREIGN KEY (tenant, referral_id) REFERENCES referrals (tenant, id)
) STRICT, WITHOUT ROWID;

-- table tenancy_versions
CREATE TABLE tenancy_versions (
    tenant  TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body    TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id, version),
    FOREIGN KEY (tenant, id) REFERENCES tenancies (tenant, id)
) STRICT, WITHOUT ROWID;

-- table units
CREATE TABLE units (
    tenant          TEXT NOT NULL,
    id              TEXT NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1),
    facility_id     TEXT,
    owner_id        TEXT,
    programme_id    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    contract        TEXT NOT NULL,
    beds            INTEGER NOT NULL CHECK (beds >= 1),
    step_free       INTEGER NOT NULL CHECK (step_free IN (0, 1)),
    municipality    TEXT NOT NULL,
    sub_area        TEXT NOT NULL,
    rent            TEXT NOT NULL CHECK (rent <> '' AND rent NOT GLOB '*[^0-9.-]*'),
    service_charges TEXT NOT NULL CHECK (service_charges <> '' AND service_charges NOT GLOB '*[^0-9.-]*'),
    available_from  TEXT NOT NULL CHECK (available_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    available_until TEXT CHECK (available_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    body            TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id),
    FOREIGN KEY (tenant, facility_id) REFERENCES facilities (tenant, id),
    FOREIGN KEY (tenant, owner_id) REFERENCES owners (tenant, id)
) STRICT, WITHOUT ROWID;

-- table waiting_list
CREATE TABLE waiting_list (
    tenant       TEXT NOT NULL,
    programme_id TEXT NOT NULL,
    household_id TEXT NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    decision_id  TEXT,
    score        TEXT NOT NULL CHECK (score <> '' AND score NOT GLOB '*[^0-9.-]*'),
    since        TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    PRIMARY KEY (tenant, programme_id, household_id),
    FOREIGN KEY (tenant, household_id) REFERENCES households (tenant, id),
    FOREIGN KEY (tenant, decision_id) REFERENCES decisions (tenant, id)
) STRICT, WITHOUT ROWID;

-- trigger audit_events_no_delete
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be deleted'); END;

-- trigger audit_events_no_update
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be updated'); END;

-- trigger decisions_no_delete
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions is append-only: rows cannot be deleted'); END;

-- trigger decisions_no_update
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions is append-only: rows cannot be updated'); END;

-- trigger tenancies_no_delete
CREATE TRIGGER tenancies_no_delete BEFORE DELETE ON tenancies
BEGIN SELECT RAISE(ABORT, 'tenancies are never deleted'); END;

-- trigger tenancy_versions_no_delete
CREATE TRIGGER tenancy_versions_no_delete BEFORE DELETE ON tenancy_versions
BEGIN SELECT RAISE(ABORT, 'tenancy_versions is append-only: rows cannot be deleted'); END;

-- trigger tenancy_versions_no_update
CREATE TRIGGER tenancy_versions_no_update BEFORE UPDATE ON tenancy_versions
BEGIN SELECT RAISE(ABORT, 'tenancy_versions is append-only: rows cannot be updated'); END;

