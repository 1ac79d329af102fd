package sqlite

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
	"github.com/shopspring/decimal"
)

type decisions struct{ t *tx }

const decisionColumns = `seq, id, household_id, coalesce(referral_id, ''), ruleset_id, ruleset_version, variant_ids, date, outcome, asked_by, decision`

// Append stores d at the end of the trail and returns its sequence number.
// See store.Decisions.
func (r decisions) Append(d store.DecisionRecord) (int64, error) {
	t := r.t
	var seq int64
	err := t.change(func() error {
		if err := d.Validate(); err != nil {
			return err
		}
		if err := t.ref("household_id", store.KindHousehold, "households", d.HouseholdID); err != nil {
			return err
		}
		if err := t.ref("referral_id", store.KindReferral, "referrals", d.ReferralID); err != nil {
			return err
		}
		variants := d.VariantIDs
		if variants == nil {
			variants = []string{}
		}
		vj, err := json.Marshal(variants)
		if err != nil {
			return store.Internal("encoding variant ids", err)
		}
		found, err := t.scanOne(`INSERT INTO decisions (tenant, id, seq, household_id, referral_id, ruleset_id, ruleset_version, variant_ids, date, outcome, asked_by, decision)
			SELECT ?1, ?2, coalesce(max(seq), 0) + 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11 FROM decisions WHERE tenant = ?1
			RETURNING seq`,
			[]any{string(t.tenant), d.ID, d.HouseholdID, null(d.ReferralID), d.RuleSetID, d.RuleSetVersion, string(vj),
				d.Date.String(), d.Outcome, d.AskedBy, string(d.Decision)}, &seq)
		if err != nil {
			if housing.ErrorCode(err) == housing.CodeConflict {
				return store.Exists(store.KindDecision, d.ID)
			}
			return err
		}
		if !found {
			return store.Internal("appending a decision returned no sequence number", nil)
		}
		t.writes++
		return t.audit(store.KindDecision, d.ID, store.ActionAppend, seq)
	})
	if err != nil {
		return 0, err
	}
	return seq, nil
}

// Get returns the decision with id. See store.Decisions.
func (r decisions) Get(id string) (store.DecisionRecord, error) {
	ds, err := r.scan(`SELECT `+decisionColumns+` FROM decisions WHERE tenant = ? AND id = ?`, string(r.t.tenant), id)
	if err != nil {
		return store.DecisionRecord{}, err
	}
	if len(ds) == 0 {
		return store.DecisionRecord{}, store.NotFound(store.KindDecision, id)
	}
	return ds[0], nil
}

// OfHousehold returns the household's decisions in the order they were
// appended. See store.Decisions.
func (r decisions) OfHousehold(householdID string) ([]store.DecisionRecord, error) {
	return r.scan(`SELECT `+decisionColumns+` FROM decisions INDEXED BY decisions_household WHERE tenant = ? AND household_id = ? ORDER BY seq`,
		string(r.t.tenant), householdID)
}

func (r decisions) scan(query string, args ...any) ([]store.DecisionRecord, error) {
	rows, err := r.t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.DecisionRecord
	for rows.Next() {
		var (
			d              store.DecisionRecord
			variants, date string
			decision       string
		)
		if err := rows.Scan(&d.Seq, &d.ID, &d.HouseholdID, &d.ReferralID, &d.RuleSetID, &d.RuleSetVersion, &variants,
			&date, &d.Outcome, &d.AskedBy, &decision); err != nil {
			return nil, dbError(err, query)
		}
		if err := json.Unmarshal([]byte(variants), &d.VariantIDs); err != nil {
			return nil, store.Internal("decoding the variants of decision "+d.ID, err)
		}
		if len(d.VariantIDs) == 0 {
			d.VariantIDs = nil
		}
		if d.Date, err = housing.ParseDate(date); err != nil {
			return nil, store.Internal("decoding the date of decision "+d.ID, err)
		}
		d.Decision = json.RawMessage(decision)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, query)
	}
	return out, nil
}

type waitingList struct{ t *tx }

const waitingColumns = `version, programme_id, household_id, coalesce(decision_id, ''), score, since`

func (r waitingList) checkRefs(e store.WaitingEntry) error {
	if err := r.t.ref("household_id", store.KindHousehold, "households", e.HouseholdID); err != nil {
		return err
	}
	return r.t.ref("decision_id", store.KindDecision, "decisions", e.DecisionID)
}

// Add puts e on its programme's list at version 1. See store.WaitingList.
func (r waitingList) Add(e store.WaitingEntry) error {
	t := r.t
	return t.change(func() error {
		if err := e.Validate(); err != nil {
			return err
		}
		if err := r.checkRefs(e); err != nil {
			return err
		}
		_, err := t.exec(`INSERT INTO waiting_list (tenant, programme_id, household_id, version, decision_id, score, since) VALUES (?, ?, ?, 1, ?, ?, ?)`,
			string(t.tenant), e.ProgrammeID, e.HouseholdID, null(e.DecisionID), e.Score.String(), e.Since.String())
		if err != nil {
			if housing.ErrorCode(err) == housing.CodeConflict {
				return store.Exists(store.KindWaitingEntry, e.Key())
			}
			return err
		}
		return t.audit(store.KindWaitingEntry, e.Key(), store.ActionCreate, 1)
	})
}

