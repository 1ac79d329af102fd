-- housingkit SQLite store, version 1: the records of every tenant.
--
-- Conventions: every table is STRICT; every table's first column is the
-- tenant, and every primary key, unique constraint and foreign key leads
-- with it. Each record keeps its full value as JSON in "body" (amounts as
-- decimal strings, dates as YYYY-MM-DD) and copies into columns what
-- queries and constraints read. Money is TEXT (a decimal string, never
-- REAL); dates are TEXT 'YYYY-MM-DD', which sorts like the dates.

CREATE TABLE households (
    tenant  TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body    TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE owners (
    tenant  TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body    TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id)
) STRICT, WITHOUT ROWID;

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

-- The append-only trail of eligibility decisions; see the triggers below.
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

-- The current version of each stay. stay_from and stay_until are the
-- period the stay occupies its unit ([from, until), until NULL for a stay
-- that runs); both are NULL for a stay that occupies nothing (a proposal).
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

-- Every version of every stay, as written (the history); append-only.
CREATE TABLE tenancy_versions (
    tenant  TEXT NOT NULL,
    id      TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    body    TEXT NOT NULL CHECK (json_valid(body)),
    PRIMARY KEY (tenant, id, version),
    FOREIGN KEY (tenant, id) REFERENCES tenancies (tenant, id)
) STRICT, WITHOUT ROWID;

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

-- One entry per household and programme; score is a decimal string.
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

-- The audit trail: one row per write, identifiers only; append-only.
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

-- The database, not only the code, keeps the trails append-only.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be updated'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: rows cannot be deleted'); END;
CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions is append-only: rows cannot be updated'); END;
CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
BEGIN SELECT RAISE(ABORT, 'decisions is append-only: rows cannot be deleted'); END;
CREATE TRIGGER tenancy_versions_no_update BEFORE UPDATE ON tenancy_versions
BEGIN SELECT RAISE(ABORT, 'tenancy_versions is append-only: rows cannot be updated'); END;
CREATE TRIGGER tenancy_versions_no_delete BEFORE DELETE ON tenancy_versions
BEGIN SELECT RAISE(ABORT, 'tenancy_versions is append-only: rows cannot be deleted'); END;
-- A stay is never deleted (its history and audit rows refer to it).
CREATE TRIGGER tenancies_no_delete BEFORE DELETE ON tenancies
BEGIN SELECT RAISE(ABORT, 'tenancies are never deleted'); END;
