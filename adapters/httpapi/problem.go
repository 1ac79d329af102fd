package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
	"golang.org/x/text/language"
)

// lang is the language of a response's texts.
type lang = language.Tag

var langMatcher = language.NewMatcher([]language.Tag{language.English, language.Italian})

// negotiate picks Italian or English from the Accept-Language header;
// English when it names neither.
func negotiate(r *http.Request) lang {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return language.English
	}
	_, i, conf := langMatcher.Match(tags...)
	if conf == language.No || i == 0 {
		return language.English
	}
	return language.Italian
}

// ProblemType is the prefix of the "type" URI of every problem the service
// answers; the SDK's error code follows it ("urn:housingkit:problem:invalid").
const ProblemType = "urn:housingkit:problem:"

// Problem is the body of an error response, application/problem+json
// (RFC 9457), with the SDK's code and key and, for invalid input, every
// problem of it.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	// Detail is the error's message in the language the request asked for.
	Detail string `json:"detail"`
	// Code is the SDK's error code: invalid, not_found, conflict,
	// forbidden, internal.
	Code housing.Code `json:"code"`
	// Key is the stable reason, such as "store.unit_occupied".
	Key string `json:"key,omitempty"`
	// Problems lists every problem of an invalid request.
	Problems []FieldProblem `json:"problems,omitempty"`
}

// FieldProblem is one problem of a request: where it is, as a JSON pointer
// (RFC 6901) into the request body and the line and column of the body when
// known, and what is wrong (in English: the SDK's validation messages are).
type FieldProblem struct {
	Pointer string `json:"pointer"`
	// Parameter names the query parameter concerned, if any (Pointer is
	// then empty).
	Parameter string `json:"parameter,omitempty"`
	Line      int    `json:"line,omitempty"`
	Col       int    `json:"col,omitempty"`
	Message   string `json:"message"`
}

// titles holds the title of each code in Italian and English.
var titles = map[housing.Code]housing.Text{
	housing.CodeInvalid:   {IT: "Richiesta non valida", EN: "Invalid request"},
	housing.CodeNotFound:  {IT: "Non trovato", EN: "Not found"},
	housing.CodeConflict:  {IT: "Conflitto", EN: "Conflict"},
	housing.CodeForbidden: {IT: "Non consentito", EN: "Forbidden"},
	housing.CodeInternal:  {IT: "Errore interno", EN: "Internal error"},
}

// messages holds the service's own messages in Italian and English, by key.
var messages = map[string]housing.Text{
	"http.unauthenticated": {IT: "Credenziali mancanti o non valide: serve un token Bearer del proprio ente.", EN: "Missing or invalid credentials: a Bearer token of your organisation is required."},
	"http.too_large":       {IT: "Il corpo della richiesta supera il limite consentito.", EN: "The request body is larger than the limit."},
	"http.no_route":        {IT: "Non esiste questo indirizzo.", EN: "There is no such endpoint."},
	"http.method":          {IT: "Metodo non consentito per questo indirizzo.", EN: "This method is not allowed on this endpoint."},
	"http.internal":        {IT: "Errore interno del servizio: la richiesta non è stata eseguita.", EN: "Internal error of the service: the request was not carried out."},
	"http.cancelled":       {IT: "La richiesta è stata annullata o è scaduta.", EN: "The request was cancelled or ran out of time."},
	"http.no_store":        {IT: "Il servizio non ha un archivio.", EN: "This service has no store."},
	"http.body":            {IT: "Il corpo della richiesta non è valido.", EN: "The request body is invalid."},
}

// italianByKey gives the Italian detail of SDK errors that carry their
// message in English only (the store's): the record's identifiers are in
// the English message, which the problem then adds in parentheses.
var italianByKey = map[string]string{
	"store.tenant":           "Ente non valido.",
	"store.page":             "Limiti di paginazione o di ricerca non validi.",
	"store.query":            "Manca un valore richiesto dalla ricerca.",
	"store.reference":        "Si fa riferimento a un dato che non esiste.",
	"store.not_found":        "Dato non trovato.",
	"store.exists":           "Esiste già un dato con questo identificativo.",
	"store.stale":            "Il dato è stato modificato da altri dopo la lettura: rileggerlo e riprovare.",
	"store.unit_occupied":    "L'alloggio è già occupato in quel periodo.",
	"store.household_placed": "Il nucleo ha già una permanenza in quel periodo.",
	"store.capacity":         "La struttura non ha posti letto liberi in quel periodo.",
	"store.in_use":           "Il dato è usato da altri dati e non può essere eliminato.",
	"store.busy":             "Un'altra operazione contemporanea ha avuto la precedenza: riprovare.",
	"store.read_only":        "Scrittura non consentita in una lettura.",
	"store.immutable":        "Questo dato non può essere modificato.",
}

