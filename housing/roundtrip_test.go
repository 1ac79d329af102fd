package housing

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every domain type survives JSON and back with nothing lost: decimals
// keep their value (as strings), dates their day, optional facts their
// "unknown".
func TestJSONRoundTripOfEveryType(t *testing.T) {
	pct := 80
	values := []any{
		&Owner{ID: "o1", Name: "Croce Rossa Italiana, comitato di Crema", Kind: OwnerThirdSector},
		&Facility{ID: "f1", Name: "San Berillo", Municipality: "Catania", SubArea: "centro", BedCapacity: 12,
			SharedSpaces: []SharedSpace{SharedKitchen, SharedBathroom}, Restrictions: Restrictions{WomenOnly: true, MaxAge: 64}, CoHousing: true},
		&Unit{ID: "u1", FacilityID: "f1", Kind: UnitRoom, Beds: 2, Bedrooms: 1, AreaSqm: decimal.RequireFromString("14.50"),
			StepFree: true, Rent: decimal.RequireFromString("0.10"), ServiceCharges: decimal.RequireFromString("1234567.89"),
			Contract: ContractTransitional, AvailableFrom: MustParseDate("2024-02-29"), AvailableUntil: MustParseDate("2025-08-31")},
		&Programme{ID: "p1", Name: Text{IT: "Ospitalità temporanea", EN: "Temporary hospitality"}, District: "Crema",
			RuleSetID: "crema.ospitalita-temporanea", DurationPolicyID: "crema.ospitalita-temporanea", Services: []Service{ServiceFinancialAdvice}},
		&Referral{ID: "r1", HouseholdID: "h1", ProgrammeID: "p1", Team: Team{Name: "équipe", Kind: TeamMultidisciplinary},
			Date: MustParseDate("2025-01-31"), RecordRef: "scheda-7", CaseManaged: true},
		&CarePlan{ID: "c1", HouseholdID: "h1", Start: MustParseDate("2025-02-01"),
			Goals:    []Goal{{Description: "lavoro stabile", Due: MustParseDate("2025-12-31")}},
			Services: []ActivatedService{{Service: ServiceJobPlacement, Start: MustParseDate("2025-02-10")}},
			Reviews:  []Date{MustParseDate("2025-08-01")}},
		&Household{ID: "h1", Members: []Member{{Role: RoleReference, Person: Person{BirthDate: MustParseDate("1990-01-31"),
			DisabilityPercent: &pct, VictimOfViolence: Bool(false), Incomes: nil}}},
			Needs: Needs{CanShare: Bool(true)}, Emergency: Emergency{EvictionOrder: Bool(true), EvictionDate: MustParseDate("2025-06-30")}},
	}
	for _, v := range values {
		name := reflect.TypeOf(v).Elem().Name()
		b, err := json.Marshal(v)
		require.NoError(t, err, name)
		back := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		require.NoError(t, json.Unmarshal(b, back), name)
		again, err := json.Marshal(back)
		require.NoError(t, err, name)
		assert.JSONEq(t, string(b), string(again), name)
		// Decimals compare by value, everything else exactly.
		assert.True(t, equalValues(reflect.ValueOf(v).Elem(), reflect.ValueOf(back).Elem()), "%s: %s", name, b)
	}
}

// equalValues is reflect.DeepEqual with decimals compared by value.
func equalValues(a, b reflect.Value) bool {
	if a.Type() == reflect.TypeOf(decimal.Decimal{}) {
		return a.Interface().(decimal.Decimal).Equal(b.Interface().(decimal.Decimal))
	}
	switch a.Kind() {
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !a.Type().Field(i).IsExported() {
				// A value type such as Date: compare it whole.
				return reflect.DeepEqual(a.Interface(), b.Interface())
			}
		}
		for i := 0; i < a.NumField(); i++ {
			if !equalValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		if a.IsNil() || b.IsNil() {
			return a.IsNil() == b.IsNil()
		}
		return equalValues(a.Elem(), b.Elem())
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}
