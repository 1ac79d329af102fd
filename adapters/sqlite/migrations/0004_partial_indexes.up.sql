-- housingkit SQLite store, version 4: the indexes of optional references
-- (a unit's facility and owner, a facility's owner, the referral of a
-- stay or decision, the stay of a care plan, the decision of a waiting
-- list entry) keep only the rows that have one. Every query that reads
-- them asks for one reference (col = ?), which implies it is not NULL, so
-- they serve it as before; a row without the reference (a flat without a
-- facility, a stay without a referral) no longer adds an index entry to
-- its write. The index of a facility's units also holds their beds, so
-- that the beds of a facility are summed from the index alone.
DROP INDEX units_facility;
CREATE INDEX units_facility ON units (tenant, facility_id, beds) WHERE facility_id IS NOT NULL;
DROP INDEX units_owner;
CREATE INDEX units_owner ON units (tenant, owner_id) WHERE owner_id IS NOT NULL;
DROP INDEX facilities_owner;
CREATE INDEX facilities_owner ON facilities (tenant, owner_id) WHERE owner_id IS NOT NULL;
DROP INDEX decisions_referral;
CREATE INDEX decisions_referral ON decisions (tenant, referral_id) WHERE referral_id IS NOT NULL;
DROP INDEX tenancies_referral;
CREATE INDEX tenancies_referral ON tenancies (tenant, referral_id) WHERE referral_id IS NOT NULL;
DROP INDEX care_plans_tenancy;
CREATE INDEX care_plans_tenancy ON care_plans (tenant, tenancy_id) WHERE tenancy_id IS NOT NULL;
DROP INDEX waiting_list_decision;
CREATE INDEX waiting_list_decision ON waiting_list (tenant, decision_id) WHERE decision_id IS NOT NULL;
