// Package httpapi is the reference HTTP service of housingkit: an
// http.Handler that a vendor mounts in any mux, or that `housingkit serve`
// runs on its own.
//
// # Endpoints
//
// Every endpoint speaks JSON; the OpenAPI 3.1 document at GET /openapi.json
// describes each one, built from the SDK's JSON Schemas.
//
//	GET  /healthz                      the process is up (no store access)
//	GET  /readyz                       the store answers (a read-only transaction)
//	GET  /openapi.json                 the OpenAPI 3.1 description
//	GET  /v1/rulesets                  the shipped rule sets
//	GET  /v1/parameters?date=D         every shipped parameter with its value on D
//	GET  /v1/policies                  the shipped duration policies
//	GET  /v1/schemas, /v1/schemas/{n}  the JSON Schemas
//	POST /v1/evaluate                  a decision (housingkit.decision/v1), overlays in the request
//	POST /v1/evaluate/batch            NDJSON in, NDJSON out, streamed
//	POST /v1/rent/assess               rent sustainability
//	POST /v1/rent/support              rent support (L. 431/1998 art. 11)
//	POST /v1/match                     proposals of units to households, with reasons
//	POST /v1/households, GET /v1/households/{id}, and the same for
//	     owners, facilities, units, referrals
//	GET  /v1/units?vacant_on=D         the vacancy registry
//	POST /v1/tenancies                 a placement (refused with 409 when it would double-book)
//	GET  /v1/tenancies/{id}, /v1/tenancies/{id}/history
//	GET  /v1/facilities/{id}/occupancy?date=D
//
// # Tenants and authentication
//
// The tenant whose records a request sees comes only from its credential,
// through an [Authenticator]; no header the client writes names it. [Tokens]
// is the built-in one: bearer tokens per tenant, kept as SHA-256 hashes and
// compared in constant time (see [ParseTokens] for the file). A vendor that
// mounts the handler behind its own login passes its own Authenticator.
// A record of another tenant is answered 404, exactly as a record that does
// not exist.
//
// # Errors
//
// Every error is application/problem+json (RFC 9457) with the SDK's error
// code and key, the text in Italian or English by Accept-Language, and for
// invalid input every problem with its JSON pointer (RFC 6901) into the
// request body. Bad input is a 4xx, never a 5xx.
//
// # Logs
//
// Each request is logged through slog with its method, route pattern,
// status, size, duration and tenant — never a body, a query or a path value,
// which may carry personal data.
package httpapi
