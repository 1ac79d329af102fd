-- housingkit PostgreSQL store, version 5: less work in the server for
-- every write, and for a placement above all.
--
-- 1. A tenant identifier and a record version are domains instead of a
--    CHECK constraint on each table. PostgreSQL 15 reads a table's CHECK
--    constraints back from their stored text and plans them again at
--    every INSERT or UPDATE statement (in ExecRelCheck): about 30,000
--    instructions each, five of them in a placement. A domain's
--    constraint is planned once per connection (the type cache) and only
--    evaluated per row. The rule is the same: a tenant is 1 to 63 bytes,
--    a version is at least 1. Changing a column's type rewrites its
--    table; the policies that read the tenant column are dropped and
--    made again around the change, as PostgreSQL requires.
--
-- 2. create_tenancy inserts the tenancy in a block with an exception
--    handler (a subtransaction) instead of with ON CONFLICT DO NOTHING.
--    ON CONFLICT searched both exclusion constraints' GiST indexes before
--    the insert and again after it; a plain insert searches them once,
--    after. A refused row (an overlapping stay, a taken identifier)
--    undoes the subtransaction only, and the function words the refusal
--    as before. The subtransaction costs about 10,000 instructions
--    against about 500,000 for the searches it saves. Each placement
--    uses one subtransaction; PostgreSQL keeps up to 64 per transaction
--    in shared memory, so a transaction that creates more than 64
--    tenancies makes other sessions' snapshots slower while it runs.
--
-- Measured by valgrind on a single-user backend (instructions per
-- placement transaction): 2.40 million before, 1.69 million after.
CREATE DOMAIN housingkit.tenant_id AS text COLLATE "C"
    CHECK (octet_length(VALUE) BETWEEN 1 AND 63);
CREATE DOMAIN housingkit.version AS bigint
    CHECK (VALUE >= 1);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['owners', 'facilities', 'units', 'households', 'referrals', 'decisions', 'tenancies', 'tenancy_versions', 'care_plans', 'waiting_list', 'audit', 'documents']
    LOOP
        EXECUTE format('DROP POLICY tenant_isolation ON housingkit.%I', t);
        EXECUTE format('ALTER TABLE housingkit.%I DROP CONSTRAINT %I, ALTER COLUMN tenant TYPE housingkit.tenant_id', t, t || '_tenant_check');
        IF t NOT IN ('decisions', 'audit') THEN
            EXECUTE format('ALTER TABLE housingkit.%I DROP CONSTRAINT %I, ALTER COLUMN version TYPE housingkit.version', t, t || '_version_check');
        END IF;
        EXECUTE format('CREATE POLICY tenant_isolation ON housingkit.%I'
                       ' USING (tenant = current_setting(''housingkit.tenant'', true))'
                       ' WITH CHECK (tenant = current_setting(''housingkit.tenant'', true))', t);
    END LOOP;
END
$$;

