package guard

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph"
	"flowgate/upstream"
)

// Demand control (after Apollo Router's, with the GraphQL cost directive
// specification's @cost and @listSize): before an operation runs, its
// upstream requests are estimated from what the schema declares each field
// costs (graph/cost.graphqls), and an operation estimated over the limit is
// refused with no upstream request. While it runs, the request's
// upstream.Meter counts what it really costs and stops it at the budget.
// Every answer reports both in extensions.cost.

// Defaults of the upstream budget of one GraphQL request
// (MAX_UPSTREAM_REQUESTS, MAX_UPSTREAM_BYTES). They admit every document in
// testdata/queries and every dashboard query on the generated large install
// (2,000 flows x 8 bindings, 200 stages), where the most expensive,
// deep-nesting, is estimated at 252 requests and reads about 465 MB: each of
// the install's 16,000 bindings embeds its stage with the stage's flow_set
// of 80 flows. The fan-out query is estimated at 1,102 and refused.
// README "Demand control" gives the figures.
const (
	DefaultMaxUpstreamRequests = 500
	DefaultMaxUpstreamBytes    = 1 << 30
)

// DemandControl is the gqlgen extension that estimates each operation,
// refuses it over MaxRequests (0: never), and reports extensions.cost.
// Register it after the query limits: it walks the operation they bound.
type DemandControl struct {
	MaxRequests int
	schema      *ast.Schema
	// estimates caches each operation's estimate, by document, operation
	// name and variables (the estimate depends on nothing else).
	estimates *docCache[int]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = &DemandControl{}

// ExtensionName implements graphql.HandlerExtension.
func (*DemandControl) ExtensionName() string { return "DemandControl" }

// Validate implements graphql.HandlerExtension: it keeps the schema, whose
// input types the estimate reads.
func (d *DemandControl) Validate(es graphql.ExecutableSchema) error {
	d.schema = es.Schema()
	d.estimates = newDocCache[int](docCacheSize)
	return nil
}

// MutateOperationContext estimates the operation and refuses it over the
// limit, before any resolver runs.
func (d *DemandControl) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	est := d.estimate(oc)
	upstream.MeterFrom(ctx).SetEstimate(int64(est))
	if d.MaxRequests > 0 && est > d.MaxRequests {
		return limitError(graph.CodeQueryTooExpensive, d.MaxRequests, est,
			"query would cost an estimated %d upstream requests, more than the limit of %d "+
				"(ask for fewer items with first, or fewer per-object fields such as usedBy, diagram or export)", est, d.MaxRequests)
	}
	return nil
}

// estimate is Estimate of oc's operation, from the cache when the same
// document, operation name and variables were estimated before. Variables
// take part in the key only when the operation declares some (else they
// cannot change the estimate), and only up to maxCachedVarsBytes.
func (d *DemandControl) estimate(oc *graphql.OperationContext) int {
	measure := func() int { return Estimate(d.schema, oc.Operation, oc.Variables) }
	vars := ""
	if oc.Operation != nil && len(oc.Operation.VariableDefinitions) > 0 {
		v, ok := varsKey(oc.Variables)
		if !ok {
			return measure()
		}
		vars = v
	}
	return d.estimates.get(d.estimates.key(oc.RawQuery, oc.OperationName, vars), measure)
}

// CostReport is extensions.cost of every answer.
type CostReport struct {
	// UpstreamRequests is what the request has sent authentik so far
	// (every attempt, retries included); on the last payload of an
	// incremental answer, in all.
	UpstreamRequests int64 `json:"upstreamRequests"`
	// EstimatedUpstreamRequests is the estimate made before execution;
	// absent when the request was refused before it was estimated.
	EstimatedUpstreamRequests *int64 `json:"estimatedUpstreamRequests,omitempty"`
	// UpstreamRequestsCached counts the upstream requests the answer
	// cache served instead of authentik (CACHE_TTL); absent when the cache
	// is off.
	UpstreamRequestsCached *int64 `json:"upstreamRequestsCached,omitempty"`
}

// InterceptResponse adds extensions.cost to every payload.
func (*DemandControl) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	m := upstream.MeterFrom(ctx)
	if m == nil {
		return resp
	}
	c := CostReport{UpstreamRequests: m.Requests()}
	if est, ok := m.Estimate(); ok {
		c.EstimatedUpstreamRequests = &est
	}
	if s := upstream.CacheSavingsFrom(ctx); s != nil {
		n := s.Saved()
		c.UpstreamRequestsCached = &n
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["cost"] = c
	return resp
}

