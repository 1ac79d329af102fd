package httpapi

import (
	"container/list"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"go.yaml.in/yaml/v3"
)

// EvaluateRequest is the body of POST /v1/evaluate: a household evaluated
// against a rule set on a date, with the referral that brings it (optional:
// without it the referral facts are unknown) and zero or more overlays
// (rule-set variants, the format of eligibility's overlay files, as JSON)
// applied in order.
type EvaluateRequest struct {
	RuleSet   string            `json:"ruleset" required:"true"`
	Date      housing.Date      `json:"date" required:"true"`
	Household housing.Household `json:"household" required:"true"`
	Referral  *housing.Referral `json:"referral,omitempty"`
	Overlays  []yaml.Node       `json:"overlays,omitempty"`
}

// validate checks what decoding cannot: the household's and the referral's
// own rules.
func (q *EvaluateRequest) validate() error {
	var ps housing.Problems
	ps.Merge("household", q.Household.Validate())
	if q.Referral != nil {
		ps.Merge("referral", referralProblems(*q.Referral))
	}
	return ps.Err("")
}

// referralProblems checks what evaluation reads of a referral: a known kind
// of referring team, when given.
func referralProblems(r housing.Referral) error {
	var ps housing.Problems
	if k := r.Team.Kind; k != "" && !slices.Contains(housing.TeamKinds, k) {
		kinds := make([]string, len(housing.TeamKinds))
		for i, t := range housing.TeamKinds {
			kinds[i] = string(t)
		}
		ps.Add("team.kind", "unknown value %q; want one of %s", k, strings.Join(kinds, ", "))
	}
	return ps.Err("invalid referral")
}

// overlayKey is the cache key of a rule set with overlays: the sha256 of
// the rule set's id and the overlays' text as the request gave it.
type overlayKey [sha256.Size]byte

func keyOf(id string, texts ...[]byte) overlayKey {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00", id)
	for _, t := range texts {
		fmt.Fprintf(h, "%d\x00", len(t))
		h.Write(t)
	}
	var k overlayKey
	h.Sum(k[:0])
	return k
}

// ruleSet returns the rule set id with overlays applied in order, recording
// every problem under the request's paths. Variants are kept in a small
// cache by key (the overlays' text), so that a client sending the same
// overlay with every request pays for reading and applying it once: load,
// which reads the overlays, runs only when the cache lacks the variant.
func (h *Handler) ruleSet(ps *housing.Problems, id string, key overlayKey, load func(*housing.Problems) []overlaySource, path string) *eligibility.RuleSet {
	if id == "" {
		ps.Add(housing.JoinPath(path, "ruleset"), "is required: the id of a rule set (GET /v1/rulesets lists them)")
		return nil
	}
	rs, err := h.opt.RuleSet(id)
	if err != nil {
		ps.Add(housing.JoinPath(path, "ruleset"), "%s", housing.ErrorMessage(err))
		return nil
	}
	if load == nil {
		return rs
	}
	if v, ok := h.variants.get(key); ok {
		return v
	}
	n := len(*ps)
	overlays := load(ps)
	if len(*ps) > n {
		return nil
	}
	for i, src := range overlays {
		at := housing.Index(housing.JoinPath(path, "overlays"), i)
		place := func(err error) {
			if src.at != nil {
				*ps = append(*ps, src.at.place(at, input.Problems(err))...)
				return
			}
			*ps = append(*ps, prefixed(at, err)...)
		}
		o, err := eligibility.ParseOverlay(src.name, src.data)
		if o == nil {
			place(err)
			return nil
		}
		next, err := rs.Apply(o)
		if err != nil {
			place(err)
			return nil
		}
		rs = next
	}
	h.variants.put(key, rs)
	return rs
}

// yamlOverlays returns the key and loader of overlays read by the strict
// reader as YAML nodes (nil, nil for none).
func yamlOverlays(id string, nodes []yaml.Node) (overlayKey, func(*housing.Problems) []overlaySource) {
	if len(nodes) == 0 {
		return overlayKey{}, nil
	}
	srcs, err := overlaySources(nodes)
	if err != nil {
		return overlayKey{}, func(ps *housing.Problems) []overlaySource {
			ps.Add("overlays", "cannot read the overlays: %v", err)
			return nil
		}
	}
	texts := make([][]byte, len(srcs))
	for i, s := range srcs {
		texts[i] = s.data
	}
	return keyOf(id, texts...), func(*housing.Problems) []overlaySource { return srcs }
}

// evaluateRequest reads the body of POST /v1/evaluate. A well-formed JSON
// object is split at its top level: the household and referral are read
// by the strict reader each, the overlays are kept as their JSON text (a
// cached variant is found by it without reading them again); anything else
// is read whole by the strict reader, which says what is wrong and where.
// Either way every problem has its path and its position in the body.
func (h *Handler) evaluateRequest(data []byte) (*EvaluateRequest, *eligibility.RuleSet, error) {
	q, key, load, ps, err := parseEvaluate(data)
	if err != nil {
		return nil, nil, err
	}
	if q.RuleSet == "" && len(ps) > 0 {
		return nil, nil, invalid(ps)
	}
	rs := h.ruleSet(&ps, q.RuleSet, key, load, "")
	if err := invalid(ps); err != nil {
		return nil, nil, err
	}
	return q, rs, nil
}

