package eligibility_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/housingkit/housingkit/eligibility"
	"github.com/housingkit/housingkit/eligibility/rulesets"
	"github.com/housingkit/housingkit/housing"
	"github.com/housingkit/housingkit/schema"
	sjs "github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

const schemaBase = "https://github.com/housingkit/housingkit/schema/"

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// familyDecision evaluates the Crema family of four of the shared testdata.
func familyDecision(t *testing.T) *eligibility.Decision {
	t.Helper()
	data, err := os.ReadFile("../testdata/crema-household-family-of-four.json")
	require.NoError(t, err)
	h, err := housing.ReadHousehold("family.json", data)
	require.NoError(t, err)
	ref := &housing.Referral{ID: "ref-1", HouseholdID: h.ID, ProgrammeID: "crema.ospitalita-temporanea",
		Team: housing.Team{Name: "Servizio sociale del Comune di Crema", Kind: housing.TeamSocialService}, With: []housing.Team{{Name: "Equipe Integrata Servizi Abitativi", Kind: housing.TeamIntegratedHousing}}, Date: housing.MustParseDate("2022-01-25")}
	d, err := eligibility.Evaluate(crema(t), &h, housing.MustParseDate("2022-03-01"), eligibility.WithReferral(ref))
	require.NoError(t, err)
	return d
}

func TestDecisionJSONGolden(t *testing.T) {
	d := familyDecision(t)
	got, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	got = append(got, '\n')
	const golden = "testdata/decision.golden.json"
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./eligibility -run Golden -update to create it")
	assert.Equal(t, string(want), string(got), "the decision JSON is a contract: if the change is intended, rerun with -update and review the diff")

	var doc map[string]any
	require.NoError(t, json.Unmarshal(got, &doc))
	assert.Equal(t, "housingkit.decision/v1", doc["format"])
	assert.Equal(t, map[string]any{"id": "crema.ospitalita-temporanea", "version": "2.0.0"}, doc["ruleset"])
	assert.Equal(t, "2022-03-01", doc["date"])
	assert.Equal(t, "eligible", doc["outcome"])
}

func TestDecisionValues(t *testing.T) {
	d := familyDecision(t)
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	assert.Equal(t, []string{"temporary_difficulty", "fragile_household"}, d.Groups)
	require.NotNil(t, d.Score)
	assert.Equal(t, 9, d.Score.Total)
	assert.Equal(t, 10, *d.Score.Cap)
	var parts []string
	for _, p := range d.Score.Parts {
		parts = append(parts, fmt.Sprintf("%s=%d", p.Code, p.Points))
	}
	assert.Equal(t, []string{"minors_in_household=4", "eviction_order_pending=0", "fragility=2", "isee_within_sap_limit=2", "low_income_per_member=1"}, parts)
	require.Len(t, d.Score.TieBreak, 2)
	assert.Equal(t, "isee", d.Score.TieBreak[0].Fact)
	assert.True(t, d.Score.TieBreak[0].Value.Money().Equal(mustDec("4210")))
	assert.Equal(t, "2022-01-25", d.Score.TieBreak[1].Value.Date().String())
	r := reason(t, d, "low_income_per_member")
	assert.Equal(t, 1, r.Points)
	assert.Equal(t, "annual_income", r.Facts[1].Name())
	assert.True(t, r.Facts[1].Value.Money().Equal(mustDec("9100")))
	assert.True(t, r.Parameters[0].Placeholder)
	assert.Equal(t, "Priority points given: annual income per member within the assegno sociale limit", r.Message.EN)
	assert.Equal(t, "Punteggio di priorità riconosciuto: reddito annuo per componente entro il limite dell'assegno sociale", r.Message.IT)
	for _, r := range d.Reasons {
		assert.NotEmpty(t, r.Message.IT, r.Code)
		assert.NotEmpty(t, r.Message.EN, r.Code)
		assert.NotEqual(t, r.Message.IT, r.Message.EN, r.Code)
		assert.NotEmpty(t, r.Reference.Title, r.Code)
	}
}

