package casework

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/matching"
	"github.com/housingkit/housingkit/store"
)

// The collections of documents (store.Document) that casework keeps.
const (
	CollJournal   = "casework.journal"  // one entry per operation, with the record before and after
	CollReferral  = "casework.referral" // the assessment summary of a referral
	CollProposal  = "casework.proposal" // a unit proposed to a household, with both answers
	CollHold      = "casework.hold"     // the unit a household accepted (one per unit)
	CollContract  = "casework.contract" // the contract of a stay, with the facts at entry
	CollOnward    = "casework.onward"   // a referral onwards to another path or service
	CollInterest  = "casework.interest" // an owner's expression of interest
	CollLocations = "casework.location" // zone and class of a dwelling, for agreed rents
)

// Error keys of casework (housing.Error.Key).
const (
	KeyActor     = "casework.actor"      // invalid: no actor in the context
	KeyProgramme = "casework.programme"  // not_found: unknown programme
	KeyState     = "casework.state"      // conflict (or invalid): the step does not fit the case's state
	KeyUnitTaken = "casework.unit_taken" // conflict: another household holds the unit
	KeyEvidence  = "casework.evidence"   // invalid: a renewal without evidence or approver
	KeyContract  = "casework.contract"   // invalid: contract terms broken
	KeyDeclined  = "casework.declined"   // conflict: the household refused this unit and the reason holds
	KeyMechanism = "casework.mechanism"  // invalid: the matching proposed several units for one household
)

// Programme is a programme as casework runs it: the housing.Programme
// (rule set, duration policy, services), the variants of its rule set, the
// contract its stays run under, and the agency's rent-sustainability
// policy for matching and landlord reports.
type Programme struct {
	housing.Programme
	// RuleSet is the compiled rule set; nil means the shipped rule set
	// RuleSetID.
	RuleSet *eligibility.RuleSet `json:"-"`
	// Variants are applied to the rule set, in order.
	Variants []*eligibility.Overlay `json:"-"`
	// Contract is the contract the programme's stays run under.
	Contract housing.ContractKind `json:"contract"`
	// RentPolicy is the rentcalc sustainability policy id of the agency
	// (such as rentcalc.PolicyLiguria30); empty for no rent check.
	RentPolicy string `json:"rent_policy,omitempty"`
	// Restrictions apply to every unit of the programme.
	Restrictions housing.Restrictions `json:"restrictions"`
}

// Options configure a Casework.
type Options struct {
	// Programmes the tenant runs; nil means SeedProgrammes().
	Programmes []Programme
	// Policies are the duration policies by id; nil means the shipped
	// ones and the contract policies of Contracts.
	Policies []*housing.DurationPolicy
	// Contracts are the contract terms; nil means ShippedContracts().
	Contracts *ContractTerms
	// Refusals are the reason codes of refusals; nil means
	// ShippedRefusals().
	Refusals []RefusalReason
	// Clock gives the time written in the journal; nil means time.Now.
	Clock func() time.Time
	// Mechanism is the matching mechanism (default matching.Optimal).
	Mechanism matching.Mechanism
}

// Casework carries cases through their life over a store.Store: every
// operation is one transaction (store.Update), written to the journal
// with who, when, what and the record before and after, and returns a
// *housing.Error with a code (invalid, not_found, conflict, forbidden,
// internal) when it fails, having written nothing. The actor is taken
// from the context (store.WithActor) and is required for every write.
// A Casework is safe for concurrent use.
type Casework struct {
	st        store.Store
	progs     map[string]*Programme
	order     []string
	policies  map[string]*housing.DurationPolicy
	contracts *ContractTerms
	refusals  map[string]RefusalReason
	clock     func() time.Time
	mechanism matching.Mechanism
}

