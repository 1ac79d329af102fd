-- Reverts 0001_schema: drops every object it made. The schema housingkit
-- itself stays, with the runner's table of applied versions.
REVOKE SELECT ON housingkit.schema_migrations FROM housingkit_app;
REVOKE USAGE ON SCHEMA housingkit FROM housingkit_app;
DROP TABLE housingkit.audit;
DROP TABLE housingkit.waiting_list;
DROP TABLE housingkit.care_plans;
DROP TABLE housingkit.tenancy_versions;
DROP TABLE housingkit.tenancies;
DROP TABLE housingkit.decisions;
DROP TABLE housingkit.referrals;
DROP TABLE housingkit.households;
DROP TABLE housingkit.units;
DROP TABLE housingkit.facilities;
DROP TABLE housingkit.owners;
DROP FUNCTION housingkit.refuse_change();
-- btree_gist goes only if this migration made it (in the schema housingkit);
-- one that was there before belongs to someone else.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
               WHERE e.extname = 'btree_gist' AND n.nspname = 'housingkit') THEN
        DROP EXTENSION btree_gist;
    END IF;
END
$$;