// Estimate returns the upstream requests op is estimated to cost (an upper
// bound on the default planner's, for an install up to the size the schema
// assumes). It saturates instead of overflowing.
func Estimate(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) int {
	if op == nil {
		return 0
	}
	e := &estimator{schema: schema, vars: vars}
	n := e.level([]ast.SelectionSet{op.SelectionSet}, 1, nil, op.Operation != ast.Mutation)
	if e.visited > maxEstimateFields || math.IsNaN(n) || n >= math.MaxInt32 {
		return math.MaxInt32
	}
	return int(math.Ceil(n))
}

// maxEstimateFields bounds the fields the estimate visits (fragments
// expanded): a document past it is estimated as too expensive.
const maxEstimateFields = 100_000

// defaultAssumedSize is the items of a list field that declares no
// @listSize.
const defaultAssumedSize = 10

type estimator struct {
	schema  *ast.Schema
	vars    map[string]any
	visited int
}

// slice is a connection's slicing argument, applied to its sized fields.
type slice struct {
	n      float64
	fields []string
}

// group is the fields of one level that select the same field with the
// same arguments: the loaders answer them once.
type group struct {
	field    *ast.Field
	args     map[string]any
	children []ast.SelectionSet
}

// level estimates the selections sels made on k parent objects.
func (e *estimator) level(sels []ast.SelectionSet, k float64, sl *slice, merge bool) float64 {
	if k <= 0 {
		return 0
	}
	var order []string
	groups := map[string]*group{}
	for _, sel := range sels {
		e.collect(sel, merge, groups, &order, map[string]bool{})
	}
	total := 0.0
	sharedKeys := map[string]float64{} // per loader: keys the fields share (their parents)
	ownKeys := map[string]float64{}    // per loader: keys each field brings (distinct)
	batchRules := map[string]*batchRule{}
	for _, key := range order {
		g := groups[key]
		def := g.field.Definition
		r := e.ruleOf(g.field)
		n := 1.0 // items per parent
		switch {
		case sl != nil && slices.Contains(sl.fields, g.field.Name):
			n = sl.n
		case def.Type.Elem != nil && len(r.slicing) > 0 && len(r.sized) == 0:
			n = e.sliceSize(def, g.args, r.slicing) // the list itself is sliced (nodes(ids:))
		case def.Type.Elem != nil:
			n = defaultAssumedSize
			if r.assumed >= 0 {
				n = float64(r.assumed)
			}
		}
		total += k * (r.weight + e.argCost(def, g.args))
		if b := r.batch; b != nil && (len(b.when) == 0 || e.selects(g.children, b.when)) {
			keys := k
			if b.perItem {
				keys = k * n
			}
			if b.distinct {
				ownKeys[b.name] += keys // keys of its own
			} else {
				sharedKeys[b.name] = max(sharedKeys[b.name], keys) // the same parents' keys
			}
			batchRules[b.name] = b
		}
		if b := e.typeBatch(g.field); b != nil {
			sharedKeys[b.name] = max(sharedKeys[b.name], k)
			batchRules[b.name] = b
		}
		if len(g.field.SelectionSet) == 0 && len(g.children) == 0 {
			continue
		}
		var childSlice *slice
		if len(r.slicing) > 0 && len(r.sized) > 0 {
			childSlice = &slice{n: e.sliceSize(def, g.args, r.slicing), fields: r.sized}
		}
		total += e.level(g.children, k*n, childSlice, true)
	}
	for name, b := range batchRules {
		total += b.cost(sharedKeys[name] + ownKeys[name])
	}
	return total
}

