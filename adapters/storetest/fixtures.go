package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

// The tenants of the suite.
const (
	TenantA store.Tenant = "tenant-a"
	TenantB store.Tenant = "tenant-b"
	// SurvivorTenant holds the household written by MigrationDB.Seed.
	SurvivorTenant store.Tenant = "survivor"
)

// PolicyID is the duration policy of the suite's tenancies (12 months,
// renewable, reviews every 6 months, warning 60 days before the end).
const PolicyID = "crema.ospitalita-temporanea"

// BigMoney is the amount that must round-trip exactly.
const BigMoney = "12345678901234567.89"

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(s string) housing.Date { return housing.MustParseDate(s) }

// Survivor returns the household that MigrationDB.Seed writes and that
// must survive every later migration unchanged.
func Survivor() housing.Household {
	h := Household("survivor-1")
	h.Residence.Municipality = "Ferrara"
	rent := dec("412.50")
	h.CurrentRent = &rent
	return h
}

// Household returns a valid household with the id: one adult with an
// employment income, resident in Crema since 2015.
func Household(id string) housing.Household {
	return housing.Household{
		ID: id,
		Members: []housing.Member{{Role: housing.RoleReference, Person: housing.Person{
			BirthDate: day("1980-05-05"), Sex: housing.SexFemale, Citizenship: housing.CitizenshipItalian,
			Incomes: []housing.IncomeSource{{Kind: housing.IncomeEmployment, Annual: dec("9100.00")}},
		}}},
		ISEE:      &housing.DeclaredISEE{Value: dec("4210.00"), IssuedOn: day("2025-01-20")},
		Residence: housing.Residence{Municipality: "Crema", Region: "Lombardia", Since: day("2015-03-01")},
	}
}

// Owner returns a valid owner.
func Owner(id string) housing.Owner {
	return housing.Owner{ID: id, Name: "Comune di Crema", Kind: housing.OwnerMunicipality}
}

// Facility returns a valid facility with the bed capacity.
func Facility(id string, beds int) housing.Facility {
	return housing.Facility{ID: id, Name: "Casa " + id, Municipality: "Crema", SubArea: "Centro", BedCapacity: beds,
		SharedSpaces: []housing.SharedSpace{housing.SharedKitchen, housing.SharedLiving}}
}

// Unit returns a valid unit of kind bed (1 bed) in the facility, or an
// apartment of 2 beds when facilityID is empty, available from 1 January
// 2025.
func Unit(id, facilityID string) housing.Unit {
	u := housing.Unit{ID: id, FacilityID: facilityID, Kind: housing.UnitBed, Beds: 1, AreaSqm: dec("12.5"),
		Rent: dec("150.00"), ServiceCharges: dec("30.00"), Contract: housing.ContractConcession,
		AvailableFrom: day("2025-01-01"), Municipality: "Crema", SubArea: "Centro"}
	if facilityID == "" {
		u.Kind, u.Beds, u.Bedrooms, u.AreaSqm, u.Rent, u.Contract = housing.UnitApartment, 2, 1, dec("55.0"), dec("380.00"), housing.ContractAgreedRent
	}
	return u
}

// Referral returns a valid referral of the household.
func Referral(id, householdID string) housing.Referral {
	return housing.Referral{ID: id, HouseholdID: householdID, ProgrammeID: PolicyID,
		Team: housing.Team{Name: "Servizio sociale", Kind: housing.TeamSocialService}, Date: day("2025-01-15")}
}

// CarePlan returns a valid care plan of the household.
func CarePlan(id, householdID string) housing.CarePlan {
	return housing.CarePlan{ID: id, HouseholdID: householdID, Keyworker: "kw-3", Start: day("2025-02-01"),
		Goals:    []housing.Goal{{Description: "find work", Due: day("2025-08-01")}},
		Services: []housing.ActivatedService{}, Reviews: []housing.Date{day("2025-05-01")}}
}

// Proposed returns a valid proposed tenancy of the household in the unit.
func Proposed(id, householdID, unitID string, on housing.Date) housing.Tenancy {
	t := housing.Tenancy{ID: id, HouseholdID: householdID, UnitID: unitID, ProgrammeID: PolicyID, PolicyID: PolicyID}
	if err := t.Propose(on, ""); err != nil {
		panic(err)
	}
	return t
}