func TestDecisionText(t *testing.T) {
	d := familyDecision(t)
	en := d.Text(housing.English)
	it := d.Text(housing.Italian)
	for _, want := range []string{"Outcome: eligible",
		"Target groups: household of at most 4 people in vulnerability and temporary difficulty finding a dwelling on its own; fragile household of at most 4 people for whom an answer to its housing need can resolve a moment of difficulty\n",
		"Score: 9 (at most 10)",
		"isee ascending = €4,210.00 a year", "✓ [at_least_one_income] Requirement met", "has_income = yes", "max_household_size = 4 persons (from 1 February 2022)",
		"points_low_income = 1 point (from", "points_per_minor = 2 points", "minors = 2 persons", "income_per_member_limit = €6,947.33 a year",
		"housing_difficulty = [roofless, houseless, insecure housing, inadequate housing]", "evaluated on 1 March 2022"} {
		assert.Contains(t, en, want)
	}
	for _, want := range []string{"Esito: ammissibile",
		"Gruppi destinatari: nucleo di non più di 4 persone in condizioni di vulnerabilità e difficoltà temporanea nel reperimento autonomo di un alloggio; nucleo familiare fragile di non più di 4 persone, per il quale la risposta al bisogno abitativo può risolvere un momento di difficoltà\n",
		"Punteggio: 9 (massimo 10)", "isee crescente = 4.210,00 € l'anno", "Requisito soddisfatto", "has_income = sì",
		"referral_team = servizio sociale comunale", "max_household_size = 4 persone (dal 1 febbraio 2022)", "points_low_income = 1 punto (dal",
		"points_per_minor = 2 punti", "minors = 2 persone", "income_per_member_limit = 6.947,33 € l'anno", "data di valutazione 1 marzo 2022",
		"housing_difficulty = [senza tetto, senza casa, sistemazione insicura, sistemazione inadeguata]", "referral_date crescente = 25 gennaio 2022"} {
		assert.Contains(t, it, want)
	}
	assert.Empty(t, englishLeft.FindAllString(it, -1), "English words or ISO dates in the Italian text")
}

// compileSchema compiles the JSON Schema of v.
func compileSchema(t *testing.T, v any, name string) *sjs.Schema {
	t.Helper()
	js, err := schema.For(v, schemaBase+name)
	require.NoError(t, err)
	data, err := json.Marshal(js)
	require.NoError(t, err)
	doc, err := sjs.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	c := sjs.NewCompiler()
	require.NoError(t, c.AddResource(schemaBase+name, doc))
	s, err := c.Compile(schemaBase + name)
	require.NoError(t, err, string(data))
	return s
}

func TestDecisionMatchesItsSchema(t *testing.T) {
	s := compileSchema(t, &eligibility.Decision{}, "decision.schema.json")
	data, err := json.Marshal(familyDecision(t))
	require.NoError(t, err)
	inst, err := sjs.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	require.NoError(t, s.Validate(inst))
	// An incomplete decision has nulls and missing facts.
	h := household(t, `{id: x, members: [{role: reference, birth_date: 1980-01-01}]}`)
	d, err := eligibility.Evaluate(crema(t), h, housing.MustParseDate("2024-01-01"))
	require.NoError(t, err)
	assert.Equal(t, eligibility.Incomplete, d.Outcome)
	data, err = json.Marshal(d)
	require.NoError(t, err)
	inst, err = sjs.UnmarshalJSON(bytes.NewReader(data))
	require.NoError(t, err)
	require.NoError(t, s.Validate(inst))
	assert.Contains(t, string(data), `"holds":null`)
	assert.Equal(t, []string{"disabled_members", "has_income", "ethos_concept", "victim_of_violence", "leaving_care", "no_support_network",
		"recently_impoverished", "certified_hardship", "referral_team", "temporary_housing_difficulty", "fragile_household", "referral_joint_team"}, d.Missing,
		"no group is known to match, so the facts of every undecided rule are missing")
}

