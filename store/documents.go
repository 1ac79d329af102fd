package store

import (
	"bytes"
	"encoding/json"
	"regexp"

	"github.com/housingkit/housingkit/housing"
)

// KindDocument names documents in audit events, whose identifier is then
// "collection/id" (see Document.Key).
const KindDocument Kind = "document"

// MaxDocumentBytes bounds the JSON body of a document.
const MaxDocumentBytes = 1 << 20

// MaxCollectionLen is the longest collection name accepted.
const MaxCollectionLen = 63

var collectionRE = regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)*$`)

// Document is a record that a layer above the store keeps as JSON, such as
// the proposals, refusals, contracts, expressions of interest and case
// journal of package casework: a body in a named collection under an
// identifier, with an optional reference (such as a household or unit id)
// that OfRef selects by. The store checks that the body is a JSON object
// and keeps its meaning, not its bytes: keys may come back reordered and
// white space removed (PostgreSQL keeps it as jsonb).
type Document struct {
	// Collection names the kind of document, such as "casework.proposal":
	// 1 to 63 lower-case letters and digits with single '.', '_' or '-'
	// between them.
	Collection string `json:"collection"`
	ID         string `json:"id"`
	// Ref is an identifier the documents of a collection are selected by
	// (OfRef); empty when none.
	Ref string `json:"ref,omitempty"`
	// Body is the document: a JSON object of at most MaxDocumentBytes.
	Body json.RawMessage `json:"body"`
}

// Key returns the document's identifier in audit events: "collection/id".
func (d Document) Key() string { return d.Collection + "/" + d.ID }

// Validate checks the document and returns every problem at once.
func (d Document) Validate() error {
	var ps housing.Problems
	switch {
	case d.Collection == "":
		ps.Add("collection", "is required")
	case len(d.Collection) > MaxCollectionLen:
		ps.Add("collection", "is %d bytes long; at most %d are allowed", len(d.Collection), MaxCollectionLen)
	case !collectionRE.MatchString(d.Collection):
		ps.Add("collection", "%q: use lower-case letters and digits with single '.', '_' or '-' between them", d.Collection)
	}
	CheckID(&ps, "id", d.ID)
	CheckRef(&ps, "ref", d.Ref)
	switch {
	case len(d.Body) == 0:
		ps.Add("body", "is required")
	case len(d.Body) > MaxDocumentBytes:
		ps.Add("body", "is %d bytes; at most %d are allowed", len(d.Body), MaxDocumentBytes)
	case !json.Valid(d.Body):
		ps.Add("body", "is not valid JSON")
	case !bytes.HasPrefix(bytes.TrimSpace(d.Body), []byte("{")):
		ps.Add("body", "is not a JSON object")
	}
	return ps.Err("invalid document")
}

// Documents is the repository of documents (see Document). Documents are
// never deleted: a layer that retires one records that in its body.
type Documents interface {
	// Create stores d at version 1: invalid (d.Validate), conflict
	// (store.exists) when the collection has a document with d's ID.
	Create(d Document) error
	// Get returns the document of the collection with id: not_found.
	Get(collection, id string) (Versioned[Document], error)
	// Update replaces the document (same collection and ID) read at
	// version and returns the new version: invalid, not_found, conflict
	// (store.stale).
	Update(d Document, version int64) (int64, error)
	// List returns the collection's documents in identifier order: invalid
	// (store.page).
	List(collection string, p Page) ([]Versioned[Document], error)
	// OfRef returns the collection's documents whose Ref is ref, in
	// identifier order; none for an empty ref.
	OfRef(collection, ref string) ([]Versioned[Document], error)
}