// collect gathers the fields of sel (through fragments, honouring @skip
// and @include) into groups keyed by field name and arguments (by response
// key, without merge: a mutation's fields each run).
func (e *estimator) collect(sel ast.SelectionSet, merge bool, groups map[string]*group, order *[]string, spread map[string]bool) {
	for _, s := range sel {
		e.visited++
		if e.visited > maxEstimateFields {
			return
		}
		switch s := s.(type) {
		case *ast.Field:
			if !e.included(s.Directives) || s.Definition == nil || len(s.Name) > 1 && s.Name[:2] == "__" {
				continue
			}
			args := s.ArgumentMap(e.vars)
			key := s.Alias
			if merge {
				b, _ := json.Marshal(args)
				key = s.Name + string(b)
			}
			g, ok := groups[key]
			if !ok {
				g = &group{field: s, args: args}
				groups[key] = g
				*order = append(*order, key)
			}
			g.children = append(g.children, s.SelectionSet)
		case *ast.InlineFragment:
			if e.included(s.Directives) {
				e.collect(s.SelectionSet, merge, groups, order, spread)
			}
		case *ast.FragmentSpread:
			if e.included(s.Directives) && s.Definition != nil && !spread[s.Name] {
				spread[s.Name] = true
				e.collect(s.Definition.SelectionSet, merge, groups, order, spread)
			}
		}
	}
}

// included applies @skip and @include.
func (e *estimator) included(ds ast.DirectiveList) bool {
	if d := ds.ForName("skip"); d != nil {
		if v, _ := d.ArgumentMap(e.vars)["if"].(bool); v {
			return false
		}
	}
	if d := ds.ForName("include"); d != nil {
		if v, ok := d.ArgumentMap(e.vars)["if"].(bool); ok && !v {
			return false
		}
	}
	return true
}

// selects reports whether sels select any of names (directly or through
// fragments).
func (e *estimator) selects(sels []ast.SelectionSet, names []string) bool {
	for _, sel := range sels {
		for _, s := range sel {
			switch s := s.(type) {
			case *ast.Field:
				if slices.Contains(names, s.Name) && e.included(s.Directives) {
					return true
				}
			case *ast.InlineFragment:
				if e.selects([]ast.SelectionSet{s.SelectionSet}, names) {
					return true
				}
			case *ast.FragmentSpread:
				if s.Definition != nil && e.selects([]ast.SelectionSet{s.Definition.SelectionSet}, names) {
					return true
				}
			}
		}
	}
	return false
}

// sliceSize reads a connection's slicing argument as its resolver will:
// the schema default when absent, clamped to 0..MaxFirst; a list argument
// counts its elements.
func (e *estimator) sliceSize(def *ast.FieldDefinition, args map[string]any, names []string) float64 {
	for _, name := range names {
		if def.Arguments.ForName(name) == nil {
			continue
		}
		switch v := args[name].(type) {
		case []any:
			return float64(len(v))
		case nil:
			return graph.DefaultFirst
		default:
			if n, ok := toInt(v); ok {
				return float64(max(0, min(n, graph.MaxFirst)))
			}
			return graph.DefaultFirst
		}
	}
	return graph.DefaultFirst
}

func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int32:
		return int(v), true
	case int64:
		return int(max(min(v, math.MaxInt32), math.MinInt32)), true
	case float64:
		return int(max(min(v, math.MaxInt32), math.MinInt32)), true
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return int(max(min(i, math.MaxInt32), math.MinInt32)), true
		}
	}
	return 0, false
}

// argCost is what the given arguments of a field add: @cost on an argument
// or on an input object's field, per element of a list.
func (e *estimator) argCost(def *ast.FieldDefinition, args map[string]any) float64 {
	total := 0.0
	for _, a := range def.Arguments {
		v, ok := args[a.Name]
		if !ok || v == nil {
			continue
		}
		total += weightOf(a.Directives)*count(v) + e.valueCost(a.Type, v, 0)
	}
	return total
}

// valueCost sums the @cost of the input fields given in v, of type t.
func (e *estimator) valueCost(t *ast.Type, v any, depth int) float64 {
	if v == nil || depth > 8 {
		return 0
	}
	if t.Elem != nil {
		total := 0.0
		if items, ok := v.([]any); ok {
			for _, it := range items {
				total += e.valueCost(t.Elem, it, depth+1)
			}
		}
		return total
	}
	obj, ok := v.(map[string]any)
	if !ok || e.schema == nil {
		return 0
	}
	def := e.schema.Types[t.Name()]
	if def == nil || def.Kind != ast.InputObject {
		return 0
	}
	total := 0.0
	for _, f := range def.Fields {
		fv, ok := obj[f.Name]
		if !ok || fv == nil {
			continue
		}
		total += weightOf(f.Directives)*count(fv) + e.valueCost(f.Type, fv, depth+1)
	}
	return total
}

func count(v any) float64 {
	if items, ok := v.([]any); ok {
		return float64(len(items))
	}
	return 1
}