// yamlInstance reads a YAML file as the JSON value a JSON Schema validates:
// dates as strings, as in the JSON form of the file.
func yamlInstance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, yaml.Unmarshal(data, &v))
	var fix func(v any) any
	fix = func(v any) any {
		switch x := v.(type) {
		case time.Time:
			return x.Format("2006-01-02")
		case map[string]any:
			for k, e := range x {
				x[k] = fix(e)
			}
			return x
		case map[any]any:
			out := map[string]any{}
			for k, e := range x {
				key := fmt.Sprint(k)
				if tm, ok := k.(time.Time); ok {
					key = tm.Format("2006-01-02")
				}
				out[key] = fix(e)
			}
			return out
		case []any:
			for i, e := range x {
				x[i] = fix(e)
			}
			return x
		case int:
			return json.Number(fmt.Sprint(x))
		case float64:
			return json.Number(fmt.Sprint(x))
		}
		return v
	}
	return fix(v)
}

func TestShippedFilesMatchTheirSchemas(t *testing.T) {
	schemas := map[string]*sjs.Schema{
		eligibility.FormatRuleSet:   compileSchema(t, &eligibility.Spec{}, "ruleset.schema.json"),
		eligibility.FormatOverlay:   compileSchema(t, &eligibility.OverlaySpec{}, "overlay.schema.json"),
		eligibility.FormatTestCases: compileSchema(t, &eligibility.TestFile{}, "testcases.schema.json"),
	}
	entries, err := rulesets.FS.ReadDir(".")
	require.NoError(t, err)
	names := []string{}
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	variants, err := rulesets.FS.ReadDir("variants")
	require.NoError(t, err)
	for _, e := range variants {
		names = append(names, "variants/"+e.Name())
	}
	checked := 0
	for _, name := range names {
		if !strings.HasSuffix(name, ".yaml") {
			continue
		}
		data, err := rulesets.FS.ReadFile(name)
		require.NoError(t, err)
		format, err := eligibility.FileFormat(name, data)
		require.NoError(t, err)
		s := schemas[format]
		require.NotNil(t, s, name)
		assert.NoError(t, s.Validate(yamlInstance(t, data)), name)
		checked++
	}
	assert.GreaterOrEqual(t, checked, 5)

	// And the schema rejects what the loader rejects.
	bad, err := os.ReadFile("testdata/bad.yaml")
	require.NoError(t, err)
	assert.Error(t, schemas[eligibility.FormatRuleSet].Validate(yamlInstance(t, bad)))
}

func TestDecisionJSONRoundTrip(t *testing.T) {
	golden, err := os.ReadFile("testdata/decision.golden.json")
	require.NoError(t, err)
	d, err := eligibility.ParseDecision(golden)
	require.NoError(t, err)
	assert.Equal(t, eligibility.Eligible, d.Outcome)
	assert.Equal(t, eligibility.Passed, d.Reasons[1].Status)
	assert.Equal(t, eligibility.Requirement, d.Reasons[1].Kind)
	assert.True(t, d.Score.TieBreak[0].Value.Money().Equal(mustDec("4210")))
	again, err := json.MarshalIndent(d, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(golden), string(again)+"\n")
	// A decision read back renders as the one evaluated, labels included.
	orig := familyDecision(t)
	assert.Equal(t, orig.Text(housing.Italian), d.Text(housing.Italian))
	assert.Equal(t, orig.Text(housing.English), d.Text(housing.English))
	// One stored before reasons carried their labels shows the ids.
	for i := range d.Reasons {
		d.Reasons[i].Label = nil
	}
	assert.Contains(t, d.Text(housing.English), "Target groups: temporary_difficulty, fragile_household\n")

	_, err = eligibility.ParseDecision([]byte(`{"format": "housingkit.decision/v2"}`))
	assert.ErrorIs(t, err, housing.ErrInvalid)
	_, err = eligibility.ParseDecision([]byte(`{"format": "housingkit.decision/v1", "reasons": [{"facts": [{"name": "colour", "value": 1}]}]}`))
	assert.Contains(t, err.Error(), `unknown fact "colour"`)
}

// englishLeft finds English unit words, English words of the rendering and
// ISO dates: none should appear in an Italian text (codes of rules and facts
// are identifiers, written with underscores, and are not matched).
var englishLeft = regexp.MustCompile(`\b(persons?|points?|EUR|years?|months?|from|unknown|yes|none|roofless|houseless|insecure|inadequate)\b|\b\d{4}-\d{2}-\d{2}\b`)
