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

// TestSelectionOn_OncePerDocument: node and nodes build their selection on
// a type once per document, so that the field cache below it is keyed by
// the same sets in every request: repeating the request adds no entry
// (found in review: a set built per request was a new key every time, and
// the document's cache filled to its cap).
func TestSelectionOn_OncePerDocument(t *testing.T) {
	doc, errs := gqlparser.LoadQuery(parsedSchema, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Flow { slug bindings { order stage { name } } } } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	nodes := doc.Operations[0].SelectionSet[0].(*ast.Field)
	d := fieldsOf(doc)
	var first []ast.SelectionSet
	var stored int64
	for i := range 5 {
		ctx, oc := opContext(doc, map[string]any{"ids": []any{"x"}})
		set := selectionOn(ctx, []ast.SelectionSet{nodes.SelectionSet}, "Flow")
		// What the planner and the executor collect below it.
		flow := d.collect(oc, set[0], flowImplementors)
		for _, f := range flow.fields {
			if f.Name == "bindings" {
				b := d.collect(oc, f.Selections, flowStageBindingImplementors)
				d.collect(oc, b.fields[1].Selections, identificationStageImplementors)
			}
		}
		switch i {
		case 0:
			first = set
			if len(set) != 1 || len(set[0]) != 2 {
				t.Fatalf("selection on Flow: %d sets", len(set))
			}
		default:
			if &set[0][0] != &first[0][0] {
				t.Fatalf("request %d built its own selection on Flow", i)
			}
		}
		if i == 1 {
			stored = d.n.Load()
		}
	}
	if n := d.n.Load(); n != stored || n == 0 {
		t.Errorf("the document's field cache went from %d to %d entries over 3 repeats", stored, n)
	}
	runtime.KeepAlive(doc)
}
