package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

func doc(collection, id, ref, body string) store.Document {
	return store.Document{Collection: collection, ID: id, Ref: ref, Body: json.RawMessage(body)}
}

func docIDs(vs []store.Versioned[store.Document]) string {
	return ids(vs, func(d store.Document) string { return d.ID })
}

// testDocuments checks the documents repository: create, read, update with
// a stale version, listings by collection and reference, bad documents,
// read-only views, audit events, tenant isolation, and two concurrent
// updates of one document read at the same version (one wins, the other
// gets store.stale).
func (s *suite) testDocuments(t *testing.T) {
	st := s.open(t)
	ctx := context.Background()
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		for _, d := range []store.Document{
			doc("casework.proposal", "p2", "h1", `{"unit": "u2", "amount": "650.10", "n": [1, 2]}`),
			doc("casework.proposal", "p1", "h1", `{"unit":"u1"}`),
			doc("casework.proposal", "p3", "h2", `{"unit":"u1"}`),
			doc("casework.contract", "p1", "", `{"kind":"free_loan"}`),
		} {
			if err := tx.Documents().Create(d); err != nil {
				return err
			}
		}
		return nil
	})
	mustUpdate(t, st, TenantB, func(tx store.Tx) error {
		return tx.Documents().Create(doc("casework.proposal", "p1", "h9", `{"tenant":"b"}`))
	})
	mustView(t, st, TenantA, func(tx store.Tx) error {
		got, err := tx.Documents().Get("casework.proposal", "p2")
		noErr(t, "get", err)
		if got.Version != 1 || got.Value.Ref != "h1" || got.Value.Collection != "casework.proposal" || got.Value.ID != "p2" {
			t.Errorf("get: %+v", got)
		}
		sameJSONValue(t, "body", got.Value.Body, []byte(`{"unit":"u2","amount":"650.10","n":[1,2]}`))
		_, err = tx.Documents().Get("casework.proposal", "p9")
		wantErr(t, "get missing", err, housing.CodeNotFound, store.KeyNotFound)
		_, err = tx.Documents().Get("casework.other", "p1")
		wantErr(t, "get in another collection", err, housing.CodeNotFound, store.KeyNotFound)
		all, err := tx.Documents().List("casework.proposal", store.Page{})
		noErr(t, "list", err)
		if g := docIDs(all); g != "p1,p2,p3" {
			t.Errorf("list: %s, want p1,p2,p3", g)
		}
		page, err := tx.Documents().List("casework.proposal", store.Page{After: "p1", Limit: 1})
		noErr(t, "list page", err)
		if g := docIDs(page); g != "p2" {
			t.Errorf("list after p1 limit 1: %s, want p2", g)
		}
		_, err = tx.Documents().List("casework.proposal", store.Page{Limit: -1})
		wantErr(t, "list negative", err, housing.CodeInvalid, store.KeyPage)
		of, err := tx.Documents().OfRef("casework.proposal", "h1")
		noErr(t, "of ref", err)
		if g := docIDs(of); g != "p1,p2" {
			t.Errorf("of ref h1: %s, want p1,p2", g)
		}
		none, err := tx.Documents().OfRef("casework.proposal", "")
		noErr(t, "of empty ref", err)
		if len(none) != 0 {
			t.Errorf("of empty ref: %d documents, want none", len(none))
		}
		err = tx.Documents().Create(doc("casework.proposal", "p4", "", `{}`))
		wantErr(t, "create in a view", err, housing.CodeForbidden, store.KeyReadOnly)
		return nil
	})
	mustView(t, st, TenantB, func(tx store.Tx) error {
		all, err := tx.Documents().List("casework.proposal", store.Page{})
		noErr(t, "list B", err)
		if g := docIDs(all); g != "p1" {
			t.Errorf("tenant B sees %s, want p1", g)
		}
		_, err = tx.Documents().Get("casework.proposal", "p2")
		wantErr(t, "B reads A's document", err, housing.CodeNotFound, store.KeyNotFound)
		return nil
	})
	err := st.Update(ctx, TenantA, func(tx store.Tx) error {
		return tx.Documents().Create(doc("casework.proposal", "p1", "", `{}`))
	})
	wantErr(t, "create twice", err, housing.CodeConflict, store.KeyExists)
	for _, c := range []struct {
		name string
		d    store.Document
		path string
	}{
		{"no collection", doc("", "x", "", `{}`), "collection"},
		{"bad collection", doc("Case Work", "x", "", `{}`), "collection"},
		{"bad id", doc("c", "a/b", "", `{}`), "id"},
		{"not JSON", doc("c", "x", "", `{"a":`), "body"},
		{"not an object", doc("c", "x", "", `[1]`), "body"},
		{"no body", doc("c", "x", "", ``), "body"},
	} {
		err := st.Update(ctx, TenantA, func(tx store.Tx) error { return tx.Documents().Create(c.d) })
		wantErr(t, c.name, err, housing.CodeInvalid, "")
		if he := asError(err); he != nil && !hasProblemAt(he, c.path) {
			t.Errorf("%s: %v has no problem at %s", c.name, err, c.path)
		}
	}
	mustUpdate(t, st, TenantA, func(tx store.Tx) error {
		v, err := tx.Documents().Update(doc("casework.proposal", "p1", "h2", `{"unit":"u1","state":"accepted"}`), 1)
		noErr(t, "update", err)
		if v != 2 {
			t.Errorf("update: version %d, want 2", v)
		}
		_, err = tx.Documents().Update(doc("casework.proposal", "p1", "h2", `{}`), 1)
		wantErr(t, "stale update", err, housing.CodeConflict, store.KeyStale)
		_, err = tx.Documents().Update(doc("casework.proposal", "p8", "", `{}`), 1)
		wantErr(t, "update missing", err, housing.CodeNotFound, store.KeyNotFound)
		return nil
	})
	mustView(t, st, TenantA, func(tx store.Tx) error {
		of, err := tx.Documents().OfRef("casework.proposal", "h2")
		noErr(t, "of ref after update", err)
		if g := docIDs(of); g != "p1,p3" {
			t.Errorf("of ref h2 after the update: %s, want p1,p3", g)
		}
		es, err := tx.Audit().List(store.AuditQuery{Kind: store.KindDocument, ID: "casework.proposal/p1"})
		noErr(t, "audit", err)
		if g := eventsString(es); g != "document:casework.proposal/p1:create:1 document:casework.proposal/p1:update:2" {
			t.Errorf("audit of the document: %s", g)
		}
		return nil
	})
	// Two transactions update the document read at the same version:
	// exactly one wins.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = st.Update(ctx, TenantA, func(tx store.Tx) error {
				_, err := tx.Documents().Update(doc("casework.proposal", "p2", "h1", fmt.Sprintf(`{"winner":%d}`, i)), 1)
				return err
			})
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			continue
		}
		wantErr(t, fmt.Sprintf("concurrent update %d", i), err, housing.CodeConflict, "")
	}
	if won != 1 {
		t.Errorf("concurrent updates: %d won, want exactly 1 (%v)", won, errs)
	}
}
