package graph

import (
	"bytes"
	"context"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"weak"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/graph/loader"
)

// In-order execution. gqlgen marshals each element of a list of objects in
// a goroutine of its own and each resolver field of an object (but the
// first) in another, so that resolvers waiting for the upstream wait
// together. flowgate's planner (prefetch.go) loads a query's data level by
// level before the child resolvers run: below a planned field nothing
// waits, and those goroutines were most of a nested query's CPU. graph/
// graph/gqlgen rewrites generated.go to call marshalSlice and concurrently
// instead, which run such lists and fields in order on the calling
// goroutine, and keep gqlgen's goroutines wherever something below may
// still go upstream on its own:
//
//   - a resolver field the planner does not load (usedBy, diagram, export,
//     typed settings, a policy's bindings, ...), found from the selection
//     set and the table of resolver fields graph/gqlgen writes (exec_gen.go);
//   - batching off (naive), where nothing is planned;
//   - a list whose element went upstream anyway (a planned field reached
//     through a path no plan covers): its remaining elements run
//     concurrently, so such loads cost one round trip more at most, never
//     one per element.
//
// Panics are recovered as gqlgen recovers them; @defer'd fields keep
// gqlgen's own path (deferredFieldSet).

// plannedFields are the resolver fields whose values the planner loads
// with their parents' level, by object or interface name.
var plannedFields = map[string][]string{
	// Not "policies": on flows from a stage's flow_set the planner does not
	// load the full flow it needs, so it may wait.
	"Flow":             {"authentication", "cacheCount", "policyIds", "bindings", "stages", "policyBindings"},
	"FlowStageBinding": {"target", "policyBindings", "stage"},
	"Stage":            {"flows", "bindings"},
}

type fieldKey struct{ object, field string }

// mayWait holds the resolver fields that are not planned, by the object
// and by every interface they are selected through.
var mayWait = func() map[fieldKey]bool {
	planned := map[fieldKey]bool{}
	for obj, fs := range plannedFields {
		for _, f := range fs {
			planned[fieldKey{obj, f}] = true
		}
	}
	isPlanned := func(obj *ast.Definition, f string) bool {
		if planned[fieldKey{obj.Name, f}] {
			return true
		}
		for _, iface := range obj.Interfaces {
			if planned[fieldKey{iface, f}] {
				return true
			}
		}
		return false
	}
	out := map[fieldKey]bool{}
	for _, rf := range resolverFields {
		obj, f, _ := strings.Cut(rf, ".")
		def := parsedSchema.Types[obj]
		if def == nil || isPlanned(def, f) {
			continue
		}
		out[fieldKey{obj, f}] = true
		for _, iface := range def.Interfaces {
			out[fieldKey{iface, f}] = true
		}
	}
	return out
}()

// fieldCache caches a fact about a parsed field's selection. Parsed
// queries are cached and reused by gqlgen, so their fields are stable keys.
// The keys are weak pointers: a document parsed for one request only (too
// big for the query cache, or copied by InlineDefer) is not kept alive by
// its entry, which holds a bool; the cache is dropped whole when it grows
// past max entries.
type fieldCache struct {
	m   sync.Map // weak.Pointer[ast.Field] → bool
	n   atomic.Int64
	max int64
}

// get returns compute(f), computed once per field while it is cached.
func (c *fieldCache) get(f *ast.Field, compute func(*ast.Field) bool) bool {
	k := weak.Make(f)
	if v, ok := c.m.Load(k); ok {
		return v.(bool)
	}
	v := compute(f)
	if c.n.Add(1) > c.max {
		c.m.Clear()
		c.n.Store(1)
	}
	c.m.Store(k, v)
	return v
}

// subtrees caches waitsBelow.
var subtrees = fieldCache{max: 4096}

// waitsBelow reports whether f's selection set, at any depth, selects a
// field that may wait for the upstream on its own.
func waitsBelow(f *ast.Field) bool {
	return subtrees.get(f, func(f *ast.Field) bool { return selectionWaits(f.SelectionSet, 0) })
}

// maxWalk bounds selectionWaits' depth (fragments may nest; MAX_DEPTH
// bounds real queries far below it). Past it, assume the worst.
const maxWalk = 64

func selectionWaits(sel ast.SelectionSet, depth int) bool {
	if depth > maxWalk {
		return true
	}
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if s.ObjectDefinition != nil && mayWait[fieldKey{s.ObjectDefinition.Name, s.Name}] {
				return true
			}
			if selectionWaits(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.InlineFragment:
			if selectionWaits(s.SelectionSet, depth+1) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || selectionWaits(s.Definition.SelectionSet, depth+1) {
				return true
			}
		}
	}
	return false
}

