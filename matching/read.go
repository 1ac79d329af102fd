package matching

import (
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/internal/input"
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
// reported at once in an *housing.Error of code CodeInvalid, each with its
// file, line, column and field path (such as
// "applicants[2].household.members[0].birth_date"), sorted by position:
// unknown or duplicate keys, wrong types, impossible dates, each applicant's
// validation problems, positioned at the value concerned or, when it is
// missing, at its nearest enclosing value, and household ids listed twice.
// The file is bounded (see the limits of housingkit's README): at most 16
// MiB and 100,000 applicants.
func ReadApplicants(name string, data []byte) ([]Applicant, error) {
	var f ApplicantsFile
	err := input.Read(name, data, &f, "households file", input.Validate(func() error {
		var vs housing.Problems
		validateApplicants(&vs, f.Applicants)
		return vs.Err("")
	}))
	if err != nil {
		return nil, err
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
	err := input.Read(name, data, &o, "units file", input.Validate(func() error {
		var vs housing.Problems
		o.validate(&vs)
		return vs.Err("")
	}))
	if err != nil {
		return Offer{}, err
	}
	return o, nil
}
