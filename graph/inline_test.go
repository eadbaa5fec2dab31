package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"weak"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
	"flowgate/upstream/upstreamtest"
)

// listContext is a context as gqlgen's executor hands a list field's
// marshaller: operation, response and field contexts, loaders, a meter.
func listContext(t *testing.T, naive bool) (context.Context, *upstream.Client) {
	t.Helper()
	fake := upstreamtest.NewServer()
	t.Cleanup(fake.Close)
	up, err := upstream.New(fake.URL, upstream.Options{Token: upstreamtest.AdminToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx := loader.WithLoaders(t.Context(), loader.New(up, loader.Options{Naive: naive}))
	ctx = upstream.WithMeter(ctx, upstream.NewMeter(0, 0))
	ctx = graphql.WithOperationContext(ctx, &graphql.OperationContext{})
	ctx = graphql.WithResponseContext(ctx, graphql.DefaultErrorPresenter, func(_ context.Context, r any) error {
		return errors.New("recovered: " + r.(string))
	})
	field := &ast.Field{Alias: "nodes", Name: "nodes"}
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: graphql.CollectedField{Field: field}})
	return ctx, up
}

// TestMarshalSlice_InOrder: with nothing below that waits, the elements are
// marshalled in order on the calling goroutine, each in its own field
// context (index in the path).
func TestMarshalSlice_InOrder(t *testing.T) {
	ctx, _ := listContext(t, false)
	var order []int
	var paths []string
	got := marshalSlice(ctx, &opRun{}, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		order = append(order, i) // no lock: the same goroutine
		paths = append(paths, graphql.GetPath(ctx).String())
		return graphql.MarshalInt(i)
	})
	if r := render(got); r != "[0,1,2]" {
		t.Errorf("array = %s, want [0,1,2]", r)
	}
	if want := []int{0, 1, 2}; !slices.Equal(order, want) {
		t.Errorf("order = %v, want %v", order, want)
	}
	if want := "nodes[1]"; paths[1] != want {
		t.Errorf("path of element 1 = %q, want %q", paths[1], want)
	}
}

// TestMarshalSlice_Panic: a panicking element is the element's error (at
// its path) and the list is null, as in gqlgen; the other elements run.
func TestMarshalSlice_Panic(t *testing.T) {
	ctx, _ := listContext(t, false)
	var ran atomic.Int32
	got := marshalSlice(ctx, &opRun{}, 3, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		ran.Add(1)
		if i == 1 {
			panic("boom")
		}
		return graphql.MarshalInt(i)
	})
	if got != nil {
		t.Errorf("array = %v, want nil", got)
	}
	if ran.Load() != 3 {
		t.Errorf("%d elements ran, want 3", ran.Load())
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Message != "recovered: boom" || errs[0].Path.String() != "nodes[1]" {
		t.Errorf("errors = %v, want one \"recovered: boom\" at nodes[1]", gqlerror.List(errs))
	}
}

// TestMarshalSlice_FallsBackWhenAnElementWentUpstream: an element that
// sends an upstream request (a field reached where no plan covers it) makes
// the remaining elements run concurrently, so that their own requests wait
// together: here each of them waits until all of them are running.
func TestMarshalSlice_FallsBackWhenAnElementWentUpstream(t *testing.T) {
	ctx, up := listContext(t, false)
	const n = 4
	var running atomic.Int32
	allIn := make(chan struct{})
	got := marshalSlice(ctx, &opRun{}, n, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		if i == 0 {
			if _, err := up.GetFlow(ctx, "default-authentication-flow"); err != nil {
				t.Error(err)
			}
			return graphql.MarshalInt(i)
		}
		if running.Add(1) == n-1 {
			close(allIn)
		}
		select {
		case <-allIn:
		case <-time.After(5 * time.Second):
			t.Errorf("element %d: the elements after the first did not run together", i)
		}
		return graphql.MarshalInt(i)
	})
	if r := render(got); r != "[0,1,2,3]" {
		t.Errorf("array = %s, want [0,1,2,3]", r)
	}
}

// TestWaitsBelow: the selection sets that keep gqlgen's goroutines.
func TestWaitsBelow(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  bool
	}{
		{`{ flows { nodes { slug bindings { order stage { name flows { slug } } } stages { name } } } }`, false},
		{`{ flows { nodes { slug policyBindings { order } } } }`, false},
		// Flow.policies needs the full flow, which flows from a stage's flow_set lack.
		{`{ flows { nodes { slug policies { name } } } }`, true},
		{`{ flows { nodes { slug usedBy { pk } } } }`, true},
		{`{ flows { nodes { bindings { stage { usedBy { pk } } } } } }`, true},
		{`{ flows { nodes { ...F } } } fragment F on Flow { diagram }`, true},
		{`{ stages { nodes { name ... on PasswordStage { configureFlow { slug } } } } }`, true},
		{`{ policies { nodes { bindings { order } } } }`, true},
	} {
		doc, errs := gqlparser.LoadQuery(parsedSchema, tc.query)
		if errs != nil {
			t.Fatalf("%s: %v", tc.query, errs)
		}
		root := doc.Operations[0].SelectionSet[0].(*ast.Field)
		if got := waitsBelow(root); got != tc.want {
			t.Errorf("%s: waitsBelow = %v, want %v", tc.query, got, tc.want)
		}
	}
}

