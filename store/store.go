package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/housingkit/housingkit/housing"
)

// Tenant names the organisation whose records a transaction sees, such as
// "comune-ferrara" or "ats-crema". It is 1 to 63 characters of lower-case
// letters, digits, '.', '_' and '-', starting with a letter or digit.
type Tenant string

// MaxTenantLen is the longest tenant name accepted.
const MaxTenantLen = 63

// Validate returns nil for a well-formed tenant and an *housing.Error of
// code invalid (key store.tenant) that says what is wrong otherwise.
func (t Tenant) Validate() error {
	s := string(t)
	switch {
	case s == "":
		return &housing.Error{Code: housing.CodeInvalid, Key: KeyTenant, Message: "tenant is required"}
	case len(s) > MaxTenantLen:
		return &housing.Error{Code: housing.CodeInvalid, Key: KeyTenant,
			Message: fmt.Sprintf("tenant is %d characters long; at most %d are allowed", len(s), MaxTenantLen)}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || (i > 0 && (c == '.' || c == '_' || c == '-'))
		if !ok {
			return &housing.Error{Code: housing.CodeInvalid, Key: KeyTenant,
				Message: fmt.Sprintf("tenant %q: character %d (%q) is not allowed; use a-z, 0-9 and, after the first, '.', '_' or '-'", s, i+1, c)}
		}
	}
	return nil
}

// Store is a storage backend. Implementations are safe for concurrent use.
type Store interface {
	// Update runs fn in a read-write transaction of tenant: every write fn
	// makes is committed when fn returns nil, and none when fn returns an
	// error or panics (the panic is propagated after the rollback). It
	// returns fn's error unchanged, or invalid (store.tenant) for a bad
	// tenant, or conflict when the transaction cannot commit because of a
	// concurrent one (the caller may retry), or internal. fn must not
	// start another transaction on the same store: adapters serialise
	// writers, and it would wait for itself.
	Update(ctx context.Context, tenant Tenant, fn func(Tx) error) error
	// View runs fn in a read-only transaction of tenant that sees one
	// consistent state. Writes inside it fail with forbidden
	// (store.read_only). It returns fn's error unchanged, invalid
	// (store.tenant), or internal.
	View(ctx context.Context, tenant Tenant, fn func(Tx) error) error
	// Close releases the store's resources. Calls after Close return
	// internal (store.closed).
	Close() error
}

// Tx is one transaction of one tenant. It and its repositories must not be
// used after the function it was given to returns, nor from several
// goroutines at once.
type Tx interface {
	// Tenant returns the tenant the transaction is scoped to.
	Tenant() Tenant
	Households() Households
	Owners() Owners
	Facilities() Facilities
	Units() Units
	Referrals() Referrals
	Decisions() Decisions
	Tenancies() Tenancies
	CarePlans() CarePlans
	WaitingList() WaitingList
	// Documents keeps the JSON records of the layers above the store.
	Documents() Documents
	Audit() Audit
}

// Versioned is a stored record with its version: 1 when created, one more
// on each update.
type Versioned[T any] struct {
	Value   T     `json:"value"`
	Version int64 `json:"version"`
}

// Page bounds a listing: records whose identifier sorts after After (byte
// order), at most Limit of them (0 means DefaultLimit, and no more than
// MaxLimit are returned).
type Page struct {
	After string
	Limit int
}

// DefaultLimit and MaxLimit bound the records a listing returns.
const (
	DefaultLimit = 100
	MaxLimit     = 10000
)

// Size returns the number of records the page asks for: DefaultLimit for 0,
// at most MaxLimit. It returns invalid (store.page) for a negative limit.
func (p Page) Size() (int, error) {
	switch {
	case p.Limit < 0:
		return 0, &housing.Error{Code: housing.CodeInvalid, Key: KeyPage, Message: fmt.Sprintf("page limit %d is negative", p.Limit)}
	case p.Limit == 0:
		return DefaultLimit, nil
	case p.Limit > MaxLimit:
		return MaxLimit, nil
	}
	return p.Limit, nil
}

type actorKey struct{}

// MaxActorLen is the longest actor name recorded; longer names are refused.
const MaxActorLen = 200

// WithActor returns a context that names who acts (a user id, a service
// name) in the audit events and decisions written under it. It should be
// an identifier, not a person's name.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor set by WithActor, or "" when none is set.
func ActorFrom(ctx context.Context) string {
	a, _ := ctx.Value(actorKey{}).(string)
	return a
}

// CheckActor returns invalid (store.actor) when the actor is too long or
// holds control characters.
func CheckActor(actor string) error {
	if len(actor) > MaxActorLen {
		return &housing.Error{Code: housing.CodeInvalid, Key: KeyActor,
			Message: fmt.Sprintf("actor is %d bytes long; at most %d are allowed", len(actor), MaxActorLen)}
	}
	if strings.ContainsFunc(actor, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return &housing.Error{Code: housing.CodeInvalid, Key: KeyActor, Message: fmt.Sprintf("actor %q holds a control character", actor)}
	}
	return nil
}

// CheckCall checks the arguments every Store.Update and View takes: a
// context, a valid tenant and a function to run. It returns an error of
// code invalid (never a panic on nil), or nil.
func CheckCall(ctx context.Context, tenant Tenant, fn func(Tx) error) error {
	if ctx == nil {
		return housing.Errorf(housing.CodeInvalid, "store.context", "no context (nil): pass context.Background() or a request's context")
	}
	if err := tenant.Validate(); err != nil {
		return err
	}
	if fn == nil {
		return housing.Errorf(housing.CodeInvalid, "store.func", "no function to run in the transaction")
	}
	return nil
}
