#!/usr/bin/env python3
"""A vendor's client of the housingkit HTTP service, in Python with only the
standard library: an eligibility decision (with a rule-set variant sent in
the request) and a placement (a facility, a room, a household, the stay —
and a second stay in the same room, refused with 409).

    HOUSINGKIT_URL=http://127.0.0.1:8080 HOUSINGKIT_TOKEN=... python3 client.py

The token is one of the service's --tokens file (its SHA-256 is there); the
tenant is the token's.
"""
import json
import os
import sys
import urllib.error
import urllib.request

BASE = os.environ.get("HOUSINGKIT_URL", "http://127.0.0.1:8080")
TOKEN = os.environ.get("HOUSINGKIT_TOKEN", "")


def call(method, path, body=None, lang="en"):
    """Send a request; return (status, decoded JSON answer)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(BASE + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    req.add_header("Accept-Language", lang)
    if TOKEN:
        req.add_header("Authorization", "Bearer " + TOKEN)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, json.load(res)
    except urllib.error.HTTPError as err:  # 4xx/5xx: a problem document (RFC 9457)
        return err.code, json.load(err)


def expect(status, want, answer):
    if status != want:
        print(f"unexpected status {status} (want {want}): {json.dumps(answer)}", file=sys.stderr)
        sys.exit(1)


household = {
    "id": "cr-ot-2025-017",
    "members": [
        {"role": "reference", "birth_date": "1986-04-30", "sex": "F",
         "incomes": [{"kind": "employment", "annual": "9100.00", "precarious": True}],
         "recently_impoverished": True},
        {"role": "child", "birth_date": "2016-08-15", "incomes": []},
    ],
    "isee": {"value": "4210.00", "issued_on": "2025-01-20"},
    "residence": {"municipality": "Crema", "region": "Lombardia", "since": "2017-03-01"},
    "living_situation": "8.1",
    "ownership": {"owns_dwelling": False},
    "emergency": {"eviction_order": False},
}
referral = {
    "id": "ref-017", "household_id": household["id"], "programme_id": "crema.ospitalita-temporanea",
    "date": "2025-02-20", "team": {"name": "Servizio sociale", "kind": "social_service"},
    "with": [{"name": "Equipe Integrata Servizi Abitativi", "kind": "integrated_housing"}],
}
# A variant of the rule set, sent with the request: households of at most
# three people (the programme's limit is four).
overlay = {
    "format": "housingkit.overlay/v1", "id": "vendor.size-limit-3",
    "base": "crema.ospitalita-temporanea",
    "title": {"it": "Nuclei fino a tre persone", "en": "Households of up to three"},
    "parameters": [{"name": "max_household_size", "from": "2025-01-01", "value": 3,
                    "note": "a vendor's what-if"}],
}

status, health = call("GET", "/healthz")
expect(status, 200, health)

# 1. An eligibility decision, with its reasons in Italian.
body = {"ruleset": "crema.ospitalita-temporanea", "date": "2025-03-03",
        "household": household, "referral": referral, "overlays": [overlay]}
status, decision = call("POST", "/v1/evaluate", body)
expect(status, 200, decision)
print(f"decision for {decision['household_id']}: {decision['outcome']} "
      f"(groups: {', '.join(decision['groups']) or '-'}; rule set {decision['ruleset']['id']} "
      f"with variants {', '.join(decision['ruleset'].get('variants') or []) or '-'})")
for r in decision["reasons"]:
    print(f"  [{r['status']}] {r['code']}: {r['message']['it']}")

# A mistake in the request: every problem with its JSON pointer.
bad = dict(body, date="2025-02-30")
bad["household"] = dict(household, members=[dict(household["members"][0], birth_date="1986-13-30")])
status, problem = call("POST", "/v1/evaluate", bad, lang="it")
expect(status, 400, problem)
print(f"invalid request: {problem['title']} ({problem['code']})")
for p in problem["problems"]:
    print(f"  {p['pointer']}: {p['message']}")

# 2. A placement: a facility of two beds, a room, the household, the stay.
records = [
    ("/v1/facilities", {"id": "crema-casa-1", "name": "Casa di via Verdi", "municipality": "Crema",
                        "bed_capacity": 2, "restrictions": {}}),
    ("/v1/units", {"id": "crema-casa-1-r1", "facility_id": "crema-casa-1", "kind": "room", "beds": 2,
                   "area_sqm": "16", "rent": "0", "service_charges": "0", "contract": "free_loan",
                   "available_from": "2025-01-01", "restrictions": {}}),
    ("/v1/households", household),
]
for path, rec in records:
    status, answer = call("POST", path, rec)
    expect(status, 201, answer)


def stay(tid, hid):
    return {"id": tid, "household_id": hid, "unit_id": "crema-casa-1-r1",
            "policy_id": "crema.ospitalita-temporanea", "status": "active",
            "start": "2025-03-10", "planned_end": "2026-03-10",
            "history": [{"date": "2025-03-10", "to": "proposed"},
                        {"date": "2025-03-10", "from": "proposed", "to": "active"}]}


status, placed = call("POST", "/v1/tenancies", stay("t-017", household["id"]))
expect(status, 201, placed)
print(f"placed: tenancy {placed['value']['id']} in {placed['value']['unit_id']} from {placed['value']['start']} "
      f"(version {placed['version']})")

other = dict(household, id="cr-ot-2025-018")
status, answer = call("POST", "/v1/households", other)
expect(status, 201, answer)
status, problem = call("POST", "/v1/tenancies", stay("t-018", other["id"]), lang="it")
expect(status, 409, problem)
print(f"second stay in the same room: {status} {problem['key']}: {problem['detail']}")

status, occ = call("GET", "/v1/facilities/crema-casa-1/occupancy?date=2025-04-01")
expect(status, 200, occ)
print(f"occupancy on {occ['date']}: {occ['beds_in_use']} of {occ['bed_capacity']} beds")
