package matching

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/housingkit/housingkit/rentcalc"
)

// benchMarket is a city-sized market: n applicants for the agency and the
// transition programme, m/2 agency apartments and m/2 rooms in facilities
// of 12 beds with shared kitchens.
func benchMarket(n, m int) Input {
	r := rand.New(rand.NewPCG(2025, 11))
	in := randomInput(r, n, m/2)
	for i := range in.Applicants {
		in.Applicants[i].Programmes = []string{"ct-habito", "ct-transizione"}
	}
	for k := 0; k < m/2; k++ {
		fid := fmt.Sprintf("f%03d", k/6)
		if k%6 == 0 {
			in.Offer.Facilities = append(in.Offer.Facilities, transition(fid))
		}
		in.Offer.Units = append(in.Offer.Units, room(fmt.Sprintf("r%05d", k), fid, 1+k%3, fmt.Sprint(9+5*(k%3))))
	}
	return in
}

func benchMatch(b *testing.B, n, m int, mech Mechanism) {
	in := benchMarket(n, m)
	check, err := ShippedRentCheck(rentcalc.PolicyLiguria30, day)
	if err != nil {
		b.Fatal(err)
	}
	opt := Options{Mechanism: mech, Seed: 1, RentCheck: check}
	b.ResetTimer()
	for b.Loop() {
		res, err := Match(in, opt)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(res.Proposals)), "housed")
		b.ReportMetric(float64(res.Rounds), "rounds")
	}
}

func BenchmarkMatchOptimal2000x500(b *testing.B)  { benchMatch(b, 2000, 500, Optimal) }
func BenchmarkMatchPriority2000x500(b *testing.B) { benchMatch(b, 2000, 500, SerialDictatorship) }
func BenchmarkMatchLottery2000x500(b *testing.B)  { benchMatch(b, 2000, 500, Lottery) }
func BenchmarkMatchDeferred2000x500(b *testing.B) { benchMatch(b, 2000, 500, DeferredAcceptance) }
func BenchmarkMatchCapacitated2000x500(b *testing.B) {
	benchMatch(b, 2000, 500, Capacitated)
}

// BenchmarkFeasibility times the constraints alone: every pair of 2000
// applicants and 500 units.
func BenchmarkFeasibility2000x500(b *testing.B) {
	in := benchMarket(2000, 500)
	check, _ := ShippedRentCheck(rentcalc.PolicyLiguria30, day)
	opt := Options{RentCheck: check}
	for b.Loop() {
		if _, err := build(&in, &opt, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMatchOptimal10000x1000(b *testing.B)  { benchMatch(b, 10000, 1000, Optimal) }
func BenchmarkMatchPriority10000x1000(b *testing.B) { benchMatch(b, 10000, 1000, SerialDictatorship) }
