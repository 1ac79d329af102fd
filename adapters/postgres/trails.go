package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/housingkit/housingkit/store"
)

// ---- decisions: append-only (the table refuses UPDATE and DELETE)

type decisions struct{ t *pgTx }

// The decision JSON is kept in a json column (not jsonb), byte for byte
// as given.
const decisionSel = "seq, id, household_id, coalesce(referral_id, ''), ruleset_id, ruleset_version, variant_ids, date, outcome, asked_by, decision::text"

func scanDecision(row pgx.Row) (store.DecisionRecord, error) {
	var (
		d   store.DecisionRecord
		doc string
	)
	err := row.Scan(&d.Seq, &d.ID, &d.HouseholdID, &d.ReferralID, &d.RuleSetID, &d.RuleSetVersion, &d.VariantIDs, &d.Date, &d.Outcome, &d.AskedBy, &doc)
	if len(d.VariantIDs) == 0 {
		d.VariantIDs = nil
	}
	d.Decision = []byte(doc)
	return d, err
}

func (r decisions) Append(d store.DecisionRecord) (int64, error) {
	t := r.t
	if err := t.usable(true); err != nil {
		return 0, err
	}
	if err := d.Validate(); err != nil {
		return 0, err
	}
	if err := checkRefs(t,
		ref{"household_id", store.KindHousehold, "households", d.HouseholdID},
		ref{"referral_id", store.KindReferral, "referrals", d.ReferralID}); err != nil {
		return 0, err
	}
	variants := d.VariantIDs
	if variants == nil {
		variants = []string{}
	}
	var seq int64
	err := t.queryRow("append decision", `WITH w AS (
		INSERT INTO housingkit.decisions (tenant, id, household_id, referral_id, ruleset_id, ruleset_version, variant_ids, date, outcome, asked_by, decision)
		VALUES ($1, $2, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::json)
		ON CONFLICT (tenant, id) DO NOTHING RETURNING id, seq AS version),
	a AS (`+auditSQL("w", store.KindDecision, store.ActionAppend, 3)+`)
	SELECT version FROM w`,
		[]any{string(t.tenant), d.ID, t.at, t.actor, d.HouseholdID, nullable(d.ReferralID), d.RuleSetID, d.RuleSetVersion, variants, d.Date, d.Outcome, d.AskedBy, string(d.Decision)},
		&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, store.Exists(store.KindDecision, d.ID)
	}
	return seq, err
}

func (r decisions) Get(id string) (store.DecisionRecord, error) {
	if err := r.t.usable(false); err != nil {
		return store.DecisionRecord{}, err
	}
	var d store.DecisionRecord
	err := r.t.pipeline("read decision", stmt{"SELECT " + decisionSel + " FROM housingkit.decisions WHERE tenant = $1 AND id = $2",
		[]any{string(r.t.tenant), id}, func(row pgx.Row) (err error) { d, err = scanDecision(row); return err }})
	if errors.Is(err, pgx.ErrNoRows) {
		return d, store.NotFound(store.KindDecision, id)
	}
	return d, err
}

func (r decisions) OfHousehold(householdID string) ([]store.DecisionRecord, error) {
	if err := r.t.usable(false); err != nil {
		return nil, err
	}
	var out []store.DecisionRecord
	err := r.t.query("decisions of household", "SELECT "+decisionSel+" FROM housingkit.decisions WHERE tenant = $1 AND household_id = $2 ORDER BY seq",
		[]any{string(r.t.tenant), householdID}, func(rows pgx.Rows) error {
			d, err := scanDecision(rows)
			out = append(out, d)
			return err
		})
	return out, err
}

// ---- waiting list, keyed by (programme, household)

type waitingList struct{ t *pgTx }

func (r waitingList) check(e store.WaitingEntry) error {
	if err := r.t.usable(true); err != nil {
		return err
	}
	if err := e.Validate(); err != nil {
		return err
	}
	return checkRefs(r.t,
		ref{"household_id", store.KindHousehold, "households", e.HouseholdID},
		ref{"decision_id", store.KindDecision, "decisions", e.DecisionID})
}

const waitingSel = "version, programme_id, household_id, coalesce(decision_id, ''), score::text, since"

func scanWaiting(row pgx.Row) (store.Versioned[store.WaitingEntry], error) {
	var out store.Versioned[store.WaitingEntry]
	e := &out.Value
	err := row.Scan(&out.Version, &e.ProgrammeID, &e.HouseholdID, &e.DecisionID, dec{&e.Score}, &e.Since)
	return out, err
}

func (r waitingList) Add(e store.WaitingEntry) error {
	t := r.t
	if err := r.check(e); err != nil {
		return err
	}
	var n int
	err := t.queryRow("add to waiting list", `WITH w AS (
		INSERT INTO housingkit.waiting_list (tenant, programme_id, household_id, version, decision_id, score, since)
		VALUES ($1, $5, $6, 1, $7, $8::numeric, $9)
		ON CONFLICT (tenant, programme_id, household_id) DO NOTHING RETURNING $2::text AS id, version),
	a AS (`+auditSQL("w", store.KindWaitingEntry, store.ActionCreate, 3)+`)
	SELECT count(*) FROM w`,
		[]any{string(t.tenant), e.Key(), t.at, t.actor, e.ProgrammeID, e.HouseholdID, nullable(e.DecisionID), e.Score.String(), e.Since}, &n)
	if err != nil {
		return err
	}
	if n == 0 {
		return store.Exists(store.KindWaitingEntry, e.Key())
	}
	return nil
}

