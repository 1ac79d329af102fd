package housing

// ReadHousehold decodes a household from a JSON (or YAML) document and
// validates it. Every problem is reported at once in an *Error of code
// CodeInvalid: unknown or duplicate keys, wrong types and impossible dates
// at "name:line:column", then rule violations at field paths such as
// "members[2].birth_date". A household is returned only when it is valid.
func ReadHousehold(name string, data []byte) (Household, error) {
	var h Household
	if ps := UnmarshalYAML(name, data, &h); len(ps) > 0 {
		return Household{}, ps.Err("cannot read household " + name)
	}
	if err := h.Validate(); err != nil {
		var ps Problems
		ps.Merge("", err)
		return Household{}, ps.Err("invalid household " + name)
	}
	return h, nil
}