// statusOf maps an SDK error to its HTTP status.
func statusOf(e *housing.Error) int {
	switch {
	case e.Key == "http.unauthenticated":
		return http.StatusUnauthorized
	case e.Code == housing.CodeInvalid:
		return http.StatusBadRequest
	case e.Code == housing.CodeNotFound:
		return http.StatusNotFound
	case e.Code == housing.CodeConflict:
		return http.StatusConflict
	case e.Code == housing.CodeForbidden:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// errUnauthenticated is the error of a request without a valid credential.
func errUnauthenticated(detail string) error {
	return &housing.Error{Code: housing.CodeForbidden, Key: "http.unauthenticated", Message: messages["http.unauthenticated"].EN, Detail: detail}
}

// ErrUnauthenticated is what an Authenticator returns for a request without
// a valid credential: the handler answers 401.
var ErrUnauthenticated = errUnauthenticated("")

// internalError is the error answered for a failure of the service itself.
func internalError(detail string) error {
	return &housing.Error{Code: housing.CodeInternal, Key: "http.internal", Message: messages["http.internal"].EN, Detail: detail}
}

// asSDK returns err as an *housing.Error; any other error is internal.
func asSDK(err error) *housing.Error {
	var he *housing.Error
	if errors.As(err, &he) {
		return he
	}
	return internalError(err.Error()).(*housing.Error)
}

func writeProblem(w http.ResponseWriter, l lang, err error) {
	he := asSDK(err)
	writeProblemStatus(w, l, statusOf(he), he)
}

func writeProblemStatus(w http.ResponseWriter, l lang, status int, he *housing.Error) {
	p := problemBody(l, status, he)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="housingkit"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", l.String())
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(p)
}

// problemBody is the problem document of he in language l.
func problemBody(l lang, status int, he *housing.Error) Problem {
	p := Problem{
		Type:   ProblemType + string(he.Code),
		Title:  titles[he.Code].In(l),
		Status: status,
		Code:   he.Code,
		Key:    he.Key,
		Detail: he.MessageIn(l),
	}
	if t, ok := messages[he.Key]; ok && l == language.Italian {
		p.Detail = t.In(l)
	} else if it, ok := italianByKey[he.Key]; ok && l == language.Italian && he.Texts == nil {
		p.Detail = it
		if he.Message != "" {
			p.Detail += " (" + he.Message + ")"
		}
	}
	if he.Code == housing.CodeInternal {
		// An internal error's message may carry what the caller must not
		// see (a query, a panic); its detail goes to the log only.
		p.Detail = messages["http.internal"].In(l)
	}
	for _, fp := range he.Problems {
		p.Problems = append(p.Problems, fieldProblem(fp))
	}
	return p
}

// fieldProblem turns an SDK problem into a problem of the request body.
// Problems of a whole request body carry its lines and columns; problems of
// a part read on its own (an overlay) carry the pointer only.
func fieldProblem(p housing.Problem) FieldProblem {
	if name, ok := strings.CutPrefix(p.Path, "?"); ok {
		return FieldProblem{Parameter: name, Message: p.Message}
	}
	fp := FieldProblem{Pointer: Pointer(p.Path), Message: p.Message}
	if p.File == bodyName {
		fp.Line, fp.Col = p.Line, p.Col
	}
	return fp
}

// bodyName is the file name the strict reader is given for a request body.
const bodyName = "body.json"

// Pointer returns the JSON pointer (RFC 6901) of an SDK field path:
// "household.members[2].birth_date" is "/household/members/2/birth_date";
// the empty path is the empty pointer (the whole document).
func Pointer(path string) string {
	if path == "" {
		return ""
	}
	var b strings.Builder
	tok := func(s string) {
		b.WriteByte('/')
		s = strings.ReplaceAll(s, "~", "~0")
		b.WriteString(strings.ReplaceAll(s, "/", "~1"))
	}
	for len(path) > 0 {
		switch {
		case path[0] == '.':
			path = path[1:]
		case path[0] == '[':
			end := strings.IndexByte(path, ']')
			if end < 0 {
				tok(path[1:])
				return b.String()
			}
			idx := path[1:end]
			if _, err := strconv.Atoi(idx); err != nil {
				idx = strings.Trim(idx, `"'`)
			}
			tok(idx)
			path = path[end+1:]
		default:
			end := strings.IndexAny(path, ".[")
			if end < 0 {
				end = len(path)
			}
			tok(path[:end])
			path = path[end:]
		}
	}
	return b.String()
}

// prefixed returns the problems of err (any error of the SDK or of the
// strict reader) with their paths under prefix, for a part of a request
// read on its own.
func prefixed(prefix string, err error) housing.Problems {
	ps := input.Problems(err)
	for i := range ps {
		ps[i].Path = housing.JoinPath(prefix, ps[i].Path)
	}
	return ps
}
