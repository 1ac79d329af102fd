package httpapi

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/store"
)

// Authenticator tells which tenant a request acts for, from its credential
// alone. It is the hook for a vendor's own authentication (a session, an
// OpenID Connect token, a client certificate) when the vendor mounts the
// handler in its service:
//
//	h := httpapi.New(httpapi.Options{Store: st, Auth: httpapi.AuthenticatorFunc(
//		func(r *http.Request) (store.Tenant, error) {
//			u, ok := mySession(r)
//			if !ok {
//				return "", httpapi.ErrUnauthenticated
//			}
//			return store.Tenant(u.Organisation), nil
//		})})
//
// Authenticate returns the tenant, or an error: ErrUnauthenticated (or any
// error of code forbidden with key "http.unauthenticated") is answered 401,
// any other *housing.Error by its code, anything else 500. It must not take
// the tenant from a header or parameter the client may set freely.
type Authenticator interface {
	Authenticate(r *http.Request) (store.Tenant, error)
}

// AuthenticatorFunc adapts a function to an Authenticator.
type AuthenticatorFunc func(r *http.Request) (store.Tenant, error)

// Authenticate calls f(r).
func (f AuthenticatorFunc) Authenticate(r *http.Request) (store.Tenant, error) { return f(r) }

// Tokens is the built-in Authenticator: bearer tokens, each bound to one
// tenant, kept only as SHA-256 hashes. A request presents its token in the
// header "Authorization: Bearer TOKEN"; its hash is compared with every
// stored hash in constant time. Tokens is safe for concurrent use and never
// changes after ParseTokens.
type Tokens struct {
	entries []tokenEntry
}

type tokenEntry struct {
	tenant store.Tenant
	hash   [sha256.Size]byte
}

// HashToken returns the line's hash form of a token: "sha256:" and the hex
// SHA-256 of the token's bytes, the same as
// `printf %s "$TOKEN" | sha256sum`.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// MinTokenBytes is the shortest token Tokens accepts from a request: shorter
// ones are refused before any comparison.
const MinTokenBytes = 16

// ParseTokens reads a tokens file: one token a line as "TENANT sha256:HEX"
// (HashToken's form), blank lines and lines starting with '#' ignored.
// Several tokens may name one tenant (to rotate them); one hash may not
// name two. It returns an error of code invalid listing every bad line.
func ParseTokens(name string, data []byte) (*Tokens, error) {
	var ps housing.Problems
	t := &Tokens{}
	seen := map[[sha256.Size]byte]int{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 4096), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		add := func(format string, args ...any) {
			ps = append(ps, housing.Problem{File: name, Line: line, Message: fmt.Sprintf(format, args...)})
		}
		fields := strings.Fields(text)
		if len(fields) != 2 {
			add("want TENANT sha256:HEX, found %d fields", len(fields))
			continue
		}
		tn := store.Tenant(fields[0])
		if err := tn.Validate(); err != nil {
			add("tenant %q: %s", fields[0], housing.ErrorMessage(err))
			continue
		}
		hx, ok := strings.CutPrefix(fields[1], "sha256:")
		raw, err := hex.DecodeString(hx)
		if !ok || err != nil || len(raw) != sha256.Size {
			add("the hash must be sha256: and 64 hexadecimal digits (see HashToken); a token itself is never written in this file")
			continue
		}
		var e tokenEntry
		e.tenant = tn
		copy(e.hash[:], raw)
		if prev, dup := seen[e.hash]; dup {
			add("this hash is already on line %d", prev)
			continue
		}
		seen[e.hash] = line
		t.entries = append(t.entries, e)
	}
	if err := sc.Err(); err != nil {
		ps = append(ps, housing.Problem{File: name, Line: line + 1, Message: err.Error()})
	}
	if len(ps) == 0 && len(t.entries) == 0 {
		ps = append(ps, housing.Problem{File: name, Message: "no token: a tokens file lists at least one line TENANT sha256:HEX"})
	}
	if err := ps.Err("invalid tokens file " + name); err != nil {
		return nil, err
	}
	return t, nil
}

// LoadTokens reads the tokens file at path (see ParseTokens).
func LoadTokens(path string) (*Tokens, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, housing.Errorf(housing.CodeInvalid, "http.tokens", "cannot read the tokens file: %v", err)
	}
	return ParseTokens(path, data)
}

// Len returns how many tokens the set holds.
func (t *Tokens) Len() int { return len(t.entries) }

// Authenticate returns the tenant of the request's bearer token, or
// ErrUnauthenticated. Every stored hash is compared, in constant time, so
// that the time taken says nothing of which hash came close.
func (t *Tokens) Authenticate(r *http.Request) (store.Tenant, error) {
	auth := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", errUnauthenticated("no bearer token")
	}
	token = strings.TrimSpace(token)
	if len(token) < MinTokenBytes {
		return "", errUnauthenticated("token too short")
	}
	sum := sha256.Sum256([]byte(token))
	var found store.Tenant
	match := 0
	for _, e := range t.entries {
		eq := subtle.ConstantTimeCompare(sum[:], e.hash[:])
		if eq == 1 {
			found = e.tenant
		}
		match |= eq
	}
	if match != 1 {
		return "", errUnauthenticated("unknown token")
	}
	return found, nil
}