// Placed returns a valid active tenancy of the household in the unit from
// start, under PolicyID.
func Placed(id, householdID, unitID string, start housing.Date) housing.Tenancy {
	t := Proposed(id, householdID, unitID, start)
	p, err := housing.PolicyByID(PolicyID)
	if err != nil {
		panic(err)
	}
	if err := t.Activate(p, start, ""); err != nil {
		panic(err)
	}
	return t
}

// Ended returns t ended on the date with a private lease.
func Ended(t housing.Tenancy, on housing.Date) housing.Tenancy {
	if err := t.End(housing.Exit{Date: on, Pathway: housing.ExitPrivateLease}); err != nil {
		panic(err)
	}
	return t
}

// Decision returns a valid decision record of the household.
func Decision(id, householdID string) store.DecisionRecord {
	return store.DecisionRecord{ID: id, HouseholdID: householdID, RuleSetID: PolicyID, RuleSetVersion: "2025.1",
		VariantIDs: []string{"max-18-months"}, Date: day("2025-03-03"), Outcome: "eligible", AskedBy: "operator-7",
		Decision: json.RawMessage(`{"outcome": "eligible", "score": "12.50", "reasons": [{"code": "residence"}]}`)}
}

// Waiting returns a valid waiting-list entry.
func Waiting(programmeID, householdID, score, since string) store.WaitingEntry {
	return store.WaitingEntry{ProgrammeID: programmeID, HouseholdID: householdID, Score: dec(score), Since: day(since)}
}

// update runs fn in a read-write transaction and fails the test on error.
func mustUpdate(t *testing.T, st store.Store, tenant store.Tenant, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.Update(context.Background(), tenant, fn); err != nil {
		t.Fatalf("update: %v", err)
	}
}

// view runs fn in a read-only transaction and fails the test on error.
func mustView(t *testing.T, st store.Store, tenant store.Tenant, fn func(tx store.Tx) error) {
	t.Helper()
	if err := st.View(context.Background(), tenant, fn); err != nil {
		t.Fatalf("view: %v", err)
	}
}

// wantErr checks that err is a *housing.Error (never a bare driver error)
// with the code and, when key is set, the key.
func wantErr(t *testing.T, what string, err error, code housing.Code, key string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %s %s", what, code, key)
		return
	}
	var he *housing.Error
	if !errors.As(err, &he) {
		t.Errorf("%s: %T %v is not a *housing.Error; want %s %s", what, err, err, code, key)
		return
	}
	if he.Code != code || key != "" && he.Key != key {
		t.Errorf("%s: got %s %s (%v), want %s %s", what, he.Code, he.Key, err, code, key)
	}
}

// noErr fails the test when err is not nil.
func noErr(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// sameJSON checks that got and want encode to the same JSON: every field,
// decimals with their exact digits.
func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, err1 := json.Marshal(got)
	w, err2 := json.Marshal(want)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: encoding: %v %v", what, err1, err2)
	}
	if !bytes.Equal(g, w) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// sameJSONValue checks that two JSON documents hold the same value
// (whitespace and key order aside).
func sameJSONValue(t *testing.T, what string, got, want []byte) {
	t.Helper()
	var g, w any
	dg := json.NewDecoder(bytes.NewReader(got))
	dg.UseNumber()
	dw := json.NewDecoder(bytes.NewReader(want))
	dw.UseNumber()
	if err := dg.Decode(&g); err != nil {
		t.Errorf("%s: stored JSON does not decode: %v", what, err)
		return
	}
	if err := dw.Decode(&w); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}

func ids[T any](vs []store.Versioned[T], id func(T) string) string {
	var b bytes.Buffer
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(id(v.Value))
	}
	return b.String()
}

func unitIDs(vs []store.Versioned[housing.Unit]) string {
	return ids(vs, func(u housing.Unit) string { return u.ID })
}

func tenancyIDs(vs []store.Versioned[housing.Tenancy]) string {
	return ids(vs, func(u housing.Tenancy) string { return u.ID })
}

func eventsString(es []store.Event) string {
	var b bytes.Buffer
	for i, e := range es {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%s:%s:%d", e.Kind, e.ID, e.Action, e.Version)
	}
	return b.String()
}
