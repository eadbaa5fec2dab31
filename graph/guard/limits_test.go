package guard

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"

	"flowgate/graph"
)

// amplification is the example of a document that multiplies lists:
// 100 flows × their stages × those stages' flows × …
const amplification = `{ flows(first: 100) { nodes { stages { flows { stages { flows { slug } } } } } } }`

// readQuery reads one of the repository's reasonable documents, the
// golden tests' queries in the root's testdata/queries.
func readQuery(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../testdata/queries/" + name + ".graphql")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMeasure pins what the limits measure for the repository's
// reasonable documents and for the amplification they must stop; the
// defaults (MAX_TOKENS 2000, MAX_DEPTH 10, MAX_ALIASES 15, MAX_COMPLEXITY
// 10000) are chosen from these figures.
func TestMeasure(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	intro, err := os.ReadFile("testdata/graphiql-introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name                                  string
		doc                                   string
		vars                                  map[string]any
		tokens, depth, aliases, complexity    int
		breadth                               int
		introspection, refusedByDefaultLimits bool
	}{
		{name: "flows-default-install", breadth: 2, tokens: 23, depth: 5, complexity: 551},
		{name: "flow-every-field", breadth: 17, tokens: 66, depth: 5, complexity: 31},
		{name: "deep-nesting", breadth: 2, tokens: 30, depth: 7, complexity: 5801},
		{name: "same-flow-many-times", breadth: 6, tokens: 47, depth: 4, aliases: 3, complexity: 18},
		{name: "stages-flows-full", breadth: 3, tokens: 20, depth: 4, complexity: 301},
		{name: "bindings-by-flow-slug", breadth: 5, tokens: 33, depth: 5, complexity: 81},
		{name: "flows-filtered-ordered", breadth: 4, tokens: 44, depth: 4, complexity: 8},
		{name: "GraphiQL introspection (graphql-js 16)", doc: string(intro), breadth: 9, tokens: 183, introspection: true},
		{name: "all flows with their stages' names", doc: `{ flows(first: 100) { totalCount nodes { slug bindings { stage { name } } } } }`, breadth: 2, tokens: 22, depth: 5, complexity: 1101},
		{name: "first from a variable", doc: `query($n: Int) { flows(first: $n) { nodes { stages { name } } } }`, vars: map[string]any{"n": 10}, breadth: 1, tokens: 25, depth: 4, complexity: 61},
		{name: "first absent is the schema default 20", doc: `{ flows { nodes { slug } } }`, breadth: 1, tokens: 9, depth: 3, complexity: 21},
		{name: "first above 100 counts as 100 (the resolver refuses it)", doc: `{ flows(first: 5000) { nodes { slug } } }`, breadth: 1, tokens: 14, depth: 3, complexity: 101},
		{name: "deep-nesting with first: 100", doc: `{ flows(first: 100) { nodes { slug stages { name flows { slug bindings { order stage { name } } } } } } }`,
			breadth: 2, tokens: 30, depth: 7, complexity: 11601, refusedByDefaultLimits: true},
		{name: "amplification", doc: amplification, breadth: 1, tokens: 26, depth: 7, complexity: 16601, refusedByDefaultLimits: true},
	}
	// Validation compares a selection set's fields pairwise: 1,990 of them,
	// within the token limit, took 0.6 s of CPU to validate here.
	tests = append(tests, struct {
		name                                  string
		doc                                   string
		vars                                  map[string]any
		tokens, depth, aliases, complexity    int
		breadth                               int
		introspection, refusedByDefaultLimits bool
	}{name: "1,990 repeated fields", doc: "{ flows(first: 1) { " + strings.Repeat("totalCount ", 1990) + "} }",
		breadth: 1990, tokens: 2000, depth: 2, complexity: 1, refusedByDefaultLimits: true})
	defaults := Defaults
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.breadth > Defaults.MaxBreadth {
				t.Skip("validating this document is the slow case the breadth limit exists for: skipped under -short")
			}
			doc := tt.doc
			if doc == "" {
				doc = readQuery(t, tt.name)
			}
			parsed, errs := gqlparser.LoadQueryWithRules(schema, doc, nil)
			if errs != nil {
				t.Fatal(errs)
			}
			c := Measure(parsed.Operations[0], tt.vars)
			got := fmt.Sprintf("tokens=%d breadth=%d depth=%d aliases=%d complexity=%d introspection=%v", CountTokens(doc), Breadth(doc), c.Depth, c.Aliases, c.Complexity, c.Introspection)
			want := fmt.Sprintf("tokens=%d breadth=%d depth=%d aliases=%d complexity=%d introspection=%v", tt.tokens, tt.breadth, tt.depth, tt.aliases, tt.complexity, tt.introspection)
			t.Log(got)
			if got != want {
				t.Errorf("measured %s\n          want %s", got, want)
			}
			refused := tt.tokens > defaults.MaxTokens || tt.breadth > defaults.MaxBreadth || c.Depth > defaults.MaxDepth || c.Aliases > defaults.MaxAliases || c.Complexity > defaults.MaxComplexity
			if refused != tt.refusedByDefaultLimits {
				t.Errorf("refused by the default limits = %v, want %v", refused, tt.refusedByDefaultLimits)
			}
		})
	}
}
