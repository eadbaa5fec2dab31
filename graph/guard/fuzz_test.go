package guard

import (
	"testing"

	"github.com/vektah/gqlparser/v2"

	"flowgate/graph"
)

// FuzzGuards measures any document: the lexical measures and Measure never
// panic, a selection set never holds more fields than the document has
// tokens, and a document that validates measures at least depth 1 (unless it only
// introspects) with no
// negative figure (the figures saturate instead of overflowing). Seeds:
// testdata/fuzz/FuzzGuards; make fuzz runs it.
func FuzzGuards(f *testing.F) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	f.Fuzz(func(t *testing.T, doc string) {
		tokens, breadth := CountTokens(doc), Breadth(doc)
		if breadth > tokens {
			t.Fatalf("breadth %d > tokens %d", breadth, tokens)
		}
		q, errs := gqlparser.LoadQueryWithRules(schema, doc, nil)
		if errs != nil {
			return
		}
		for _, op := range q.Operations {
			c := Measure(op, nil)
			if (c.Depth < 1 && !c.Introspection) || c.Aliases < 0 || c.Complexity < 0 {
				t.Fatalf("Measure = %+v", c)
			}
		}
	})
}