func (r waitingList) Get(programmeID, householdID string) (store.Versioned[store.WaitingEntry], error) {
	if err := r.t.usable(false); err != nil {
		return store.Versioned[store.WaitingEntry]{}, err
	}
	var out store.Versioned[store.WaitingEntry]
	err := r.t.pipeline("read waiting-list entry", stmt{"SELECT " + waitingSel + " FROM housingkit.waiting_list WHERE tenant = $1 AND programme_id = $2 AND household_id = $3",
		[]any{string(r.t.tenant), programmeID, householdID}, func(row pgx.Row) (err error) { out, err = scanWaiting(row); return err }})
	if errors.Is(err, pgx.ErrNoRows) {
		return out, store.NotFound(store.KindWaitingEntry, programmeID+"/"+householdID)
	}
	return out, err
}

// missOrStale says why the entry at version was not there.
func (r waitingList) missOrStale(programmeID, householdID string, version int64) error {
	key := programmeID + "/" + householdID
	var stored int64
	err := r.t.queryRow("read waiting-list entry", "SELECT version FROM housingkit.waiting_list WHERE tenant = $1 AND programme_id = $2 AND household_id = $3",
		[]any{string(r.t.tenant), programmeID, householdID}, &stored)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return store.NotFound(store.KindWaitingEntry, key)
	case err != nil:
		return err
	}
	return store.Stale(store.KindWaitingEntry, key, version, stored)
}

func (r waitingList) Update(e store.WaitingEntry, version int64) (int64, error) {
	t := r.t
	if err := r.check(e); err != nil {
		return 0, err
	}
	var v int64
	err := t.queryRow("update waiting-list entry", `WITH w AS (
		UPDATE housingkit.waiting_list SET decision_id = $7, score = $8::numeric, since = $9, version = version + 1
		WHERE tenant = $1 AND programme_id = $5 AND household_id = $6 AND version = $10
		RETURNING $2::text AS id, version),
	a AS (`+auditSQL("w", store.KindWaitingEntry, store.ActionUpdate, 3)+`)
	SELECT version FROM w`,
		[]any{string(t.tenant), e.Key(), t.at, t.actor, e.ProgrammeID, e.HouseholdID, nullable(e.DecisionID), e.Score.String(), e.Since, version}, &v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, r.missOrStale(e.ProgrammeID, e.HouseholdID, version)
	}
	return v, err
}

func (r waitingList) Remove(programmeID, householdID string, version int64) error {
	t := r.t
	if err := t.usable(true); err != nil {
		return err
	}
	var n int
	err := t.queryRow("remove waiting-list entry", `WITH w AS (
		DELETE FROM housingkit.waiting_list
		WHERE tenant = $1 AND programme_id = $5 AND household_id = $6 AND version = $7
		RETURNING $2::text AS id, version),
	a AS (`+auditSQL("w", store.KindWaitingEntry, store.ActionDelete, 3)+`)
	SELECT count(*) FROM w`,
		[]any{string(t.tenant), programmeID + "/" + householdID, t.at, t.actor, programmeID, householdID, version}, &n)
	if err != nil {
		return err
	}
	if n == 0 {
		return r.missOrStale(programmeID, householdID, version)
	}
	return nil
}

func (r waitingList) Ranked(programmeID string, limit int) ([]store.Versioned[store.WaitingEntry], error) {
	if err := r.t.usable(false); err != nil {
		return nil, err
	}
	n, err := store.Page{Limit: limit}.Size()
	if err != nil {
		return nil, err
	}
	var out []store.Versioned[store.WaitingEntry]
	err = r.t.query("ranked waiting list", "SELECT "+waitingSel+` FROM housingkit.waiting_list
		WHERE tenant = $1 AND programme_id = $2 ORDER BY score DESC, since, household_id LIMIT $3`,
		[]any{string(r.t.tenant), programmeID, n}, func(rows pgx.Rows) error {
			e, err := scanWaiting(rows)
			out = append(out, e)
			return err
		})
	return out, err
}

// ---- audit trail

type audit struct{ t *pgTx }

func (r audit) List(q store.AuditQuery) ([]store.Event, error) {
	if err := r.t.usable(false); err != nil {
		return nil, err
	}
	n, err := q.Check()
	if err != nil {
		return nil, err
	}
	var out []store.Event
	err = r.t.query("audit trail", `SELECT seq, at, actor, kind, record_id, action, version FROM housingkit.audit
		WHERE tenant = $1 AND seq > $2 AND ($3 = '' OR kind = $3) AND ($4 = '' OR record_id = $4)
		ORDER BY seq LIMIT $5`, []any{string(r.t.tenant), q.AfterSeq, string(q.Kind), q.ID, n}, func(rows pgx.Rows) error {
		var (
			e            store.Event
			kind, action string
		)
		if err := rows.Scan(&e.Seq, &e.At, &e.Actor, &kind, &e.ID, &action, &e.Version); err != nil {
			return err
		}
		e.Kind, e.Action, e.At = store.Kind(kind), store.Action(action), e.At.UTC()
		out = append(out, e)
		return nil
	})
	return out, err
}