func render(m graphql.Marshaler) string {
	var b strings.Builder
	m.MarshalGQL(&b)
	return b.String()
}

// TestPlainField: graph/gqlgen's fast path for plain scalar fields is taken only
// when no extension intercepts fields.
func TestPlainField(t *testing.T) {
	oc := func(exts ...graphql.HandlerExtension) *graphql.OperationContext {
		exec := executor.New(NewExecutableSchema(Config{Resolvers: &Resolver{}}))
		for _, e := range exts {
			exec.Use(e)
		}
		oc, errs := exec.CreateOperationContext(graphql.StartOperationTrace(t.Context()), &graphql.RawParams{Query: "{ __typename }"})
		if errs != nil {
			t.Fatal(errs)
		}
		return oc
	}
	if !plainField(oc()) {
		t.Error("no extension: plainField = false")
	}
	if !plainField(oc(extension.Introspection{})) {
		t.Error("an extension that does not intercept fields: plainField = false")
	}
	if plainField(oc(extension.FixedComplexityLimit(100), fieldCounter{})) {
		t.Error("a field interceptor: plainField = true")
	}
}

type fieldCounter struct{}

func (fieldCounter) ExtensionName() string                   { return "fieldCounter" }
func (fieldCounter) Validate(graphql.ExecutableSchema) error { return nil }
func (fieldCounter) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	return next(ctx)
}

// TestObject_WritesAsFieldSet: an object writes its fields in order, as
// gqlgen's FieldSet does, leaving out a later field whose alias is written.
func TestObject_WritesAsFieldSet(t *testing.T) {
	fields := []graphql.CollectedField{
		{Field: &ast.Field{Alias: "slug", Name: "slug"}},
		{Field: &ast.Field{Alias: "n", Name: "name"}},
		{Field: &ast.Field{Alias: "slug", Name: "slug"}},
		{Field: &ast.Field{Alias: "order", Name: "order"}},
	}
	values := []graphql.Marshaler{graphql.MarshalString("a"), graphql.Null, graphql.MarshalString("b"), graphql.MarshalInt(10)}
	fs := graphql.NewFieldSet(fields)
	copy(fs.Values, values)
	want := render(fs)
	// Every size newObject makes.
	for n := range 12 {
		fields := append(fields, make([]graphql.CollectedField, n)...)
		for i := len(fields) - n; i < len(fields); i++ {
			fields[i] = graphql.CollectedField{Field: &ast.Field{Alias: fmt.Sprintf("f%d", i), Name: "slug"}}
		}
		obj := newObject(&collected{fields: fields})
		copy(obj.fs.Values, values)
		for i := len(values); i < len(fields); i++ {
			obj.fs.Values[i] = graphql.MarshalInt(i)
		}
		wantN := want
		if n > 0 {
			ref := graphql.NewFieldSet(fields)
			copy(ref.Values, obj.fs.Values)
			wantN = render(ref)
		}
		if got := render(&obj.object); got != wantN || (n == 0 && got != `{"slug":"a","n":null,"order":10}`) {
			t.Errorf("%d fields: object = %s, FieldSet = %s", len(fields), got, wantN)
		}
	}
	if got := render(&newObject(&collected{}).object); got != "{}" {
		t.Errorf("empty object = %s", got)
	}
}

// TestFieldCaches_DoNotPinDocuments: waitsBelow's and deferBelow's caches
// hold a parsed field weakly, so a document parsed for one request (too big
// for the query cache, or copied by InlineDefer) is collected after it,
// whatever the caches hold.
func TestFieldCaches_DoNotPinDocuments(t *testing.T) {
	for name, lookup := range map[string]func(*ast.Field) bool{"waitsBelow": waitsBelow, "deferBelow": deferBelow} {
		f := &ast.Field{Name: "flows", Position: &ast.Position{Src: &ast.Source{Input: strings.Repeat("#", 1<<20)}}}
		first := lookup(f)
		if again := lookup(f); again != first {
			t.Fatalf("%s: %v, then %v", name, first, again)
		}
		w := weak.Make(f)
		f = nil
		runtime.GC()
		runtime.GC()
		if w.Value() != nil {
			t.Errorf("%s's cache keeps a parsed field (and its document) alive", name)
		}
	}
}

// TestNaive_Mutation: a mutation's answer is not planned, so its lists and
// resolver fields keep gqlgen's goroutines.
func TestNaive_Mutation(t *testing.T) {
	for _, tc := range []struct {
		op   ast.Operation
		want bool
	}{{ast.Query, false}, {ast.Mutation, true}} {
		ctx := graphql.WithOperationContext(loader.WithLoaders(context.Background(), loader.New(nil, loader.Options{})), &graphql.OperationContext{Operation: &ast.OperationDefinition{Operation: tc.op}})
		if got := naive(ctx); got != tc.want {
			t.Errorf("%s: naive = %v, want %v", tc.op, got, tc.want)
		}
	}
}

