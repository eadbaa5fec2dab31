package guard

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/graph"
)

// The fan-out: 100 stages, each stage's bindings, each binding's
// usedBy (one request per binding). On the generated large install it sent
// authentik 8,051 requests.
const fanOut = `{ stages(first: 100) { nodes { bindings { usedBy { pk } } } } }`

func estimate(t *testing.T, schema *ast.Schema, doc string, vars map[string]any) int {
	t.Helper()
	parsed, errs := gqlparser.LoadQueryWithRules(schema, doc, nil)
	if errs != nil {
		t.Fatal(errs)
	}
	return Estimate(schema, parsed.Operations[0], vars)
}

// TestEstimate pins the estimate of the repository's documents and of the
// shapes demand control must refuse or admit. Each figure is worked out in
// its comment from the rule in graph/cost.graphqls.
func TestEstimate(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	tests := []struct {
		name string
		doc  string
		vars map[string]any
		want int
	}{
		// flows page 1; BindingsByFlow over 50 flows: probe + min(50, 199).
		{name: "flows-default-install", want: 1 + 1 + 50},
		// ... then the stages' flows (flow_set: free) and their bindings:
		// 50 x 10 x 80 keys, probe + min(40000, 199).
		{name: "deep-nesting", want: 1 + 51 + 200},
		// The flow; diagram, usedBy, export; its bindings (one key); usedBy
		// of 10 bindings and of their 10 stages; cache_info.
		{name: "flow-actions", want: 1 + 3 + 1 + 10 + 10 + 1},
		// One flow (the aliases merge: one key), its bindings once; target's slug
		// and name come with the binding.
		{name: "same-flow-many-times", want: 2},
		// stages page; the full flows of 100 x 80 flow_set entries: probe +
		// min(8000, 24).
		{name: "stages-flows-full", want: 1 + 25},
		{name: "stages-flowset-only", want: 1},
		// The flow by slug (the filter's flowSlug), then the page.
		{name: "bindings-by-flow-slug", want: 2},
		{name: "flow-every-field", vars: map[string]any{"slug": "x"}, want: 2},
		{name: "stage-with-bindings", vars: map[string]any{"pk": "x"}, want: 2},
		// 2 + 2 per binding pk, then the flow's bindings (one key).
		{name: "mutation-reorder", vars: map[string]any{"pks": []any{"a", "b", "c", "d"}}, want: 2 + 8 + 1},

		{name: "the issue's fan-out", doc: fanOut, want: 1 + 101 + 100*80},
		{name: "two aliased pages of it", doc: `{ a: stages(first: 100) { nodes { bindings { usedBy { pk } } } }
			b: stages(first: 100, after: "MTAw") { nodes { bindings { usedBy { pk } } } } }`, want: 2*8102 + 1},
		{name: "the dashboard's list", doc: `{ flows(first: 100) { totalCount nodes { slug bindings { pk order stage { pk name } } } } }`, want: 102},
		{name: "first from a variable", doc: `query($n: Int) { flows(first: $n) { nodes { diagram } } }`, vars: map[string]any{"n": 7}, want: 1 + 7},
		{name: "first absent is the schema default", doc: `{ flows { nodes { diagram } } }`, want: 1 + 20},
		{name: "first: 0 asks only the count", doc: `{ flows(first: 0) { totalCount nodes { diagram } } }`, want: 1},
		{name: "after may straddle two pages", doc: `{ flows(first: 10, after: "MTA") { nodes { slug } } }`, want: 2},
		{name: "skip and include", doc: `query($no: Boolean!) { flows(first: 5) { nodes { usedBy @skip(if: true) { pk } diagram @include(if: $no) } } }`,
			vars: map[string]any{"no": false}, want: 1},
		{name: "fragments merge with fields", doc: `{ flows(first: 5) { nodes { ...F bindings { order } diagram } } } fragment F on Flow { diagram stages { name } }`,
			want: 1 + 5 + 1 + 5},
		{name: "stages of a flow and its bindings share a batch", doc: `{ flow(slug: "x") { bindings { order } stages { name } } }`, want: 2},
		// The stage; its bindings (one key); their targets' full flows:
		// 80 keys, probe + min(80, 24). flow_set has the flows' slugs.
		{name: "full flows only when asked", doc: `{ stage(pk: "x") { flows { slug } bindings { target { slug authentication } } } }`,
			want: 1 + 1 + 1 + 24},
		// Two root lookups are two keys of one batch: probe + 2.
		{name: "lookups of two flows", doc: `{ a: flow(slug: "a") { slug } b: flow(slug: "b") { slug } c: flow(slug: "a") { name } }`, want: 3},
		// Issue 12's typed stages: the flow, its bindings (one key), then
		// over 10 stages each type's settings (probe + min(10, 4)), the
		// enrollment flows (probe + min(10, 24)), the password stages (probe
		// + min(10, 4)).
		{name: "typed stage settings", doc: `{ flow(slug: "default-authentication-flow") { bindings { order stage { name
			... on IdentificationStage { userFields enrollmentFlow { slug } passwordStage { name } }
			... on AuthenticatorValidateStage { deviceClasses notConfiguredAction } ... on PasswordStage { backends } } } } }`,
			want: 1 + 1 + 5 + 11 + 5 + 5 + 5},
		// A common field selected on an implementation costs what the
		// interface declares; the type's own settings are not asked.
		{name: "an interface's field on an implementation", doc: `{ stage(pk: "x") { ... on IdentificationStage { name usedBy { pk } } } }`, want: 2},
		// Relay's node lookups (issue 14): one batch of the ids' objects,
		// probe + min(K, 199) (the binding listing's pages, the largest).
		{name: "nodes by id", doc: `{ nodes(ids: ["a", "b", "c"]) { id ... on Flow { bindings { order } } } }`, want: 1 + 3 + 1 + 3},
		{name: "two node lookups", doc: `{ a: node(id: "a") { id } b: node(id: "b") { id } }`, want: 1 + 2},
		{name: "mutations each count", doc: `mutation { a: deleteFlow(slug: "x") { pk } b: deleteFlow(slug: "x") { pk } }`, want: 4},
		{name: "introspection costs nothing", doc: `{ __schema { types { name } } }`, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.doc
			if doc == "" {
				doc = readQuery(t, tt.name)
			}
			if got := estimate(t, schema, doc, tt.vars); got != tt.want {
				t.Errorf("estimate = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestEstimate_DefaultsAdmitTheRepositorysDocuments: every document in
// testdata/queries (the golden tests', GraphiQL's examples) is estimated
// within the default MAX_UPSTREAM_REQUESTS, and the fan-out is not.
func TestEstimate_DefaultsAdmitTheRepositorysDocuments(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	files, err := filepath.Glob("../../testdata/queries/*.graphql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no documents: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		parsed, errs := gqlparser.LoadQueryWithRules(schema, string(b), nil)
		if errs != nil {
			continue // a document meant to be refused (it does not validate)
		}
		vars := map[string]any{}
		for _, v := range parsed.Operations[0].VariableDefinitions {
			if v.Type.Elem != nil {
				vars[v.Variable] = []any{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
			}
		}
		n := Estimate(schema, parsed.Operations[0], vars)
		t.Logf("%-50s %4d", strings.TrimSuffix(filepath.Base(f), ".graphql"), n)
		if n > DefaultMaxUpstreamRequests {
			t.Errorf("%s: estimate %d, over the default MAX_UPSTREAM_REQUESTS %d", f, n, DefaultMaxUpstreamRequests)
		}
	}
	if n := estimate(t, schema, fanOut, nil); n <= DefaultMaxUpstreamRequests {
		t.Errorf("the fan-out query: estimate %d, within the default %d", n, DefaultMaxUpstreamRequests)
	}
}