// New returns a Casework over st. It returns invalid when a programme is
// invalid, names a rule set, policy or contract that does not exist, or
// allows split placement over several rooms (SplitAcrossRooms), which
// casework cannot record yet.
func New(st store.Store, opts Options) (*Casework, error) {
	if st == nil {
		return nil, housing.Errorf(housing.CodeInvalid, "argument.nil", "no store given (nil)")
	}
	c := &Casework{st: st, progs: map[string]*Programme{}, policies: map[string]*housing.DurationPolicy{},
		refusals: map[string]RefusalReason{}, clock: opts.Clock, mechanism: opts.Mechanism}
	if c.clock == nil {
		c.clock = time.Now
	}
	if c.mechanism == "" {
		c.mechanism = matching.Optimal
	}
	c.contracts = opts.Contracts
	if c.contracts == nil {
		ct, err := ShippedContracts()
		if err != nil {
			return nil, err
		}
		c.contracts = ct
	}
	pols := opts.Policies
	if pols == nil {
		pols = append(housing.ShippedPolicies(), c.contracts.Policies...)
	}
	for _, p := range pols {
		if p == nil {
			return nil, housing.Errorf(housing.CodeInvalid, "argument.nil", "a duration policy is nil")
		}
		c.policies[p.ID] = p
	}
	refusals := opts.Refusals
	if refusals == nil {
		rs, err := ShippedRefusals()
		if err != nil {
			return nil, err
		}
		refusals = rs
	}
	for _, r := range refusals {
		c.refusals[r.Code] = r
	}
	progs := opts.Programmes
	if progs == nil {
		progs = SeedProgrammes()
	}
	var ps housing.Problems
	for i := range progs {
		p := progs[i]
		at := housing.Index("programmes", i)
		ps.Merge(at, p.Programme.Validate())
		if p.RuleSet == nil {
			rs, err := eligibility.Shipped(p.RuleSetID)
			if err != nil {
				ps.Add(at+".ruleset_id", "%s", housing.ErrorMessage(err))
			}
			p.RuleSet = rs
		}
		for j, v := range p.Variants {
			if p.RuleSet == nil || v == nil {
				ps.Add(housing.Index(at+".variants", j), "no rule set or variant (nil)")
				continue
			}
			rs, err := p.RuleSet.Apply(v)
			if err != nil {
				ps.Add(housing.Index(at+".variants", j), "%s", housing.ErrorMessage(err))
				continue
			}
			p.RuleSet = rs
		}
		if _, ok := c.policies[p.DurationPolicyID]; !ok {
			ps.Add(at+".duration_policy_id", "no duration policy %q", p.DurationPolicyID)
		}
		if _, ok := c.contracts.Term(p.Contract); !ok {
			ps.Add(at+".contract", "no contract terms for %q", p.Contract)
		}
		if p.SplitAcrossRooms {
			// The store keeps one unit a stay and refuses a household's
			// overlapping stays, so a proposal over several rooms could
			// only be recorded as its first room: refused rather than
			// written half.
			ps.Add(at+".split_across_rooms", "casework cannot yet record a stay over several rooms (split placement): the store keeps one unit a stay; leave it false here (package simulation models it)")
		}
		if _, dup := c.progs[p.ID]; dup {
			ps.Add(at+".id", "programme %q is listed twice", p.ID)
		}
		c.progs[p.ID] = &p
		c.order = append(c.order, p.ID)
	}
	if err := ps.Err("invalid casework options"); err != nil {
		return nil, err
	}
	return c, nil
}

// Programme returns the programme with the id: not_found otherwise.
func (c *Casework) Programme(id string) (*Programme, error) {
	p, ok := c.progs[id]
	if !ok {
		return nil, &housing.Error{Code: housing.CodeNotFound, Key: KeyProgramme, Message: fmt.Sprintf("no programme %q", id)}
	}
	return p, nil
}

// Programmes returns the ids of the programmes, in the order given.
func (c *Casework) Programmes() []string { return slices.Clone(c.order) }

// Policy returns the duration policy with the id: not_found otherwise.
func (c *Casework) Policy(id string) (*housing.DurationPolicy, error) {
	p, ok := c.policies[id]
	if !ok {
		return nil, housing.Errorf(housing.CodeNotFound, store.KeyNotFound, "no duration policy %q", id)
	}
	return p, nil
}

// work is one operation's transaction.
type work struct {
	c     *Casework
	tx    store.Tx
	actor string
	at    time.Time
	op    string
}

// write runs fn as the operation op in one read-write transaction.
func (c *Casework) write(ctx context.Context, tenant store.Tenant, op string, fn func(w *work) error) error {
	actor := store.ActorFrom(ctx)
	if actor == "" {
		return &housing.Error{Code: housing.CodeInvalid, Key: KeyActor,
			Message: op + ": who acts is required: set it on the context with store.WithActor"}
	}
	if err := store.CheckActor(actor); err != nil {
		return err
	}
	at := c.clock().UTC()
	var err error
	for attempt := 0; attempt < journalAttempts; attempt++ {
		err = c.st.Update(ctx, tenant, func(tx store.Tx) error {
			return fn(&work{c: c, tx: tx, actor: actor, at: at, op: op})
		})
		if !errors.Is(err, errJournalRace) {
			break
		}
	}
	return asDomain(err)
}

// journalAttempts bounds the runs of an operation whose journal entry was
// taken by a concurrent operation on the same case: each run loses only to
// an operation that committed, so n operations at once need at most n runs.
const journalAttempts = 16

// errJournalRace is the conflict of two operations on one case that wrote
// the same journal entry at once: the later runs again, after the earlier.
var errJournalRace = &housing.Error{Code: housing.CodeConflict, Key: "casework.busy"}

// read runs fn in one read-only transaction.
func (c *Casework) read(ctx context.Context, tenant store.Tenant, fn func(w *work) error) error {
	return asDomain(c.st.View(ctx, tenant, func(tx store.Tx) error {
		return fn(&work{c: c, tx: tx})
	}))
}

// asDomain makes sure every error is a *housing.Error.
func asDomain(err error) error {
	if err == nil {
		return nil
	}
	var he *housing.Error
	if errors.As(err, &he) {
		return err
	}
	return &housing.Error{Code: housing.CodeInternal, Key: "casework.internal", Message: "casework failed", Err: err}
}