// naive reports whether nothing is planned in this request: batching is
// off, or the operation is not a query (the planner plans queries only:
// a mutation's answer loads as it goes).
func naive(ctx context.Context) bool {
	if graphql.HasOperationContext(ctx) {
		if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation != ast.Query {
			return true
		}
	}
	l, ok := loader.From(ctx)
	return !ok || l.Naive()
}

// concurrently stands for out.Concurrently(i, f) in an object's field
// switch: it runs the resolver field at once when nothing in it waits.
func concurrently(ctx context.Context, run *opRun, obj *objectBox, i int, field graphql.CollectedField, f func(context.Context) graphql.Marshaler) {
	var waits bool
	if obj.meta.waits != nil {
		waits = obj.meta.waits[i]
	} else {
		waits = fieldWaits(field)
	}
	if !waits && !run.get(ctx).naive {
		obj.fs.Values[i] = f(ctx)
		return
	}
	obj.fs.Concurrently(i, f)
}

// marshalSlice stands for graphql.MarshalSliceConcurrently: it marshals the
// elements in order when nothing below them waits, with gqlgen's field
// contexts and panic recovery.
func marshalSlice(ctx context.Context, run *opRun, n int, workerLimit int64, omitPanicHandler bool, marshal func(context.Context, int) graphql.Marshaler) graphql.Array {
	fc := graphql.GetFieldContext(ctx)
	if n == 1 && fc != nil {
		// One element: gqlgen runs it inline, as here; the enclosing list
		// renders and counts it.
		ret := make(graphql.Array, 1)
		var failed atomic.Bool
		marshalElement(ctx, ret, 0, omitPanicHandler, &failed, marshal)
		if failed.Load() {
			return nil
		}
		return ret
	}
	if n < 2 || fc == nil || fc.Field.Field == nil {
		return graphql.MarshalSliceConcurrently(ctx, n, workerLimit, omitPanicHandler, marshal)
	}
	run = run.get(ctx)
	budget := run.budget
	if workerLimit > 0 || waitsBelow(fc.Field.Field) || run.naive {
		// gqlgen's goroutines, under the same answer budget (answer.go:
		// its counters are atomic).
		ret := graphql.MarshalSliceConcurrently(ctx, n, workerLimit, omitPanicHandler, func(ctx context.Context, i int) graphql.Marshaler {
			if budget.spent() {
				return graphql.Null
			}
			return marshal(ctx, i)
		})
		if ret == nil {
			return nil
		}
		return renderList(ctx, budget, fc.Field.Field, ret)
	}
	meter := run.meter
	var sent int64
	if meter != nil {
		sent = meter.Requests()
	}
	ret := make(graphql.Array, n)
	var failed atomic.Bool
	for i := range n {
		if budget.spent() {
			ret[i] = graphql.Null // past MAX_ANSWER_BYTES (answer.go)
			continue
		}
		marshalElement(ctx, ret, i, omitPanicHandler, &failed, marshal)
		if meter != nil && i+1 < n && meter.Requests() != sent {
			// Something below went upstream on its own: let the rest wait together.
			var wg sync.WaitGroup
			for j := i + 1; j < n; j++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					marshalElement(ctx, ret, j, omitPanicHandler, &failed, marshal)
				}()
			}
			wg.Wait()
			break
		}
	}
	if failed.Load() {
		return nil
	}
	return renderList(ctx, budget, fc.Field.Field, ret)
}

// marshalElement marshals element i of a list as gqlgen does: in a field
// context with its index; a panic becomes the element's error and makes the
// list null.
func marshalElement(ctx context.Context, ret graphql.Array, i int, omitPanicHandler bool, failed *atomic.Bool, marshal func(context.Context, int) graphql.Marshaler) {
	c := &fieldCtx{Context: ctx, idx: i}
	c.fc = graphql.FieldContext{Parent: graphql.GetFieldContext(ctx), Index: &c.idx}
	childCtx := context.Context(c)
	if !omitPanicHandler {
		defer func() {
			if r := recover(); r != nil {
				graphql.AddError(childCtx, graphql.Recover(childCtx, r))
				failed.Store(true)
			}
		}()
	}
	ret[i] = marshal(childCtx, i)
}

// fieldCtx is a context carrying a field context, as
// graphql.WithFieldContext makes one (a context value whose parent is the
// enclosing field's context), in one allocation with the field context and
// a list element's index instead of three.
type fieldCtx struct {
	context.Context
	fc  graphql.FieldContext
	idx int
}