// fieldRule is what a field's directives declare.
type fieldRule struct {
	weight  float64 // @cost: requests per parent
	assumed int     // @listSize(assumedSize), -1 when absent
	slicing []string
	sized   []string
	batch   *batchRule
}

// batchRule is a field's @batch.
type batchRule struct {
	name           string
	keysPerRequest float64
	listingPages   float64 // 0: no listing
	perItem        bool
	distinct       bool
	when           []string
}

// cost is the requests of one batch of keys (see @batch in cost.graphqls,
// and the planner's rule in graph/loader).
func (b *batchRule) cost(keys float64) float64 {
	if keys <= 0 {
		return 0
	}
	per := math.Ceil(keys / b.keysPerRequest)
	if b.listingPages <= 0 || keys <= 1 {
		return per
	}
	return 1 + min(per, b.listingPages-1)
}

var rules sync.Map // *ast.FieldDefinition -> *fieldRule; the schema never changes

// ruleOf is the rule of a selected field: its definition's, or, when that
// declares nothing, the rule of the same field on an interface the type
// implements (implementations repeat their interface's fields).
func (e *estimator) ruleOf(f *ast.Field) *fieldRule {
	r := ruleFor(f.Definition)
	if !r.empty() || e.schema == nil || f.ObjectDefinition == nil {
		return r
	}
	for _, name := range f.ObjectDefinition.Interfaces {
		if iface := e.schema.Types[name]; iface != nil {
			if d := iface.Fields.ForName(f.Name); d != nil {
				if ir := ruleFor(d); !ir.empty() {
					return ir
				}
			}
		}
	}
	return r
}

// typeBatch is the loader of f's parent object type's own fields (@batch
// on the type), when f is one of them.
func (e *estimator) typeBatch(f *ast.Field) *batchRule {
	obj := f.ObjectDefinition
	if obj == nil || obj.Kind != ast.Object || obj.Directives.ForName("batch") == nil {
		return nil
	}
	if e.schema != nil {
		for _, name := range obj.Interfaces {
			if iface := e.schema.Types[name]; iface != nil && iface.Fields.ForName(f.Name) != nil {
				return nil // a common field, not the type's own
			}
		}
	}
	if r, ok := typeRules.Load(obj); ok {
		return r.(*batchRule)
	}
	b := batchOf(obj.Directives.ForName("batch"))
	typeRules.Store(obj, b)
	return b
}

var typeRules sync.Map // *ast.Definition -> *batchRule

func (r *fieldRule) empty() bool {
	return r.weight == 0 && r.assumed < 0 && len(r.slicing) == 0 && r.batch == nil
}

func ruleFor(def *ast.FieldDefinition) *fieldRule {
	if r, ok := rules.Load(def); ok {
		return r.(*fieldRule)
	}
	r := &fieldRule{weight: weightOf(def.Directives), assumed: -1}
	if d := def.Directives.ForName("listSize"); d != nil {
		a := d.ArgumentMap(nil)
		if n, ok := toInt(a["assumedSize"]); ok {
			r.assumed = max(n, 0)
		}
		r.slicing, r.sized = stringList(a["slicingArguments"]), stringList(a["sizedFields"])
	}
	if d := def.Directives.ForName("batch"); d != nil {
		r.batch = batchOf(d)
	}
	rules.Store(def, r)
	return r
}

func batchOf(d *ast.Directive) *batchRule {
	a := d.ArgumentMap(nil)
	b := &batchRule{keysPerRequest: 1, when: stringList(a["when"])}
	b.name, _ = a["name"].(string)
	if n, ok := toInt(a["keysPerRequest"]); ok && n > 0 {
		b.keysPerRequest = float64(n)
	}
	if n, ok := toInt(a["listingPages"]); ok && n > 0 {
		b.listingPages = float64(n)
	}
	b.perItem, _ = a["perItem"].(bool)
	b.distinct, _ = a["distinct"].(bool)
	return b
}

func weightOf(ds ast.DirectiveList) float64 {
	d := ds.ForName("cost")
	if d == nil {
		return 0
	}
	s, _ := d.ArgumentMap(nil)["weight"].(string)
	w, err := strconv.ParseFloat(s, 64)
	if err != nil || w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
		panic(fmt.Sprintf("graph: @cost(weight: %q) is not a non-negative number", s))
	}
	return w
}

func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
