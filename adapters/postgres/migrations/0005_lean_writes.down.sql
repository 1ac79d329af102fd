-- Reverts 0005_lean_writes: CHECK constraints instead of the domains
-- (with the names PostgreSQL gave them in migrations 0001 and 0002), and
-- create_tenancy as migration 0004 wrote it.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['owners', 'facilities', 'units', 'households', 'referrals', 'decisions', 'tenancies', 'tenancy_versions', 'care_plans', 'waiting_list', 'audit', 'documents']
    LOOP
        EXECUTE format('DROP POLICY tenant_isolation ON housingkit.%I', t);
        EXECUTE format('ALTER TABLE housingkit.%I ALTER COLUMN tenant TYPE text COLLATE "C",'
                       ' ADD CONSTRAINT %I CHECK (octet_length(tenant) BETWEEN 1 AND 63)', t, t || '_tenant_check');
        IF t NOT IN ('decisions', 'audit') THEN
            EXECUTE format('ALTER TABLE housingkit.%I ALTER COLUMN version TYPE bigint,'
                           ' ADD CONSTRAINT %I CHECK (version >= 1)', t, t || '_version_check');
        END IF;
        EXECUTE format('CREATE POLICY tenant_isolation ON housingkit.%I'
                       ' USING (tenant = current_setting(''housingkit.tenant'', true))'
                       ' WITH CHECK (tenant = current_setting(''housingkit.tenant'', true))', t);
    END LOOP;
END
$$;
DROP DOMAIN housingkit.tenant_id;
DROP DOMAIN housingkit.version;

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
        INSERT INTO housingkit.tenancies (tenant, id, version, household_id, unit_id, referral_id, status, start, exit_date, doc)
        VALUES (p_tenant, p_id, 1, p_household, p_unit, p_referral, p_status, p_start, p_exit, p_doc)
        ON CONFLICT DO NOTHING;
        IF FOUND THEN
            INSERT INTO housingkit.tenancy_versions (tenant, tenancy_id, version, doc)
            VALUES (p_tenant, p_id, 1, p_doc);
            INSERT INTO housingkit.audit (tenant, at, actor, kind, record_id, action, version)
            VALUES (p_tenant, p_at, p_actor, 'tenancy', p_id, 'create', 1);
            o_outcome := 'ok';
            RETURN;
        END IF;
        o_outcome := 'exists';
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
