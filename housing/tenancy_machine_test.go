package housing

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The transitions of the state machine are exactly those its documentation
// lists under TenancyStatus.
func TestTenancyMachineTransitions(t *testing.T) {
	documented := map[[2]TenancyStatus]bool{
		{"", TenancyProposed}:               true,
		{TenancyProposed, TenancyActive}:    true,
		{TenancyProposed, TenancyCancelled}: true,
		{TenancyActive, TenancyRenewed}:     true,
		{TenancyRenewed, TenancyRenewed}:    true,
		{TenancyActive, TenancyEnded}:       true,
		{TenancyRenewed, TenancyEnded}:      true,
	}
	all := append([]TenancyStatus{""}, TenancyStatuses...)
	for _, from := range all {
		for _, to := range all {
			assert.Equal(t, documented[[2]TenancyStatus{from, to}], legalTransition(from, to), "%q -> %q", from, to)
		}
	}
	for _, s := range all {
		assert.Equal(t, s == TenancyActive || s == TenancyRenewed, s.Running(), "%q running", s)
	}
}

// Every action is either allowed or refused with a sentinel in every status.
func TestTenancyMachineIsComplete(t *testing.T) {
	for a, step := range tenancyMachine {
		require.NotNil(t, step.otherwise, "action %d", a)
		for _, s := range append([]TenancyStatus{""}, TenancyStatuses...) {
			_, refused := step.refused[s]
			allowed := false
			for _, f := range step.from {
				allowed = allowed || f == s
			}
			if a == int(actPropose) {
				refused = !allowed // every other status falls to otherwise
			}
			assert.True(t, allowed != refused, "action %d in status %q: allowed %v, refused %v", a, s, allowed, refused)
		}
	}
}

// The methods follow the table: in each status, each action either succeeds
// and moves the tenancy to the table's status, or is refused with the
// table's sentinel and changes nothing.
func TestTenancyMethodsFollowTheMachine(t *testing.T) {
	p := mustPolicy(t, cremaID)
	p.Renewals.Max = 2 // so that a renewed stay may be renewed again
	d := MustParseDate
	methods := map[tenancyAction]func(*Tenancy) error{
		actPropose:  func(t *Tenancy) error { return t.Propose(d("2025-03-01"), "") },
		actActivate: func(t *Tenancy) error { return t.Activate(p, d("2025-03-01"), "") },
		actRenew: func(t *Tenancy) error {
			return t.Renew(p, Renewal{Date: d("2025-01-20"), Reason: "job_search"})
		},
		actReview: func(t *Tenancy) error { return t.RecordReview(d("2025-01-20"), "") },
		actEnd:    func(t *Tenancy) error { return t.End(Exit{Date: d("2025-03-01"), Pathway: ExitFamily}) },
		actCancel: func(t *Tenancy) error { return t.Cancel(d("2025-03-01"), "") },
	}
	require.Len(t, methods, len(tenancyMachine))
	for name, tn := range states(t) {
		for a, call := range methods {
			step := tenancyMachine[a]
			got := tn
			got.History = append([]Transition(nil), tn.History...)
			err := call(&got)
			allowed := false
			for _, f := range step.from {
				allowed = allowed || f == tn.Status
			}
			if !allowed {
				want, ok := step.refused[tn.Status]
				if !ok {
					want = step.otherwise
				}
				assert.True(t, errors.Is(err, want), "%s, action %d: got %v, want %s", name, a, err, want.Key)
				assert.Equal(t, tn, got, "%s, action %d: a refused step changes nothing", name, a)
				continue
			}
			if !assert.NoError(t, err, "%s, action %d", name, a) {
				continue
			}
			want := step.to
			if want == "" {
				want = tn.Status
				assert.Len(t, got.History, len(tn.History), "%s, action %d records no transition", name, a)
			} else {
				assert.Equal(t, Transition{Date: got.History[len(got.History)-1].Date, From: tn.Status, To: want}, got.History[len(got.History)-1])
			}
			assert.Equal(t, want, got.Status, "%s, action %d", name, a)
			assert.NoError(t, got.ValidateWith(p), "%s, action %d", name, a)
		}
	}
}