// Get returns the household's entry on the programme's list. See
// store.WaitingList.
func (r waitingList) Get(programmeID, householdID string) (store.Versioned[store.WaitingEntry], error) {
	es, err := r.scan(`SELECT `+waitingColumns+` FROM waiting_list WHERE tenant = ? AND programme_id = ? AND household_id = ?`,
		string(r.t.tenant), programmeID, householdID)
	if err != nil {
		return store.Versioned[store.WaitingEntry]{}, err
	}
	if len(es) == 0 {
		return store.Versioned[store.WaitingEntry]{}, store.NotFound(store.KindWaitingEntry, programmeID+"/"+householdID)
	}
	return es[0], nil
}

// current checks that the entry exists at version.
func (r waitingList) current(programmeID, householdID string, version int64) error {
	var stored int64
	found, err := r.t.scanOne(`SELECT version FROM waiting_list WHERE tenant = ? AND programme_id = ? AND household_id = ?`,
		[]any{string(r.t.tenant), programmeID, householdID}, &stored)
	if err != nil {
		return err
	}
	key := programmeID + "/" + householdID
	if !found {
		return store.NotFound(store.KindWaitingEntry, key)
	}
	if stored != version {
		return store.Stale(store.KindWaitingEntry, key, version, stored)
	}
	return nil
}

// Update replaces the entry read at version. See store.WaitingList.
func (r waitingList) Update(e store.WaitingEntry, version int64) (int64, error) {
	t := r.t
	err := t.change(func() error {
		if err := e.Validate(); err != nil {
			return err
		}
		if err := r.current(e.ProgrammeID, e.HouseholdID, version); err != nil {
			return err
		}
		if err := r.checkRefs(e); err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE waiting_list SET version = ?, decision_id = ?, score = ?, since = ? WHERE tenant = ? AND programme_id = ? AND household_id = ? AND version = ?`,
			version+1, null(e.DecisionID), e.Score.String(), e.Since.String(), string(t.tenant), e.ProgrammeID, e.HouseholdID, version); err != nil {
			return err
		}
		return t.audit(store.KindWaitingEntry, e.Key(), store.ActionUpdate, version+1)
	})
	if err != nil {
		return 0, err
	}
	return version + 1, nil
}

// Remove takes the entry read at version off the list. See
// store.WaitingList.
func (r waitingList) Remove(programmeID, householdID string, version int64) error {
	t := r.t
	return t.change(func() error {
		if err := r.current(programmeID, householdID, version); err != nil {
			return err
		}
		if _, err := t.exec(`DELETE FROM waiting_list WHERE tenant = ? AND programme_id = ? AND household_id = ? AND version = ?`,
			string(t.tenant), programmeID, householdID, version); err != nil {
			return err
		}
		return t.audit(store.KindWaitingEntry, programmeID+"/"+householdID, store.ActionDelete, version)
	})
}

// Ranked returns the programme's list in priority order. Scores are exact
// decimals kept as text, so the list is ranked with store.RankOrder in Go
// rather than by SQLite's text or floating-point order. See
// store.WaitingList.
func (r waitingList) Ranked(programmeID string, limit int) ([]store.Versioned[store.WaitingEntry], error) {
	n, err := store.Page{Limit: limit}.Size()
	if err != nil {
		return nil, err
	}
	es, err := r.scan(`SELECT `+waitingColumns+` FROM waiting_list WHERE tenant = ? AND programme_id = ?`, string(r.t.tenant), programmeID)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(es, func(a, b store.Versioned[store.WaitingEntry]) int { return store.RankOrder(a.Value, b.Value) })
	if len(es) > n {
		es = es[:n]
	}
	return es, nil
}

func (r waitingList) scan(query string, args ...any) ([]store.Versioned[store.WaitingEntry], error) {
	rows, err := r.t.query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Versioned[store.WaitingEntry]
	for rows.Next() {
		var (
			v            store.Versioned[store.WaitingEntry]
			score, since string
		)
		if err := rows.Scan(&v.Version, &v.Value.ProgrammeID, &v.Value.HouseholdID, &v.Value.DecisionID, &score, &since); err != nil {
			return nil, dbError(err, query)
		}
		if v.Value.Score, err = decimal.NewFromString(score); err != nil {
			return nil, store.Internal("decoding a waiting-list score", err)
		}
		if v.Value.Since, err = housing.ParseDate(since); err != nil {
			return nil, store.Internal("decoding a waiting-list date", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, query)
	}
	return out, nil
}

type audit struct{ t *tx }

// List returns the events that match q in sequence order. See store.Audit.
func (r audit) List(q store.AuditQuery) ([]store.Event, error) {
	n, err := q.Check()
	if err != nil {
		return nil, err
	}
	// Only the filters asked for, so that SQLite can use the index on
	// (tenant, kind, record_id, seq).
	query := `SELECT seq, at, actor, kind, record_id, action, version FROM audit_events WHERE tenant = ?`
	args := []any{string(r.t.tenant)}
	if q.Kind != "" {
		query += ` AND kind = ?`
		args = append(args, string(q.Kind))
	}
	if q.ID != "" {
		query += ` AND record_id = ?`
		args = append(args, q.ID)
	}
	query += ` AND seq > ? ORDER BY seq LIMIT ?`
	rows, err := r.t.query(query, append(args, q.AfterSeq, n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Event
	for rows.Next() {
		var (
			e            store.Event
			at           string
			kind, action string
		)
		if err := rows.Scan(&e.Seq, &at, &e.Actor, &kind, &e.ID, &action, &e.Version); err != nil {
			return nil, dbError(err, query)
		}
		e.Kind, e.Action = store.Kind(kind), store.Action(action)
		if e.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, store.Internal("decoding an audit time", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, dbError(err, query)
	}
	return out, nil
}
