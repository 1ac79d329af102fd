-- housingkit PostgreSQL store, version 3: the creation of a tenancy (a
-- placement, when it occupies its unit) in one server-side call, so that
-- it costs one round trip and runs on plans prepared once per connection
-- instead of three statements planned at every execution.
--
-- The function runs as its caller (SECURITY INVOKER), so row-level
-- security, the privileges of the runtime role, the foreign keys and the
-- exclusion constraints apply to it as to any other statement: it adds no
-- way around them. What it does, in this order (the order of the checks
-- decides which refusal a caller gets when several apply, and matches the
-- store's other adapters):
--
--   1. reads the unit (its beds and facility), and locks the facility row
--      FOR UPDATE when the tenancy occupies its unit, so that concurrent
--      placements in one facility run one after the other;
--   2. checks that the household and the referral exist: outcome
--      'missing' with which one is found;
--   3. for an occupying stay in a unit of a facility, adds up the beds of
--      the facility's other units (one index scan of units, on a plan
--      prepared once per connection): when they and the unit's own beds fit
--      in the capacity, no placement in the unit can exceed it, whatever the
--      stays, and they are not counted. Otherwise it counts the beds of the
--      facility's other units that a stay occupies during the new stay
--      (in_use); when in_use + beds exceeds the facility's capacity (the
--      rule of store.CheckCapacity, which the caller applies again to word
--      the refusal) it reports an overlapping stay in the unit ('unit') or
--      of the household ('household') first, if there is one, else
--      'capacity';
--   4. inserts the tenancy with ON CONFLICT DO NOTHING: the primary key and
--      the two exclusion constraints decide, without a separate look-up,
--      whether another stay overlaps; when nothing is inserted it says
--      why ('unit', 'household' with the other stay's identifier, or
--      'exists');
--   5. appends the first version row and the audit event: outcome 'ok'.
--
-- The statements that look up one row by its primary key or insert run on
-- generic plans (plan_cache_mode is set for the function only); the
-- statements whose best plan depends on the tables' statistics (the count
-- of beds in use, the look-ups of an overlapping stay) are planned for
-- their parameters at every call with EXECUTE, so that a plan made while a
-- table was empty is never reused once it has grown.
CREATE FUNCTION housingkit.create_tenancy(
    p_tenant text, p_id text, p_household text, p_unit text, p_referral text,
    p_status text, p_start date, p_exit date, p_doc jsonb, p_stay daterange,
    p_at timestamptz, p_actor text,
    OUT o_outcome text, OUT o_other text,
    OUT o_unit_found boolean, OUT o_household_found boolean, OUT o_referral_found boolean,
    OUT o_beds integer, OUT o_capacity integer, OUT o_facility text, OUT o_in_use integer)
    LANGUAGE plpgsql VOLATILE SECURITY INVOKER
    SET search_path = pg_catalog
    SET plan_cache_mode = force_generic_plan
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
            EXECUTE 'SELECT coalesce(sum(o.beds), 0)::integer FROM housingkit.units o
                     WHERE o.tenant = $1 AND o.facility_id = $2 AND o.id <> $3
                       AND EXISTS (SELECT 1 FROM housingkit.tenancies s
                                   WHERE s.tenant = $1 AND s.unit_id = o.id AND s.id <> $4 AND s.stay && $5)'
                INTO o_in_use USING p_tenant, o_facility, p_unit, p_id, p_stay;
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

REVOKE ALL ON FUNCTION housingkit.create_tenancy FROM PUBLIC;
GRANT EXECUTE ON FUNCTION housingkit.create_tenancy TO housingkit_app;
