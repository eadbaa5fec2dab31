package guard

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph"
)

// Limits bound what one GraphQL document may ask for. They are checked
// after the document parses and validates and before any resolver runs, so
// a refused document costs no upstream request. Zero turns a limit off.
type Limits struct {
	// MaxDepth bounds the nesting of fields: `{ flows { nodes { slug } } }`
	// has depth 3.
	MaxDepth int
	// MaxAliases bounds the fields renamed by an alias (`a: flow(...)`).
	MaxAliases int
	// MaxComplexity bounds the estimated number of objects the answer
	// holds (see Cost).
	MaxComplexity int
	// MaxTokens bounds the lexical tokens of the document (names,
	// punctuation, values; not comments).
	MaxTokens int
	// MaxBreadth bounds the fields of one selection set. Validation
	// compares the fields of a selection set pairwise (gqlparser's
	// OverlappingFieldsCanBeMerged), so its cost grows with the square of
	// the breadth: 2,000 repeated fields, within MaxTokens, took 0.6 s of
	// CPU. It is counted by the lexer, before parsing and validation.
	MaxBreadth int
	// Introspection allows __schema and __type. __typename is always
	// allowed.
	Introspection bool
}

// Defaults are the limits flowgate runs with unless configured otherwise
// (config.go's settings read them). TestMeasure pins the figures of the
// repository's reasonable documents they were chosen from.
var Defaults = Limits{MaxDepth: 10, MaxAliases: 15, MaxComplexity: 10000, MaxTokens: 2000, MaxBreadth: 100, Introspection: true}

// List sizes the complexity estimate assumes where the schema gives no
// argument to read one from. The default install's flows have at most 5
// bindings, and a stage is bound to at most 2 flows; a flow or binding has
// at most 2 policy bindings (the generated large install; 1 by default); a
// list field not named here (a future one) is assumed to hold 10 objects.
var listEstimates = map[string]int{
	"Flow.bindings":                   5,
	"Flow.stages":                     5,
	"Stage.flows":                     2,
	"Stage.bindings":                  2,
	"Flow.policyBindings":             2,
	"Flow.policies":                   2,
	"FlowStageBinding.policyBindings": 2,
}

const defaultListEstimate = 10

// Cost is what a document asks for, as the limits measure it.
type Cost struct {
	// Depth is the deepest field nesting, introspection fields excluded.
	Depth int
	// Aliases counts aliased fields, each fragment spread counted again.
	Aliases int
	// Complexity estimates the objects in the answer: an object field costs
	// 1 plus its selections, a list of objects costs its size times that
	// (a connection's nodes and edges: its `first`, default 20, at most
	// 100; other lists: listEstimates), and scalar fields cost nothing. It
	// is an upper-bound estimate of both response size and upstream work.
	Complexity int
	// Introspection reports whether the document selects __schema or __type.
	Introspection bool
}

// QueryLimits is the gqlgen extension that enforces Limits. Register it
// (a pointer: Validate makes its cache) after any extension that rewrites
// the query (persisted queries), so that it counts the document that runs.
type QueryLimits struct {
	Limits
	// texts caches each document's tokens and breadth (lexMeasures).
	texts *docCache[textMeasures]
}

type textMeasures struct{ tokens, breadth int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = &QueryLimits{}

// ExtensionName implements graphql.HandlerExtension.
func (*QueryLimits) ExtensionName() string { return "QueryLimits" }

// Validate implements graphql.HandlerExtension: it makes the cache of
// documents' lexical measures.
func (q *QueryLimits) Validate(graphql.ExecutableSchema) error {
	q.texts = newDocCache[textMeasures](docCacheSize)
	return nil
}

// MutateOperationParameters refuses a document with too many tokens, or a
// selection set with too many fields, before gqlgen parses it. The counts
// of a document seen before come from the cache.
func (q *QueryLimits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if q.MaxTokens <= 0 && q.MaxBreadth <= 0 {
		return nil
	}
	m := q.texts.get(q.texts.key(p.Query), func() textMeasures {
		tokens, breadth := lexMeasures(p.Query)
		return textMeasures{tokens, breadth}
	})
	if q.MaxTokens > 0 {
		if n := m.tokens; n > q.MaxTokens {
			return limitError(graph.CodeQueryTooLarge, q.MaxTokens, n, "document has %d tokens, more than the limit of %d", n, q.MaxTokens)
		}
	}
	if q.MaxBreadth > 0 {
		if n := m.breadth; n > q.MaxBreadth {
			return limitError(graph.CodeQueryTooComplex, q.MaxBreadth, n, "a selection set has %d fields, more than the limit of %d", n, q.MaxBreadth)
		}
	}
	return nil
}

// MutateOperationContext refuses an operation that introspects when that is
// off, or is too deep, has too many aliases or is too complex.
func (q *QueryLimits) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	c := Measure(oc.Operation, oc.Variables)
	switch {
	case c.Introspection && !q.Introspection:
		return &gqlerror.Error{Message: "introspection is disabled on this server", Extensions: map[string]any{"code": graph.CodeIntrospectionDisabled}}
	case q.MaxDepth > 0 && c.Depth > q.MaxDepth:
		return limitError(graph.CodeQueryTooDeep, q.MaxDepth, c.Depth, "query depth %d exceeds the limit of %d", c.Depth, q.MaxDepth)
	case q.MaxAliases > 0 && c.Aliases > q.MaxAliases:
		return limitError(graph.CodeTooManyAliases, q.MaxAliases, c.Aliases, "query has %d aliases, more than the limit of %d", c.Aliases, q.MaxAliases)
	case q.MaxComplexity > 0 && c.Complexity > q.MaxComplexity:
		return limitError(graph.CodeQueryTooComplex, q.MaxComplexity, c.Complexity,
			"query complexity %d exceeds the limit of %d (ask for fewer items with first, or nest fewer lists)", c.Complexity, q.MaxComplexity)
	}
	return nil
}

