package params

import "slices"

// Basis says where a rule or a figure comes from, so that an office can
// tell what its programme text states from what others added (fonte).
type Basis string

// The values of Basis.
const (
	// BasisText: the programme text states it; the rule's article quotes
	// the sentence («…»).
	BasisText Basis = "text"
	// BasisSource: an official source other than the programme text (a
	// law, a regulation, a decree), named in the references.
	BasisSource Basis = "source"
	// BasisProgrammeChoice: a choice of the programme or of the office
	// that runs it, recorded as such by the office.
	BasisProgrammeChoice Basis = "programme_choice"
	// BasisAssumption: an interpretation or a stand-in by the file's
	// authors (for the shipped files, the SDK's authors), to be confirmed
	// by the office.
	BasisAssumption Basis = "assumption"
	// BasisPlaceholder: a rule or figure that stands until the office gives
	// its own.
	BasisPlaceholder Basis = "placeholder"
)

// Bases lists the values of Basis.
var Bases = []Basis{BasisText, BasisSource, BasisProgrammeChoice, BasisAssumption, BasisPlaceholder}

// Valid reports whether b is one of Bases.
func (b Basis) Valid() bool { return slices.Contains(Bases, b) }

// BasisOf gives the basis of parameter p: its own when stated, placeholder
// for a placeholder, source when every reference was read in its source
// (certainty V), assumption otherwise; "" when p has no reference at all.
func BasisOf(p *Param) Basis {
	switch {
	case p == nil:
		return ""
	case p.Basis != "":
		return p.Basis
	case p.Placeholder:
		return BasisPlaceholder
	case len(p.References) == 0:
		return ""
	}
	for _, r := range p.References {
		if r.Certainty != "V" && r.Certainty != "D" {
			return BasisAssumption
		}
	}
	return BasisSource
}
