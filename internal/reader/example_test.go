package reader_test

import (
	"errors"
	"fmt"

	"github.com/housingkit/housingkit/internal/reader"
)

func ExampleRead() {
	var unit struct {
		ID   string `json:"id" required:"true"`
		Beds int    `json:"beds"`
	}
	err := reader.Read("unit.json", []byte(`{
  "beds": "two",
  "bedz": 2
}`), &unit, reader.Validate(func() []reader.Problem {
		if unit.Beds < 1 {
			return []reader.Problem{{Path: "beds", Message: "a unit has at least 1 bed"}}
		}
		return nil
	}))
	var e *reader.Error
	if errors.As(err, &e) {
		for _, p := range e.Problems {
			fmt.Println(p)
		}
	}
	// Output:
	// unit.json:1:1: id: missing required key "id"
	// unit.json:2:11: beds: want a whole number, got "two"
	// unit.json:3:3: bedz: unknown key "bedz"; want one of id, beds
}