-- create_tenancy as in migration 0004 but for the insert (step 4 in
-- migration 0003's description).
CREATE OR REPLACE FUNCTION housingkit.create_tenancy(
    p_tenant text, p_id text, p_household text, p_unit text, p_referral text,
    p_status text, p_start date, p_exit date, p_doc jsonb, p_stay daterange,
    p_at timestamptz, p_actor text,
    OUT o_outcome text, OUT o_other text,
    OUT o_unit_found boolean, OUT o_household_found boolean, OUT o_referral_found boolean,
    OUT o_beds integer, OUT o_capacity integer, OUT o_facility text, OUT o_in_use integer)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog
    SET plan_cache_mode = force_generic_plan
    SET enable_seqscan = off
AS $$
BEGIN
    SELECT u.beds, u.facility_id INTO o_beds, o_facility
    FROM housingkit.units u WHERE u.tenant = p_tenant AND u.id = p_unit;
    o_unit_found := FOUND;
    IF o_facility IS NOT NULL AND p_stay IS NOT NULL THEN
        SELECT f.bed_capacity INTO o_capacity
        FROM housingkit.facilities f WHERE f.tenant = p_tenant AND f.id = o_facility
        FOR UPDATE;
    END IF;
    PERFORM FROM housingkit.households h WHERE h.tenant = p_tenant AND h.id = p_household;
    o_household_found := FOUND;
    o_referral_found := true;
    IF p_referral IS NOT NULL THEN
        PERFORM FROM housingkit.referrals r WHERE r.tenant = p_tenant AND r.id = p_referral;
        o_referral_found := FOUND;
    END IF;
    IF NOT (o_unit_found AND o_household_found AND o_referral_found) THEN
        o_outcome := 'missing';
        RETURN;
    END IF;

    IF p_stay IS NOT NULL AND o_capacity IS NOT NULL THEN
        -- When the facility's other units have too few beds to fill it
        -- beside this one, no stay can, and the stays need not be counted.
        SELECT coalesce(sum(o.beds), 0)::integer INTO o_in_use
        FROM housingkit.units o
        WHERE o.tenant = p_tenant AND o.facility_id = o_facility AND o.id <> p_unit;
        IF o_in_use + o_beds > o_capacity THEN
            SELECT coalesce(sum(o.beds), 0)::integer INTO o_in_use
            FROM housingkit.units o
            CROSS JOIN LATERAL (
                SELECT FROM housingkit.tenancies s
                WHERE s.tenant = p_tenant AND s.unit_id = o.id
                  AND s.id <> p_id AND s.stay && p_stay
                LIMIT 1) busy
            WHERE o.tenant = p_tenant AND o.facility_id = o_facility AND o.id <> p_unit;
            IF o_in_use + o_beds > o_capacity THEN
                o_outcome := 'capacity';
            END IF;
        END IF;
    END IF;

    IF o_outcome IS NULL THEN
        -- The block is a subtransaction: when the primary key or an
        -- exclusion constraint refuses the row, only the insert is undone.
        BEGIN
            INSERT INTO housingkit.tenancies (tenant, id, version, household_id, unit_id, referral_id, status, start, exit_date, doc)
            VALUES (p_tenant, p_id, 1, p_household, p_unit, p_referral, p_status, p_start, p_exit, p_doc);
            o_outcome := 'ok';
        EXCEPTION WHEN unique_violation OR exclusion_violation THEN
            o_outcome := 'exists';
        END;
        IF o_outcome = 'ok' THEN
            INSERT INTO housingkit.tenancy_versions (tenant, tenancy_id, version, doc)
            VALUES (p_tenant, p_id, 1, p_doc);
            INSERT INTO housingkit.audit (tenant, at, actor, kind, record_id, action, version)
            VALUES (p_tenant, p_at, p_actor, 'tenancy', p_id, 'create', 1);
            RETURN;
        END IF;
    END IF;

    -- Refused: an overlapping stay, if there is one, is the reason.
    IF p_stay IS NOT NULL THEN
        EXECUTE 'SELECT s.id FROM housingkit.tenancies s
                 WHERE s.tenant = $1 AND s.unit_id = $2 AND s.id <> $3 AND s.stay && $4 ORDER BY s.id LIMIT 1'
            INTO o_other USING p_tenant, p_unit, p_id, p_stay;
        IF o_other IS NOT NULL THEN
            o_outcome := 'unit';
            RETURN;
        END IF;
        EXECUTE 'SELECT s.id FROM housingkit.tenancies s
                 WHERE s.tenant = $1 AND s.household_id = $2 AND s.id <> $3 AND s.stay && $4 ORDER BY s.id LIMIT 1'
            INTO o_other USING p_tenant, p_household, p_id, p_stay;
        IF o_other IS NOT NULL THEN
            o_outcome := 'household';
            RETURN;
        END IF;
    END IF;
    IF o_outcome = 'exists' THEN
        PERFORM FROM housingkit.tenancies s WHERE s.tenant = p_tenant AND s.id = p_id;
        IF NOT FOUND THEN
            -- The insert met a conflicting row that this statement's
            -- snapshot no longer finds: let the store run the transaction
            -- again.
            RAISE EXCEPTION 'housingkit: tenancy % met a conflict that has gone', p_id
                USING ERRCODE = '40001';
        END IF;
    END IF;
END
$$;
