-- housingkit SQLite store, version 2: indexes for the queries a vendor
-- runs (records of a household, stays of a unit, units of a facility,
-- running stays, decisions in order) and for the placement checks, each
-- leading with the tenant.
CREATE INDEX units_facility ON units (tenant, facility_id);
CREATE INDEX units_owner ON units (tenant, owner_id);
CREATE INDEX facilities_owner ON facilities (tenant, owner_id);
CREATE INDEX referrals_household ON referrals (tenant, household_id, date);
CREATE INDEX decisions_household ON decisions (tenant, household_id, seq);
CREATE INDEX decisions_referral ON decisions (tenant, referral_id);
CREATE INDEX tenancies_unit ON tenancies (tenant, unit_id, stay_from);
CREATE INDEX tenancies_household ON tenancies (tenant, household_id, stay_from);
CREATE INDEX tenancies_referral ON tenancies (tenant, referral_id);
CREATE INDEX tenancies_status ON tenancies (tenant, status, id);
CREATE INDEX care_plans_household ON care_plans (tenant, household_id, start);
CREATE INDEX care_plans_tenancy ON care_plans (tenant, tenancy_id);
CREATE INDEX waiting_list_household ON waiting_list (tenant, household_id);
CREATE INDEX waiting_list_decision ON waiting_list (tenant, decision_id);
CREATE INDEX audit_events_record ON audit_events (tenant, kind, record_id, seq);