// Entry is one entry of the journal: who did what, when, to which record,
// for what reason, and the record before and after.
type Entry struct {
	ID    string    `json:"id"`
	Op    string    `json:"op"`
	Actor string    `json:"actor"`
	At    time.Time `json:"at"`
	// Date is the date the step is recorded for (referral, decision,
	// start, exit…).
	Date   housing.Date `json:"date"`
	Kind   string       `json:"kind"`
	Record string       `json:"record"`
	Reason string       `json:"reason,omitempty"`
	// Before is the record before the step (null when created), After
	// after it.
	Before json.RawMessage `json:"before"`
	After  json.RawMessage `json:"after"`
}

// journal appends an entry about the record of kind id to the journal of
// ref (a household, unit or owner id).
func (w *work) journal(ref string, on housing.Date, kind, id, reason string, before, after any) error {
	prev, err := w.tx.Documents().OfRef(CollJournal, ref)
	if err != nil {
		return err
	}
	e := Entry{ID: fmt.Sprintf("%s.%06d", ref, len(prev)+1), Op: w.op, Actor: w.actor, At: w.at, Date: on,
		Kind: kind, Record: id, Reason: reason}
	if e.Before, err = rawOf(before); err != nil {
		return err
	}
	if e.After, err = rawOf(after); err != nil {
		return err
	}
	err = putDoc(w.tx, CollJournal, e.ID, ref, e, 0)
	if errors.Is(err, store.ErrExists) {
		return &housing.Error{Code: housing.CodeConflict, Key: errJournalRace.Key,
			Message: fmt.Sprintf("another operation on %q was recorded at the same time; try again", ref), Err: errJournalRace}
	}
	return err
}

func rawOf(v any) (json.RawMessage, error) {
	if v == nil {
		return json.RawMessage("null"), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, &housing.Error{Code: housing.CodeInternal, Key: "casework.encode", Message: "cannot encode a record", Err: err}
	}
	return b, nil
}

// putDoc creates (version 0) or updates (read at version) a document.
func putDoc(tx store.Tx, coll, id, ref string, v any, version int64) error {
	body, err := rawOf(v)
	if err != nil {
		return err
	}
	d := store.Document{Collection: coll, ID: id, Ref: ref, Body: body}
	if version == 0 {
		return tx.Documents().Create(d)
	}
	_, err = tx.Documents().Update(d, version)
	return err
}

// getDoc reads a document into v and returns its version.
func getDoc(tx store.Tx, coll, id string, v any) (int64, error) {
	d, err := tx.Documents().Get(coll, id)
	if err != nil {
		return 0, err
	}
	if err := json.Unmarshal(d.Value.Body, v); err != nil {
		return 0, store.Internal("decoding "+coll+" "+id, err)
	}
	return d.Version, nil
}

// docsOf decodes the documents of coll with the reference ref.
func docsOf[T any](tx store.Tx, coll, ref string) ([]T, []int64, error) {
	ds, err := tx.Documents().OfRef(coll, ref)
	if err != nil {
		return nil, nil, err
	}
	out := make([]T, len(ds))
	vs := make([]int64, len(ds))
	for i, d := range ds {
		if err := json.Unmarshal(d.Value.Body, &out[i]); err != nil {
			return nil, nil, store.Internal("decoding "+coll+" "+d.Value.ID, err)
		}
		vs[i] = d.Version
	}
	return out, vs, nil
}

// allDocs decodes every document of coll.
func allDocs[T any](tx store.Tx, coll string) ([]T, error) {
	var out []T
	p := store.Page{Limit: store.MaxLimit}
	for {
		ds, err := tx.Documents().List(coll, p)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			var v T
			if err := json.Unmarshal(d.Value.Body, &v); err != nil {
				return nil, store.Internal("decoding "+coll+" "+d.Value.ID, err)
			}
			out = append(out, v)
		}
		if len(ds) < p.Limit {
			return out, nil
		}
		p.After = ds[len(ds)-1].Value.ID
	}
}

// listAll pages through a repository's List.
func listAll[T any](list func(store.Page) ([]store.Versioned[T], error), id func(T) string) ([]store.Versioned[T], error) {
	var out []store.Versioned[T]
	p := store.Page{Limit: store.MaxLimit}
	for {
		vs, err := list(p)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
		if len(vs) < p.Limit {
			return out, nil
		}
		p.After = id(vs[len(vs)-1].Value)
	}
}

// Journal returns the journal of ref (a household, unit or owner id), in
// the order written.
func (c *Casework) Journal(ctx context.Context, tenant store.Tenant, ref string) ([]Entry, error) {
	var out []Entry
	err := c.read(ctx, tenant, func(w *work) error {
		es, _, err := docsOf[Entry](w.tx, CollJournal, ref)
		out = es
		return err
	})
	return out, err
}

func invalid(key, format string, args ...any) error {
	return housing.Errorf(housing.CodeInvalid, key, format, args...)
}

func conflict(key, format string, args ...any) error {
	return housing.Errorf(housing.CodeConflict, key, format, args...)
}

func required(ps *housing.Problems, path, v string) {
	if v == "" {
		ps.Add(path, "is required")
	}
}

func requiredDate(ps *housing.Problems, path string, d housing.Date) {
	if d.IsZero() {
		ps.Add(path, "is required")
	}
}
