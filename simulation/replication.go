package simulation

import (
	"fmt"
	"strconv"

	"github.com/housingkit/housingkit/housing"
)

// replication is what the variants of one replication share: the arrivals,
// the households and their draws, and the decisions already taken (a rule
// set decides the same household on the same date the same way whatever the
// variant).
type replication struct {
	m         *Model
	rep       int
	firsts    []arrival
	eps       map[epKey]*episode
	decisions map[decKey]decided
}

type epKey struct{ group, seq, episode int }

type decKey struct {
	ep  epKey
	rs  int
	day housing.Date
}

// episode is one referral of a household with its draws.
type episode struct {
	hh      *household
	d       draws
	arr     arrival
	episode int
}

func (m *Model) newReplication(rep int) *replication {
	return &replication{m: m, rep: rep, firsts: m.arrivals(rep), eps: map[epKey]*episode{}, decisions: map[decKey]decided{}}
}

// episode returns the episode of arrival a on date on: the household
// drawn from its own stream (the first episode), or the same household
// referred again (a return: the referral and the ISEE dated on). The
// household is validated once here (housing.Household.ValidateOn), for the
// eligibility and for every matching it waits for in every variant.
func (p *replication) episode(a arrival, on housing.Date) (*episode, error) {
	k := epKey{a.group, a.seq, a.episode}
	if ep, ok := p.eps[k]; ok && (a.episode == 0 || ep.arr.t == a.t) {
		return ep, nil
	}
	r := p.m.episodeStream(p.rep, a.group, a.seq, a.episode)
	ep := &episode{arr: a, episode: a.episode}
	if first, ok := p.eps[epKey{a.group, a.seq, 0}]; a.episode > 0 && ok {
		hh := *first.hh
		if hh.h.ISEE != nil {
			isee := *hh.h.ISEE
			isee.IssuedOn = on
			hh.h.ISEE = &isee
		}
		hh.ref.ID = hh.ref.ID + "-" + strconv.Itoa(a.episode)
		hh.ref.Date = on
		ep.hh = &hh
	} else {
		ep.hh = p.m.newHousehold(r, a.group, a.seq, on)
	}
	if err := ep.hh.h.ValidateOn(on); err != nil {
		return nil, fmt.Errorf("household %s drawn on %s: %w", ep.hh.id, on, err)
	}
	ep.d.fill(r)
	p.eps[k] = ep
	return ep, nil
}
