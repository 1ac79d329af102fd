-- Reverts 0003_placement.
DROP FUNCTION housingkit.create_tenancy;
