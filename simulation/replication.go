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
	m      *Model
	rep    int
	firsts []arrival
	// first[g][seq] is the first episode of household seq of group g;
	// later holds the returns.
	first [][]*episode
	later map[epKey]*episode
}

type epKey struct{ group, seq, episode int }

// decRec is a decision taken on an episode by rule set rs on a day.
type decRec struct {
	rs  int
	day housing.Date
	d   decided
}

// episode is one referral of a household with its draws.
type episode struct {
	hh      *household
	d       draws
	arr     arrival
	episode int
	// decs are the decisions taken on the episode (a rule set decides
	// the same household on the same date the same way whatever the
	// variant).
	decs []decRec
}

func (m *Model) newReplication(rep int) *replication {
	p := &replication{m: m, rep: rep, firsts: m.arrivals(rep), first: make([][]*episode, len(m.groups)), later: map[epKey]*episode{}}
	n := make([]int, len(m.groups))
	for _, a := range p.firsts {
		n[a.group] = max(n[a.group], a.seq+1)
	}
	for g := range p.first {
		p.first[g] = make([]*episode, n[g])
	}
	return p
}

// lookup returns the episode of k, or nil.
func (p *replication) lookup(k epKey) *episode {
	if k.episode > 0 {
		return p.later[k]
	}
	if k.group < len(p.first) && k.seq < len(p.first[k.group]) {
		return p.first[k.group][k.seq]
	}
	return nil
}

// episode returns the episode of arrival a on date on: the household
// drawn from its own stream (the first episode), or the same household
// referred again (a return: the referral and the ISEE dated on). The
// household is validated once here (housing.Household.ValidateOn), for the
// eligibility and for every matching it waits for in every variant.
func (p *replication) episode(a arrival, on housing.Date) (*episode, error) {
	k := epKey{a.group, a.seq, a.episode}
	if ep := p.lookup(k); ep != nil && (a.episode == 0 || ep.arr.t == a.t) {
		return ep, nil
	}
	r := p.m.episodeStream(p.rep, a.group, a.seq, a.episode)
	ep := &episode{arr: a, episode: a.episode}
	if first := p.lookup(epKey{a.group, a.seq, 0}); a.episode > 0 && first != nil {
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
	if a.episode > 0 {
		p.later[k] = ep
	} else {
		p.first[a.group][a.seq] = ep
	}
	return ep, nil
}