func limitError(code string, limit, actual int, format string, a ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf(format, a...),
		Extensions: map[string]any{"code": code, "limit": limit, "actual": actual},
	}
}

// Measure computes the Cost of a validated operation. Named fragments are
// measured once per (fragment, enclosing connection size), so documents that
// spread fragments exponentially often are measured in linear time; the
// figures saturate instead of overflowing.
func Measure(op *ast.OperationDefinition, vars map[string]any) Cost {
	if op == nil {
		return Cost{}
	}
	w := &walker{vars: vars, memo: map[fragKey]Cost{}}
	return w.set(op.SelectionSet, 0)
}

type fragKey struct {
	name  string
	first int
}

type walker struct {
	vars map[string]any
	memo map[fragKey]Cost
}

// set measures a selection set; first is the `first` of the connection the
// set is selected on (0 elsewhere).
func (w *walker) set(sel ast.SelectionSet, first int) Cost {
	var c Cost
	add := func(o Cost) {
		c.Depth = max(c.Depth, o.Depth)
		c.Aliases = satAdd(c.Aliases, o.Aliases)
		c.Complexity = satAdd(c.Complexity, o.Complexity)
		c.Introspection = c.Introspection || o.Introspection
	}
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			add(w.field(s, first))
		case *ast.InlineFragment:
			add(w.set(s.SelectionSet, first))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			k := fragKey{s.Name, first}
			fc, ok := w.memo[k]
			if !ok {
				w.memo[k] = Cost{} // a cycle (refused by validation) measures as empty
				fc = w.set(s.Definition.SelectionSet, first)
				w.memo[k] = fc
			}
			add(fc)
		}
	}
	return c
}

func (w *walker) field(f *ast.Field, first int) Cost {
	var c Cost
	if f.Alias != "" && f.Alias != f.Name {
		c.Aliases = 1
	}
	if f.Name == "__schema" || f.Name == "__type" {
		// Introspection never reaches authentik; gqlparser's
		// MaxIntrospectionDepth rule bounds its nesting.
		c.Introspection = true
		return c
	}
	if f.Definition == nil || len(f.SelectionSet) == 0 {
		c.Depth = 1 // a scalar or enum: no cost
		return c
	}
	childFirst := 0
	if f.Definition.Arguments.ForName("first") != nil {
		childFirst = w.first(f)
	}
	child := w.set(f.SelectionSet, childFirst)
	c.Depth = satAdd(child.Depth, 1)
	c.Aliases = satAdd(c.Aliases, child.Aliases)
	c.Introspection = child.Introspection
	each := satAdd(child.Complexity, 1)
	if f.Definition.Type.Elem == nil {
		c.Complexity = each
		return c
	}
	n := defaultListEstimate
	if f.ObjectDefinition != nil {
		parent := f.ObjectDefinition.Name
		if strings.HasSuffix(parent, "Connection") && (f.Name == "nodes" || f.Name == "edges") {
			n = first
		} else if est, ok := listEstimates[parent+"."+f.Name]; ok {
			n = est
		}
	}
	c.Complexity = satMul(each, n)
	return c
}

// first reads a connection's `first` argument as the resolver will: the
// schema default when absent or null, clamped to what the resolver accepts
// (outside 0..100 it refuses the request before any upstream call).
func (w *walker) first(f *ast.Field) int {
	n := graph.DefaultFirst
	switch v := f.ArgumentMap(w.vars)["first"].(type) {
	case int:
		n = v
	case int32:
		n = int(v)
	case int64:
		n = int(max(min(v, math.MaxInt32), math.MinInt32))
	case float64:
		n = int(max(min(v, math.MaxInt32), math.MinInt32))
	case json.Number:
		if i, err := v.Int64(); err == nil {
			n = int(max(min(i, math.MaxInt32), math.MinInt32))
		}
	}
	return max(0, min(n, graph.MaxFirst))
}

func satAdd(a, b int) int {
	if a > math.MaxInt-b {
		return math.MaxInt
	}
	return a + b
}

func satMul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt/b {
		return math.MaxInt
	}
	return a * b
}