// Value implements context.Context.
func (c *fieldCtx) Value(k any) any {
	if k == fieldContextKey {
		return &c.fc
	}
	return c.Context.Value(k)
}

// fieldContextKey is gqlgen's context key of field contexts (unexported),
// as graphql.GetFieldContext asks for it.
var fieldContextKey = func() any {
	var p keyProbe
	graphql.GetFieldContext(&p)
	return p.key
}()

type keyProbe struct {
	context.Context
	key any
}

func (p *keyProbe) Value(k any) any {
	p.key = k
	return nil
}

// withFieldContext is graphql.WithFieldContext(ctx, fc) for graph/gqlgen's
// fast paths: the field context is copied into the context (one allocation
// instead of two); use the returned one.
func withFieldContext(ctx context.Context, fc *graphql.FieldContext) (context.Context, *graphql.FieldContext) {
	c := &fieldCtx{Context: ctx, fc: *fc}
	c.fc.Parent = graphql.GetFieldContext(ctx)
	return c, &c.fc
}

// addView records a @defer label's view in an object's map of them
// (graph/gqlgen: the map is made on the object's first deferred field).
func addView(m map[string]*graphql.FieldSetView, label string, v *graphql.FieldSetView) map[string]*graphql.FieldSetView {
	if m == nil {
		m = map[string]*graphql.FieldSetView{}
	}
	m[label] = v
	return m
}

// plainFieldMiddleware is the code of gqlgen's field middleware when no
// extension intercepts fields (a function literal without captures: every
// executor without a FieldInterceptor shares it).
var plainFieldMiddleware = sync.OnceValue(func() (p uintptr) {
	defer func() {
		if recover() != nil {
			p = 0 // no fast path
		}
	}()
	exec := executor.New(NewExecutableSchema(Config{Resolvers: &Resolver{}}))
	ctx := graphql.StartOperationTrace(context.Background())
	oc, errs := exec.CreateOperationContext(ctx, &graphql.RawParams{Query: "{ __typename }"})
	if errs != nil || oc == nil || oc.ResolverMiddleware == nil {
		return 0
	}
	return reflect.ValueOf(oc.ResolverMiddleware).Pointer()
})

// plainField reports whether the operation runs without field middleware:
// graph/gqlgen's fast path for plain scalar fields (a struct field marshalled
// at once) is taken only then, so that an extension intercepting fields
// (tracing, say) still sees every field.
func plainField(oc *graphql.OperationContext) bool {
	p := plainFieldMiddleware()
	return p != 0 && oc.ResolverMiddleware != nil && reflect.ValueOf(oc.ResolverMiddleware).Pointer() == p
}

// object is an object's answer: its fields in order, written as gqlgen's
// FieldSet writes them (a later field with an alias already written is
// left out) but without a map of written aliases and iterator closures per
// object. graph/gqlgen makes every object marshaller return its object
// once its field set's values are resolved.
type object struct {
	fields []graphql.CollectedField
	values []graphql.Marshaler
}

// objectBox is what an object marshaller resolves and answers, in one
// allocation with its values for objects of up to 8 fields: the field set
// gqlgen's generated code fills (out), the object it returns, and the
// collected fields with what concurrently needs (meta). out's own list of
// fields stays empty: only deferred fields (a FieldSet of their own) and
// FieldSet.MarshalGQL read it, and the object writes the answer.
type objectBox struct {
	fs graphql.FieldSet
	object
	meta *collected
}

// newObject stands for graphql.NewFieldSet(fields) in the object
// marshallers (graph/gqlgen).
func newObject(c *collected) *objectBox {
	n := len(c.fields)
	var b *objectBox
	var values []graphql.Marshaler
	switch {
	case n <= 2:
		x := &struct {
			objectBox
			a [2]graphql.Marshaler
		}{}
		b, values = &x.objectBox, x.a[:n:n]
	case n <= 4:
		x := &struct {
			objectBox
			a [4]graphql.Marshaler
		}{}
		b, values = &x.objectBox, x.a[:n:n]
	case n <= 8:
		x := &struct {
			objectBox
			a [8]graphql.Marshaler
		}{}
		b, values = &x.objectBox, x.a[:n:n]
	default:
		b, values = &objectBox{}, make([]graphql.Marshaler, n)
	}
	b.fs.Values, b.object.values, b.object.fields, b.meta = values, values, c.fields, c
	return b
}

