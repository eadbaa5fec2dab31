package graph

import (
	"context"
	"reflect"
	"runtime"
	"testing"
	"time"
	"weak"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// opContext is a context as the executor hands the first object of an
// operation on doc.
func opContext(doc *ast.QueryDocument, vars map[string]any) (context.Context, *graphql.OperationContext) {
	oc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0], Variables: vars}
	return graphql.WithOperationContext(context.Background(), oc), oc
}

// TestCollectFields_PerDocument: two operations on one document (two
// requests) share its collected fields, which equal gqlgen's, children
// included; with a variable in a directive, each collects its own.
func TestCollectFields_PerDocument(t *testing.T) {
	doc, errs := gqlparser.LoadQuery(parsedSchema, `{ flows { nodes { slug ...F bindings { order } usedBy { pk } } } } fragment F on Flow { title slug }`)
	if errs != nil {
		t.Fatal(errs)
	}
	var got [2]*collected
	for i := range got {
		ctx, oc := opContext(doc, nil)
		root := collectFields(ctx, &opRun{}, oc, doc.Operations[0].SelectionSet, queryImplementors)
		if want := graphql.CollectFields(oc, doc.Operations[0].SelectionSet, queryImplementors); !reflect.DeepEqual(root.fields, want) {
			t.Fatalf("root fields differ from gqlgen's")
		}
		nodes := collectFields(ctx, &opRun{}, oc, root.fields[0].Selections, flowConnectionImplementors)
		got[i] = collectFields(ctx, &opRun{}, oc, nodes.fields[0].Selections, flowImplementors)
		if want := graphql.CollectFields(oc, nodes.fields[0].Selections, flowImplementors); !reflect.DeepEqual(got[i].fields, want) {
			t.Fatalf("flow fields differ from gqlgen's")
		}
	}
	if got[0] != got[1] {
		t.Error("a second operation on the document collected its fields again")
	}
	names := func(c *collected) (out []string) {
		for _, f := range c.fields {
			out = append(out, f.Name)
		}
		return out
	}
	if n := names(got[0]); !reflect.DeepEqual(n, []string{"slug", "title", "bindings", "usedBy"}) {
		t.Errorf("fields %q", n)
	}
	if !reflect.DeepEqual(got[0].waits, []bool{false, false, false, true}) { // usedBy: one request per flow, not planned
		t.Errorf("waits %v", got[0].waits)
	}

	byVar, errs := gqlparser.LoadQuery(parsedSchema, `query($t: Boolean!) { flows { nodes { slug title @include(if: $t) } } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	for _, tc := range []struct {
		t    bool
		want []string
	}{{true, []string{"slug", "title"}}, {false, []string{"slug"}}, {true, []string{"slug", "title"}}} {
		ctx, oc := opContext(byVar, map[string]any{"t": tc.t})
		run := &opRun{}
		root := collectFields(ctx, run, oc, byVar.Operations[0].SelectionSet, queryImplementors)
		nodes := collectFields(ctx, run, oc, root.fields[0].Selections, flowConnectionImplementors)
		if n := names(collectFields(ctx, run, oc, nodes.fields[0].Selections, flowImplementors)); !reflect.DeepEqual(n, tc.want) {
			t.Errorf("$t=%v: fields %q, want %q", tc.t, n, tc.want)
		}
		if run.doc != nil {
			t.Error("a document with a variable in a directive is cached")
		}
	}
}

// TestCollectFields_DoesNotPinDocuments: a document's cache goes when the
// document does (one parsed for a single request, or evicted from gqlgen's
// query cache).
func TestCollectFields_DoesNotPinDocuments(t *testing.T) {
	doc, errs := gqlparser.LoadQuery(parsedSchema, `{ flows { nodes { slug } } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	ctx, oc := opContext(doc, nil)
	run := &opRun{}
	collectFields(ctx, run, oc, doc.Operations[0].SelectionSet, queryImplementors)
	if run.doc == nil {
		t.Fatal("not cached")
	}
	k := weak.Make(doc)
	if _, ok := docCaches.Load(k); !ok {
		t.Fatal("no cache for the document")
	}
	w := weak.Make(doc.Operations[0])
	doc, ctx, oc, run = nil, nil, nil, nil
	deadline := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		_, cached := docCaches.Load(k)
		if !cached && w.Value() == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the document went: cache still held %v, operation alive %v", cached, w.Value() != nil)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
