package matching

import (
	"github.com/housingkit/housingkit/housing"
	"go.yaml.in/yaml/v3"
)

// ApplicantsFile is the households file of `housingkit match`, in JSON or
// YAML:
//
//	{"applicants": [
//	  {"household": {…housing.Household…},
//	   "programmes": ["ct-transizione"],
//	   "priority": 72,
//	   "referred_on": "2024-11-04",
//	   "preferences": ["ct-at1-r03"],
//	   "declined": ["ct-sra-a02"]}
//	]}
//
// household is a housing.Household as its JSON form defines it; priority is
// the eligibility priority score (at least 0), referred_on the referral
// date; programmes, preferences (ranked unit ids) and declined (unit ids
// declined before) are lists of ids.
type ApplicantsFile struct {
	Applicants []Applicant `json:"applicants" required:"true"`
}

// ReadApplicants decodes and validates a households file. Every problem is
// reported at once in an *housing.Error of code CodeInvalid, each at
// "name:line:column": unknown or duplicate keys, wrong types, impossible
// dates, then each applicant's validation problems (with its field path,
// such as "applicants[2].household.members[0].birth_date"), positioned at
// the value concerned or, when it is missing, at its nearest enclosing
// value; and household ids listed twice.
func ReadApplicants(name string, data []byte) ([]Applicant, error) {
	var f ApplicantsFile
	root, ps := decode(name, data, &f)
	if ps != nil {
		return nil, ps.Err("cannot read households file " + name)
	}
	var vs housing.Problems
	validateApplicants(&vs, f.Applicants)
	if len(vs) > 0 {
		return nil, housing.PlaceProblems(root, name, vs).Err("invalid households file " + name)
	}
	return f.Applicants, nil
}

// ReadOffer decodes and validates the units file of `housingkit match`: an
// Offer in JSON or YAML, with "programmes" (optional: programmes whose
// restrictions their units inherit), "facilities" (each with optional
// "residents", the households living there now) and "units", each as its
// housing type's JSON form defines it. Problems are reported as
// ReadApplicants reports them, with paths such as "units[3].beds".
func ReadOffer(name string, data []byte) (Offer, error) {
	var o Offer
	root, ps := decode(name, data, &o)
	if ps != nil {
		return Offer{}, ps.Err("cannot read units file " + name)
	}
	var vs housing.Problems
	o.validate(&vs)
	if len(vs) > 0 {
		return Offer{}, housing.PlaceProblems(root, name, vs).Err("invalid units file " + name)
	}
	return o, nil
}

func decode(name string, data []byte, v any) (*yaml.Node, housing.Problems) {
	root, ps := housing.ParseYAML(name, data)
	if ps != nil {
		return nil, ps
	}
	dec := &housing.YAMLDecoder{File: name}
	dec.Decode(root, v)
	if len(dec.Problems) > 0 {
		return nil, dec.Problems
	}
	return root, nil
}
