package housing

// ReadHousehold decodes a household from a JSON (or YAML) document and
// validates it. Every problem is reported at once in an *Error of code
// CodeInvalid, each at its "name:line:column": unknown or duplicate keys,
// wrong types and impossible dates, and the rule violations of Validate
// (placed at the value they concern, with its field path in the message,
// such as "members[2].birth_date: is required"). A household is returned
// only when it has no problem.
func ReadHousehold(name string, data []byte) (Household, error) {
	root, ps := ParseYAML(name, data)
	if ps != nil {
		return Household{}, ps.Err("cannot read household " + name)
	}
	var h Household
	d := &YAMLDecoder{File: name}
	// A closure, not the method value h.Validate, which would copy h
	// before it is decoded.
	if !d.DecodeValid(root, &h, func() error { return h.Validate() }, "") {
		SortProblems(d.Problems)
		return Household{}, d.Problems.Err("invalid household " + name)
	}
	return h, nil
}
