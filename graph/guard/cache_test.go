package guard

import (
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph"
)

// refusal is an error's code and its extensions.actual, or "" for none.
func refusal(err *gqlerror.Error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("%v actual=%v", err.Extensions["code"], err.Extensions["actual"])
}

// TestQueryLimits_Cached: the lexical limits answer a document seen before
// from the cache exactly as the first time (refused with the same code and
// figure, or admitted), and as an uncached QueryLimits does.
func TestQueryLimits_Cached(t *testing.T) {
	limits := Limits{MaxTokens: 30, MaxBreadth: 3}
	cached := &QueryLimits{Limits: limits}
	if err := cached.Validate(nil); err != nil {
		t.Fatal(err)
	}
	uncached := &QueryLimits{Limits: limits} // no Validate: no cache
	docs := map[string]string{
		`{ flows { nodes { slug } } }`: "",
		`{ a b c d }`:                  "QUERY_TOO_COMPLEX actual=4",
		`{ f(a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9, j: 10) { x } }`: "QUERY_TOO_LARGE actual=38",
		`{ a b c }`: "",
		`{ a b c`:   "", // lexes; the parser refuses it
	}
	for round := range 3 {
		for doc, want := range docs {
			for name, q := range map[string]*QueryLimits{"cached": cached, "uncached": uncached} {
				got := refusal(q.MutateOperationParameters(t.Context(), &graphql.RawParams{Query: doc}))
				if got != want {
					t.Errorf("round %d, %s, %q: %q, want %q", round, name, doc, got, want)
				}
			}
		}
	}
	if n := cached.texts.Len(); n != len(docs) {
		t.Errorf("cache holds %d entries, want one per document (%d)", n, len(docs))
	}
}

// TestDemandControl_Cached: an estimate from the cache refuses and admits
// exactly what a fresh one does; variables the operation declares are part
// of the key (a larger first costs more), others and oversized ones are not
// cached wrongly.
func TestDemandControl_Cached(t *testing.T) {
	es := graph.NewExecutableSchema(graph.Config{})
	d := &DemandControl{MaxRequests: DefaultMaxUpstreamRequests}
	if err := d.Validate(es); err != nil {
		t.Fatal(err)
	}
	run := func(doc string, vars map[string]any) string {
		t.Helper()
		parsed, errs := gqlparser.LoadQueryWithRules(es.Schema(), doc, nil)
		if errs != nil {
			t.Fatal(errs)
		}
		oc := &graphql.OperationContext{RawQuery: doc, Operation: parsed.Operations[0], Variables: vars}
		return refusal(d.MutateOperationContext(t.Context(), oc))
	}
	const byFirst = `query($n: Int) { stages(first: $n) { nodes { bindings { usedBy { pk } } } } }`
	for round := range 3 {
		for _, c := range []struct {
			doc  string
			vars map[string]any
			want string
		}{
			{fanOut, nil, "QUERY_TOO_EXPENSIVE actual=8102"},
			{`{ flows(first: 5) { nodes { slug } } }`, nil, ""},
			{byFirst, map[string]any{"n": 100}, "QUERY_TOO_EXPENSIVE actual=8102"},
			{byFirst, map[string]any{"n": 2}, ""},
			{byFirst, map[string]any{"n": 50}, "QUERY_TOO_EXPENSIVE actual=4052"},
			// Variables the operation does not declare change nothing.
			{fanOut, map[string]any{"unused": 1}, "QUERY_TOO_EXPENSIVE actual=8102"},
			// Too large to be a key: estimated afresh, same answer.
			{byFirst, map[string]any{"n": 100, "pad": strings.Repeat("x", maxCachedVarsBytes)}, "QUERY_TOO_EXPENSIVE actual=8102"},
		} {
			if got := run(c.doc, c.vars); got != c.want {
				t.Errorf("round %d: %q %v: %q, want %q", round, c.doc, len(c.vars), got, c.want)
			}
		}
	}
	// fanOut, flows, byFirst with n = 100, 2 and 50.
	if n := d.estimates.Len(); n != 5 {
		t.Errorf("cache holds %d entries, want 5", n)
	}
}

// TestDocCache_Bounded: the cache keeps at most its size, and keys built
// from different parts differ even where the concatenations agree.
func TestDocCache_Bounded(t *testing.T) {
	c := newDocCache[int](10)
	for i := range 100 {
		k := c.key(fmt.Sprint("doc ", i))
		if got := c.get(k, func() int { return i }); got != i {
			t.Fatalf("doc %d: %d", i, got)
		}
	}
	if c.Len() != 10 {
		t.Errorf("Len %d, want 10", c.Len())
	}
	// The most recent entries are the ones kept.
	if got := c.get(c.key("doc 99"), func() int { return -1 }); got != 99 {
		t.Errorf("doc 99: %d, want the cached 99", got)
	}
	if c.key("ab", "c") == c.key("a", "bc") || c.key("a", "") == c.key("a") || c.key("x") != c.key("x") {
		t.Error("keys of different parts must differ, of the same parts agree")
	}
	var none *docCache[int]
	if got := none.get(none.key("x"), func() int { return 7 }); got != 7 || none.Len() != 0 {
		t.Errorf("nil cache: %d, %d", got, none.Len())
	}
}