func (o *object) MarshalGQL(w io.Writer) {
	io.WriteString(w, "{")
	first := true
	for i := range o.fields {
		alias := o.fields[i].Alias
		if seenAlias(o.fields[:i], alias) {
			continue
		}
		if first {
			first = false
			io.WriteString(w, `"`)
		} else {
			io.WriteString(w, `,"`)
		}
		io.WriteString(w, alias) // a GraphQL name: nothing to escape
		io.WriteString(w, `":`)
		o.values[i].MarshalGQL(w)
	}
	io.WriteString(w, "}")
}

func seenAlias(fields []graphql.CollectedField, alias string) bool {
	for i := range fields {
		if fields[i].Alias == alias {
			return true
		}
	}
	return false
}

// Plain scalar fields (graph/gqlgen's scalarValue): a String answered by a
// pointer to its object's field, an Int or Boolean by value, written as
// model.MarshalString, model.MarshalInt and graphql.MarshalBoolean write
// them, without the closure per value those allocate. Models are not
// changed once resolved, so the field holds what was resolved when the
// answer is written.

type stringValue string

// MarshalGQL implements graphql.Marshaler as graphql.MarshalString does.
func (s *stringValue) MarshalGQL(w io.Writer) { writeQuoted(w, string(*s)) }

// writeQuoted is gqlgen's writeQuotedString: only ASCII control
// characters, '\\' and '"' are escaped (a byte at a time: the bytes of
// multi-byte UTF-8, or invalid UTF-8, are written as they are).
func writeQuoted(w io.Writer, s string) {
	const hex = "0123456789ABCDEF"
	start := 0
	io.WriteString(w, `"`)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		io.WriteString(w, s[start:i])
		switch c {
		case '\t':
			io.WriteString(w, `\t`)
		case '\r':
			io.WriteString(w, `\r`)
		case '\n':
			io.WriteString(w, `\n`)
		case '\\':
			io.WriteString(w, `\\`)
		case '"':
			io.WriteString(w, `\"`)
		default:
			io.WriteString(w, `\u00`)
			io.WriteString(w, hex[c>>4:c>>4+1])
			io.WriteString(w, hex[c&0xf:c&0xf+1])
		}
		start = i + 1
	}
	io.WriteString(w, s[start:])
	io.WriteString(w, `"`)
}

type intValue int

// MarshalGQL implements graphql.Marshaler as graphql.MarshalInt does.
func (n intValue) MarshalGQL(w io.Writer) {
	var b [20]byte
	switch w := w.(type) {
	case *renderBuffer:
		w.Write(strconv.AppendInt(b[:0], int64(n), 10))
	case *bytes.Buffer:
		w.Write(strconv.AppendInt(b[:0], int64(n), 10))
	default:
		io.WriteString(w, strconv.Itoa(int(n)))
	}
}

type boolValue bool

// MarshalGQL implements graphql.Marshaler as graphql.MarshalBoolean does.
func (v boolValue) MarshalGQL(w io.Writer) {
	if v {
		io.WriteString(w, "true")
	} else {
		io.WriteString(w, "false")
	}
}

// unmarshalers is gqlgen's map of an operation's input unmarshallers
// (graphql.BuildUnmarshalerMap), built on first use: graph/gqlgen makes
// Exec hand its list here instead of building the map for every operation.
type unmarshalers struct {
	once  sync.Once
	build func() []any
	m     map[reflect.Type]reflect.Value
}

func lazyUnmarshalers(build func() []any) *unmarshalers { return &unmarshalers{build: build} }

func (u *unmarshalers) get() map[reflect.Type]reflect.Value {
	u.once.Do(func() { u.m = graphql.BuildUnmarshalerMap(u.build()...) })
	return u.m
}

// unmarshalersCtx carries an operation's unmarshallers as
// graphql.WithUnmarshalerMap does; graphql.UnmarshalInputFromContext finds
// the map, built when it first asks.
type unmarshalersCtx struct {
	context.Context
	u *unmarshalers
}

// Value implements context.Context.
func (c *unmarshalersCtx) Value(k any) any {
	if k == unmarshalInputKey {
		return c.u.get()
	}
	return c.Context.Value(k)
}

// withUnmarshalers stands for graphql.WithUnmarshalerMap(ctx, m).
func withUnmarshalers(ctx context.Context, u *unmarshalers) context.Context {
	return &unmarshalersCtx{Context: ctx, u: u}
}

// unmarshalInputKey is gqlgen's (unexported) context key of the map, as
// graphql.UnmarshalInputFromContext asks for it.
var unmarshalInputKey = func() any {
	var p keyProbe
	_ = graphql.UnmarshalInputFromContext(&p, nil, nil)
	return p.key
}()
