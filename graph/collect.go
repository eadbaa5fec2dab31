package graph

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
	"weak"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/upstream"
)

// What every request with the same document computes alike, computed once
// per parsed document. gqlgen collects an object's fields (fragments
// merged, @skip/@include applied) for every object it writes, and caches
// the result for one operation only, under a key it hashes each time: on a
// deep query that was the executor's largest single cost. A document
// parsed once is reused by gqlgen's query cache for every request that
// sends it, so collectFields caches the fields per document, keyed by the
// selection set and the object's type, and with them what concurrently
// would otherwise work out per object: which resolver fields may wait.
//
// What the cache holds depends on the document only, never on a request:
// a document whose @skip, @include or @defer take a variable is collected
// per request, by gqlgen, as before. A document's cache lives as long as
// the document (weakly keyed; dropped by a cleanup when it is collected),
// and holds at most maxCollected entries.

// collected is one object's collected fields.
type collected struct {
	fields []graphql.CollectedField
	// waits, per field, is set when the field may go upstream on its own
	// (concurrently then keeps gqlgen's goroutine). nil: not computed.
	waits []bool
}

// docFields is one document's cache.
type docFields struct {
	cacheable bool
	sets      sync.Map // collectKey → *collected
	// nodeSets holds the selection sets selectionOn builds for node and
	// nodes, one per selection and type, so that they (and the sets
	// collected below them) are the same for every request.
	nodeSets sync.Map     // nodeSetKey → []ast.SelectionSet
	n        atomic.Int64 // entries stored in sets and nodeSets
}

type nodeSetKey struct {
	sel *ast.Selection // the selection set's first element
	n   int
	typ string
}

type collectKey struct {
	sel       *ast.Selection // the selection set's first element (its array is held by the document or by the cache)
	n         int
	satisfies *string // the generated implementors slice of the object type
	nSat      int
}

// maxCollected bounds one document's cache; MAX_DEPTH and the complexity
// limit keep real documents far below it.
const maxCollected = 4096

var docCaches sync.Map // weak.Pointer[ast.QueryDocument] → *docFields

// fieldsOf returns doc's cache, made on its first request.
func fieldsOf(doc *ast.QueryDocument) *docFields {
	k := weak.Make(doc)
	if d, ok := docCaches.Load(k); ok {
		return d.(*docFields)
	}
	d := &docFields{cacheable: !varDirectives(doc)}
	if prev, loaded := docCaches.LoadOrStore(k, d); loaded {
		return prev.(*docFields)
	}
	runtime.AddCleanup(doc, func(k weak.Pointer[ast.QueryDocument]) { docCaches.Delete(k) }, k)
	return d
}

// varDirectives reports whether a directive in doc takes a variable: then
// what CollectFields returns depends on the request's variables.
func varDirectives(doc *ast.QueryDocument) bool {
	for _, op := range doc.Operations {
		if directivesTakeVars(op.SelectionSet, 0) {
			return true
		}
	}
	for _, f := range doc.Fragments {
		if directivesTakeVars(f.SelectionSet, 0) {
			return true
		}
	}
	return false
}

func directivesTakeVars(sel ast.SelectionSet, depth int) bool {
	if depth > maxWalk {
		return true
	}
	for _, s := range sel {
		var ds ast.DirectiveList
		var below ast.SelectionSet
		switch s := s.(type) {
		case *ast.Field:
			ds, below = s.Directives, s.SelectionSet
		case *ast.InlineFragment:
			ds, below = s.Directives, s.SelectionSet
		case *ast.FragmentSpread:
			ds = s.Directives // the fragment's own selection is walked from doc.Fragments
		default:
			return true
		}
		for _, d := range ds {
			for _, a := range d.Arguments {
				if takesVar(a.Value) {
					return true
				}
			}
		}
		if directivesTakeVars(below, depth+1) {
			return true
		}
	}
	return false
}

func takesVar(v *ast.Value) bool {
	if v == nil {
		return false
	}
	if v.Kind == ast.Variable {
		return true
	}
	for _, c := range v.Children {
		if takesVar(c.Value) {
			return true
		}
	}
	return false
}

// collectFields stands for graphql.CollectFields in the generated object
// marshallers (graph/gqlgen).
func collectFields(ctx context.Context, run *opRun, oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) *collected {
	return run.get(ctx).doc.collect(oc, sel, satisfies)
}

// collectedIn is graphql.CollectFields(oc, sel, satisfies), from the
// document's cache when it has one (the planner's lookahead, prefetch.go).
func collectedIn(oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) []graphql.CollectedField {
	return docOf(oc).collect(oc, sel, satisfies).fields
}

// docOf returns the cache of oc's document, or nil when it has none.
func docOf(oc *graphql.OperationContext) *docFields {
	if oc == nil || oc.Doc == nil {
		return nil
	}
	if d := fieldsOf(oc.Doc); d.cacheable {
		return d
	}
	return nil
}

// collect returns sel's fields for an object that satisfies satisfies,
// cached when d is not nil.
func (d *docFields) collect(oc *graphql.OperationContext, sel ast.SelectionSet, satisfies []string) *collected {
	if d == nil || len(sel) == 0 {
		return &collected{fields: graphql.CollectFields(oc, sel, satisfies)}
	}
	k := collectKey{sel: &sel[0], n: len(sel), satisfies: unsafe.SliceData(satisfies), nSat: len(satisfies)}
	if c, ok := d.sets.Load(k); ok {
		return c.(*collected)
	}
	c := &collected{fields: graphql.CollectFields(oc, sel, satisfies)}
	c.waits = make([]bool, len(c.fields))
	for i, f := range c.fields {
		c.waits[i] = fieldWaits(f)
	}
	if d.n.Load() >= maxCollected {
		return c
	}
	// The first to store wins, so that every request sees the same
	// child selection sets (the keys below).
	got, loaded := d.sets.LoadOrStore(k, c)
	if !loaded {
		d.n.Add(1)
	}
	return got.(*collected)
}

// fieldWaits reports whether a resolver field may wait for the upstream
// on its own, or has such a field below it.
func fieldWaits(f graphql.CollectedField) bool {
	return f.Field == nil || f.ObjectDefinition == nil ||
		mayWait[fieldKey{f.ObjectDefinition.Name, f.Name}] || waitsBelow(f.Field)
}

// opRun is one operation's state for the rewritten executor, a field of
// gqlgen's executionContext (graph/gqlgen adds it): what would otherwise be
// looked up in the context, whose chain grows with every field, for every
// object and list element.
type opRun struct {
	once   sync.Once
	naive  bool
	budget *answerBudget
	meter  *upstream.Meter
	doc    *docFields // nil: fields are collected per request
}

// get returns r, read on the first call from the context the executor
// hands the rewritten code; every context of the operation carries the
// same loaders, budget, meter and document.
func (r *opRun) get(ctx context.Context) *opRun {
	r.once.Do(func() {
		r.naive = naive(ctx)
		r.budget = answerBudgetFrom(ctx)
		r.meter = upstream.MeterFrom(ctx)
		if graphql.HasOperationContext(ctx) {
			r.doc = docOf(graphql.GetOperationContext(ctx))
		}
	})
	return r
}
