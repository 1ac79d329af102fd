package casework_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/housingkit/housingkit/casework"
	"github.com/housingkit/housingkit/housing"
	"github.com/shopspring/decimal"
)

// FuzzParseRefusals: any input gives reasons or an invalid error, never a
// panic; reasons read are well formed.
func FuzzParseRefusals(f *testing.F) {
	f.Add([]byte("format: housingkit.refusals/v1\nreasons:\n  - {code: too_far, by: household, expires_months: 12, label: {it: lontano, en: far}}\n"))
	f.Add([]byte(`{"format": "housingkit.refusals/v1", "reasons": []}`))
	f.Add([]byte("reasons: [{by: nobody, expires_months: -1}]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := casework.ParseRefusals("r.yaml", data)
		if err != nil {
			var he *housing.Error
			if !errors.As(err, &he) || he.Code != housing.CodeInvalid {
				t.Fatalf("error %v is not invalid", err)
			}
			return
		}
		for _, r := range rs {
			if (r.By != casework.ByHousehold && r.By != casework.ByLandlord) || r.ExpiresMonths < 0 {
				t.Fatalf("accepted %+v", r)
			}
		}
	})
}

// FuzzRentAgreement: any agreement file gives bands or an invalid error;
// a rent computed from bands read lies between the band's lowest and
// highest rent.
func FuzzRentAgreement(f *testing.F) {
	terms := []byte("format: housingkit.contracts/v1\ncontracts: []\n")
	f.Add([]byte(`format: housingkit.rent-agreement/v1
id: a
title: {it: a, en: a}
source: {act: x, placeholder: true}
classes: [c]
zones: [z]
rates: [{zone: z, class: c, min: "4.00", max: "6.50"}]
`), "z", "c", "55.5")
	f.Add([]byte("rates: [{zone: z, class: c, min: 7, max: 1}]"), "z", "c", "10")
	f.Fuzz(func(t *testing.T, data []byte, zone, class, area string) {
		ct, err := casework.LoadContracts(fstest.MapFS{"d/contracts.yaml": {Data: terms}, "d/agreements/a.yaml": {Data: data}}, "d")
		if err != nil {
			var he *housing.Error
			if !errors.As(err, &he) || he.Code != housing.CodeInvalid {
				t.Fatalf("error %v is not invalid", err)
			}
			return
		}
		a, err := decimal.NewFromString(area)
		if err != nil {
			return
		}
		for _, ag := range ct.Agreements {
			q, err := ag.Rent(zone, class, a, casework.PointMid)
			if err != nil {
				continue
			}
			lo, hi := a.Mul(q.RateMin).Round(2), a.Mul(q.RateMax).Round(2)
			if q.Monthly.LessThan(lo) || q.Monthly.GreaterThan(hi) {
				t.Fatalf("rent %s outside %s–%s", q.Monthly, lo, hi)
			}
		}
	})
}
