package housing

// tenancyIT and tenancyEN hold the texts of duration policies and tenancy
// errors.
var tenancyIT = map[string]string{}

var tenancyEN = map[string]string{}