// TestMarshalSlice_One: a one-element list runs in its element's field
// context; a panic is the element's error and the list is null, as in
// gqlgen.
func TestMarshalSlice_One(t *testing.T) {
	ctx, _ := listContext(t, false)
	var path string
	got := marshalSlice(ctx, &opRun{}, 1, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		path = graphql.GetPath(ctx).String()
		return graphql.MarshalInt(7)
	})
	if r := render(got); r != "[7]" || path != "nodes[0]" {
		t.Errorf("array = %s, path %q; want [7], nodes[0]", r, path)
	}
	if got := marshalSlice(ctx, &opRun{}, 1, 0, false, func(context.Context, int) graphql.Marshaler { panic("boom") }); got != nil {
		t.Errorf("array = %v, want nil", got)
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Message != "recovered: boom" || errs[0].Path.String() != "nodes[0]" {
		t.Errorf("errors = %v, want one \"recovered: boom\" at nodes[0]", gqlerror.List(errs))
	}
}

// TestFieldCtx: a field context made by withFieldContext is what
// graphql.WithFieldContext makes: gqlgen finds it (and its parent, for
// paths), other values and cancellation pass through.
func TestFieldCtx(t *testing.T) {
	type k struct{}
	parent, cancel := context.WithCancel(context.WithValue(t.Context(), k{}, "v"))
	parent = graphql.WithFieldContext(parent, &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "flow"}}})
	ctx, fc := withFieldContext(parent, &graphql.FieldContext{Object: "Flow", Field: graphql.CollectedField{Field: &ast.Field{Alias: "bindings"}}})
	if graphql.GetFieldContext(ctx) != fc || fc.Object != "Flow" || fc.Parent != graphql.GetFieldContext(parent) {
		t.Fatal("field context not found, or without its parent")
	}
	if got := graphql.GetPath(ctx).String(); got != "flow.bindings" {
		t.Errorf("path %q", got)
	}
	if ctx.Value(k{}) != "v" {
		t.Error("other values lost")
	}
	cancel()
	if ctx.Err() == nil {
		t.Error("cancellation lost")
	}
}

// TestScalarValues: plain String, Int and Boolean fields (graph/gqlgen's
// scalarValue) write what model.MarshalString, model.MarshalInt and
// graphql.MarshalBoolean write, to every kind of writer.
func TestScalarValues(t *testing.T) {
	strs := []string{"", "default-authentication-flow", "Welcome to authentik!", `quote " and \ back`, "tab\tcr\rnl\n",
		"\x00\x01\x1f\x7f", "ünïcødé ✓ 🎉", "bad \xff\xfe utf-8 \xc3", "<script>&amp;</script>", "\u2028\u2029"}
	for c := range 0x20 {
		strs = append(strs, "a"+string(rune(c))+"b")
	}
	writers := map[string]func() (io.Writer, func() string){
		"bytes.Buffer":    func() (io.Writer, func() string) { var b bytes.Buffer; return &b, b.String },
		"renderBuffer":    func() (io.Writer, func() string) { b := &renderBuffer{}; return b, b.String },
		"strings.Builder": func() (io.Writer, func() string) { var b strings.Builder; return &b, b.String },
	}
	check := func(what string, got, want graphql.Marshaler) {
		t.Helper()
		for name, mk := range writers {
			wg, g := mk()
			ww, w := mk()
			got.MarshalGQL(wg)
			want.MarshalGQL(ww)
			if g() != w() {
				t.Errorf("%s to %s: %q, want %q", what, name, g(), w())
			}
		}
	}
	for _, s := range strs {
		check(fmt.Sprintf("string %q", s), (*stringValue)(&s), model.MarshalString(s))
	}
	for _, n := range []int{0, 1, -1, 9, 10, 99, 100, 255, 256, 1 << 31, -(1 << 31), math.MaxInt64, math.MinInt64} {
		check(fmt.Sprintf("int %d", n), intValue(n), model.MarshalInt(n))
	}
	for _, v := range []bool{true, false} {
		check(fmt.Sprintf("bool %v", v), boolValue(v), graphql.MarshalBoolean(v))
	}
}

// TestUnmarshalers: the operation's input unmarshallers are built when
// graphql.UnmarshalInputFromContext first asks for them, once, and work as
// graphql.WithUnmarshalerMap's.
func TestUnmarshalers(t *testing.T) {
	type in struct{ N int }
	var built int
	u := lazyUnmarshalers(func() []any {
		built++
		return []any{func(_ context.Context, v any) (in, error) { return in{N: v.(int) * 2}, nil }}
	})
	ctx := withUnmarshalers(t.Context(), u)
	if built != 0 {
		t.Fatal("built before asked for")
	}
	for range 2 {
		var got in
		if err := graphql.UnmarshalInputFromContext(ctx, 21, &got); err != nil || got.N != 42 {
			t.Fatalf("got %+v, %v", got, err)
		}
	}
	if built != 1 {
		t.Errorf("built %d times", built)
	}
	if graphql.GetFieldContext(ctx) != nil || ctx.Value(struct{}{}) != nil {
		t.Error("other values changed")
	}
}