// parseEvaluate reads an evaluate body (see evaluateRequest) and returns the
// request, the cache key and loader of its overlays (nil for none) and the
// problems found; an error only for a failure that is not a problem of the
// body.
func parseEvaluate(data []byte) (*EvaluateRequest, overlayKey, func(*housing.Problems) []overlaySource, housing.Problems, error) {
	var q EvaluateRequest
	var ps housing.Problems
	parts, top, ok := splitObject(data, []string{"ruleset", "date", "household", "referral", "overlays"})
	var key overlayKey
	var load func(*housing.Problems) []overlaySource
	if ok {
		ps = append(ps, top...)
		for _, key := range []string{"ruleset", "date", "household"} {
			if parts[key].raw == nil {
				ps = append(ps, housing.Problem{File: bodyName, Line: 1, Col: 1, Message: "missing required key " + quote(key)})
			}
		}
		if p := parts["ruleset"]; p.raw != nil {
			ps = append(ps, p.read("ruleset", &q.RuleSet, nil)...)
		}
		if p := parts["date"]; p.raw != nil {
			ps = append(ps, p.read("date", &q.Date, nil)...)
		}
		if p := parts["household"]; p.raw != nil {
			ps = append(ps, p.read("household", &q.Household, func() error { return q.Household.Validate() })...)
		}
		if p := parts["referral"]; !p.null() {
			q.Referral = new(housing.Referral)
			ps = append(ps, p.read("referral", q.Referral, func() error { return referralProblems(*q.Referral) })...)
		}
		if p := parts["overlays"]; !p.null() {
			// The list as the body wrote it is the key; it is split
			// into overlays only when the cache lacks the variant.
			key = keyOf(q.RuleSet, []byte("json"), p.raw)
			load = func(ps *housing.Problems) []overlaySource {
				srcs, ops := rawOverlays(p)
				*ps = append(*ps, ops...)
				return srcs
			}
		}
	} else {
		if err := readJSON(data, &q, q.validate); err != nil {
			p, ok := problemsOf(err)
			if !ok {
				return nil, key, nil, nil, err
			}
			ps = append(ps, p...)
		}
		key, load = yamlOverlays(q.RuleSet, q.Overlays)
	}
	return &q, key, load, ps, nil
}

func (h *Handler) evaluate(rq *request) error {
	data, err := io.ReadAll(rq.r.Body)
	if err != nil {
		return err
	}
	q, rs, err := h.evaluateRequest(data)
	if err != nil {
		return err
	}
	var opts []eligibility.Option
	if q.Referral != nil {
		opts = append(opts, eligibility.WithReferral(q.Referral))
	}
	d, err := eligibility.Evaluate(rs, &q.Household, q.Date, opts...)
	if err != nil {
		if p, ok := problemsOf(err); ok {
			return invalid(p)
		}
		return err
	}
	return rq.writeDecision(http.StatusOK, d)
}

// RuleSetInfo describes a rule set in GET /v1/rulesets.
type RuleSetInfo struct {
	ID         string       `json:"id"`
	Version    string       `json:"version"`
	Title      housing.Text `json:"title"`
	ValidFrom  housing.Date `json:"valid_from,omitzero"`
	ValidTo    housing.Date `json:"valid_to,omitzero"`
	Facts      []string     `json:"facts"`
	Parameters []string     `json:"parameters"`
	Rules      int          `json:"rules"`
}

func (h *Handler) listRuleSets(rq *request) error {
	out := []RuleSetInfo{}
	for _, id := range h.opt.RuleSetIDs() {
		rs, err := h.opt.RuleSet(id)
		if err != nil {
			return internalError("rule set " + id + ": " + err.Error())
		}
		out = append(out, RuleSetInfo{ID: rs.ID(), Version: rs.Version(), Title: rs.Title(), ValidFrom: rs.ValidFrom(),
			ValidTo: rs.ValidTo(), Facts: rs.Facts(), Parameters: rs.ParameterNames(), Rules: len(rs.Rules())})
	}
	return rq.writeJSON(http.StatusOK, map[string]any{"rulesets": out})
}

// variantCache keeps the last variants applied, by the sha256 of the rule
// set id and the overlays' text: a least-recently-used list of bounded
// length. It is a cache of pure computation: an instance that lacks an
// entry computes it, so instances need not share it.
type variantCache struct {
	mu    sync.Mutex
	max   int
	order *list.List
	byKey map[overlayKey]*list.Element
}

type variantEntry struct {
	key overlayKey
	rs  *eligibility.RuleSet
}

func newVariantCache(max int) *variantCache {
	return &variantCache{max: max, order: list.New(), byKey: map[overlayKey]*list.Element{}}
}

func (c *variantCache) get(k overlayKey) (*eligibility.RuleSet, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*variantEntry).rs, true
}

func (c *variantCache) put(k overlayKey, rs *eligibility.RuleSet) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[k]; ok {
		return
	}
	c.byKey[k] = c.order.PushFront(&variantEntry{key: k, rs: rs})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byKey, last.Value.(*variantEntry).key)
	}
}
