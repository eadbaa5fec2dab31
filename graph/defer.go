package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"mime"
	"reflect"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// InlineDefer runs @defer fragments inline, in the one answer, wherever
// that answer cannot be incremental: a request that does not accept
// multipart/mixed (plain POST or GET: their transports write only the first
// payload, so deferred fields would never arrive) and every mutation (gqlgen
// executes a mutation as one payload). The incremental-delivery RFC lets a
// server deliver deferred data early; a client gets all its data either way
// and never a null for a non-null field.
//
// It copies the operation without its @defer directives; the parsed
// document, which the query cache shares between requests, is left as is.
type InlineDefer struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = InlineDefer{}

// ExtensionName implements graphql.HandlerExtension.
func (InlineDefer) ExtensionName() string { return "InlineDefer" }

// Validate implements graphql.HandlerExtension.
func (InlineDefer) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext implements graphql.OperationContextMutator.
func (InlineDefer) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || oc.Doc == nil {
		return nil
	}
	if oc.Operation.Operation == ast.Query && AcceptsMultipart(oc.Headers.Get("Accept")) {
		return nil
	}
	if !usesDefer(oc.Operation.SelectionSet, oc.Doc.Fragments, map[string]bool{}) {
		return nil
	}
	frags := make(ast.FragmentDefinitionList, len(oc.Doc.Fragments))
	byName := make(map[string]*ast.FragmentDefinition, len(frags))
	for i, f := range oc.Doc.Fragments {
		c := *f
		frags[i] = &c
		byName[f.Name] = &c
	}
	for _, f := range frags {
		f.SelectionSet = withoutDefer(f.SelectionSet, byName)
	}
	op := *oc.Operation
	op.SelectionSet = withoutDefer(op.SelectionSet, byName)
	doc := *oc.Doc
	doc.Fragments = frags
	doc.Operations = make(ast.OperationList, len(oc.Doc.Operations))
	for i, o := range oc.Doc.Operations {
		if o == oc.Operation {
			o = &op
		}
		doc.Operations[i] = o
	}
	oc.Doc, oc.Operation = &doc, &op
	return nil
}

// AcceptsMultipart reports whether an Accept header admits multipart/mixed
// (the incremental delivery of @defer).
func AcceptsMultipart(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		if mt, _, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil && mt == "multipart/mixed" {
			return true
		}
	}
	return false
}

func usesDefer(sel ast.SelectionSet, frags ast.FragmentDefinitionList, seen map[string]bool) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if usesDefer(s.SelectionSet, frags, seen) {
				return true
			}
		case *ast.InlineFragment:
			if s.Directives.ForName("defer") != nil || usesDefer(s.SelectionSet, frags, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Directives.ForName("defer") != nil {
				return true
			}
			if !seen[s.Name] {
				seen[s.Name] = true
				if f := frags.ForName(s.Name); f != nil && usesDefer(f.SelectionSet, frags, seen) {
					return true
				}
			}
		}
	}
	return false
}

// withoutDefer copies sel with every @defer removed; spreads point at the
// copied fragments.
func withoutDefer(sel ast.SelectionSet, frags map[string]*ast.FragmentDefinition) ast.SelectionSet {
	if sel == nil {
		return nil
	}
	out := make(ast.SelectionSet, len(sel))
	for i, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			c := *s
			c.SelectionSet = withoutDefer(s.SelectionSet, frags)
			out[i] = &c
		case *ast.InlineFragment:
			c := *s
			c.Directives = dropDefer(s.Directives)
			c.SelectionSet = withoutDefer(s.SelectionSet, frags)
			out[i] = &c
		case *ast.FragmentSpread:
			c := *s
			c.Directives = dropDefer(s.Directives)
			if f, ok := frags[s.Name]; ok {
				c.Definition = f
			}
			out[i] = &c
		default:
			out[i] = s
		}
	}
	return out
}

func dropDefer(ds ast.DirectiveList) ast.DirectiveList {
	var out ast.DirectiveList
	for _, d := range ds {
		if d.Name != "defer" {
			out = append(out, d)
		}
	}
	return out
}

// DeferredPlaceholders removes from incremental answers the nulls gqlgen
// writes where a deferred field will come later. gqlgen's generated code
// marks each field it defers (a field with a resolver, selected only inside
// a @defer fragment) with null in the payload that holds its parent, then
// sends the value in a later payload: a client saw "bindings": null, a
// non-null field, until the next part. The incremental-delivery format
// leaves such a field out until its payload comes, and so does this.
//
// Fields without a resolver are computed with their parent and stay in the
// earlier payload (the format lets a server deliver deferred data early).
// Which fields have resolvers is read from the ResolverRoot interface, so
// fields that later issues add are covered without a list to keep.
type DeferredPlaceholders struct {
	resolved map[string]bool // "Type.field" of the fields gqlgen runs concurrently
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = (*DeferredPlaceholders)(nil)

// NewDeferredPlaceholders reads the resolver fields of the schema from the
// ResolverRoot interface.
func NewDeferredPlaceholders() *DeferredPlaceholders {
	d := &DeferredPlaceholders{resolved: map[string]bool{}}
	schema := parsedSchema
	root := reflect.TypeFor[ResolverRoot]()
	for i := range root.NumMethod() {
		m := root.Method(i)
		def := schema.Types[m.Name]
		if def == nil || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Interface {
			continue
		}
		it := m.Type.Out(0)
		for j := range it.NumMethod() {
			for _, f := range def.Fields {
				if strings.EqualFold(f.Name, it.Method(j).Name) {
					d.resolved[def.Name+"."+f.Name] = true
				}
			}
		}
	}
	return d
}

// ExtensionName implements graphql.HandlerExtension.
func (*DeferredPlaceholders) ExtensionName() string { return "DeferredPlaceholders" }

// Validate implements graphql.HandlerExtension.
func (*DeferredPlaceholders) Validate(graphql.ExecutableSchema) error { return nil }

type deferStateKey struct{}

type deferState struct{ initialSeen bool }

// InterceptOperation implements graphql.OperationInterceptor.
func (*DeferredPlaceholders) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, deferStateKey{}, &deferState{}))
}

// InterceptResponse implements graphql.ResponseInterceptor.
func (d *DeferredPlaceholders) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	st, _ := ctx.Value(deferStateKey{}).(*deferState)
	if resp == nil || st == nil || resp.HasNext == nil || len(resp.Data) == 0 || !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil {
		return resp
	}
	initial := !st.initialSeen
	st.initialSeen = true
	sels, typ := ast.SelectionSet(oc.Operation.SelectionSet), rootType(oc)
	if !initial {
		// A deferred payload: its top-level fields are the deferred values
		// themselves; placeholders can only be deeper.
		var ok bool
		if sels, typ, ok = d.at(oc, sels, typ, resp.Path); !ok {
			return resp
		}
	}
	if out, changed := d.strip(oc, resp.Data, sels, typ, initial); changed {
		resp.Data = out
	}
	return resp
}

func rootType(oc *graphql.OperationContext) string {
	switch oc.Operation.Operation {
	case ast.Mutation:
		return "Mutation"
	case ast.Subscription:
		return "Subscription"
	}
	return "Query"
}

// at follows path (response keys and list indexes) from the operation's
// selection to the selection set and type of the object it names.
func (d *DeferredPlaceholders) at(oc *graphql.OperationContext, sels ast.SelectionSet, typ string, path ast.Path) (ast.SelectionSet, string, bool) {
	for _, el := range path {
		name, ok := el.(ast.PathName)
		if !ok {
			continue // a list index: same selection
		}
		found := false
		for _, f := range graphql.CollectFields(oc, sels, nil) {
			if f.Alias == string(name) && f.Definition != nil {
				sels, typ, found = f.Selections, f.Definition.Type.Name(), true
				break
			}
		}
		if !found {
			return nil, "", false
		}
	}
	return sels, typ, true
}

// strip rewrites the JSON value raw selected by sels (of type typ): object
// keys are kept in order; with here, the deferred placeholders of this
// level are dropped, and deeper levels are always visited.
func (d *DeferredPlaceholders) strip(oc *graphql.OperationContext, raw json.RawMessage, sels ast.SelectionSet, typ string, here bool) (json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || len(sels) == 0 {
		return raw, false
	}
	switch raw[0] {
	case '[':
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return raw, false
		}
		changed := false
		for i, it := range items {
			if out, c := d.strip(oc, it, sels, typ, here); c {
				items[i], changed = out, true
			}
		}
		if !changed {
			return raw, false
		}
		out, _ := json.Marshal(items)
		return out, true
	case '{':
	default:
		return raw, false
	}
	keys, vals, ok := objectPairs(raw)
	if !ok {
		return raw, false
	}
	fields := map[string]graphql.CollectedField{}
	for _, f := range graphql.CollectFields(oc, sels, nil) {
		fields[f.Alias] = f
	}
	var buf bytes.Buffer
	buf.WriteByte('{')
	changed, n := false, 0
	for i, k := range keys {
		v := vals[i]
		if f, ok := fields[k]; ok && f.Definition != nil {
			if here && f.IsDeferred() && d.resolved[typeOf(f, typ)+"."+f.Name] && string(bytes.TrimSpace(v)) == "null" {
				changed = true
				continue
			}
			if out, c := d.strip(oc, v, f.Selections, f.Definition.Type.Name(), true); c {
				v, changed = out, true
			}
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(v)
		n++
	}
	buf.WriteByte('}')
	if !changed {
		return raw, false
	}
	return buf.Bytes(), true
}

// typeOf is the object type that declares f: the type it was collected on
// (its ObjectDefinition), else the enclosing type.
func typeOf(f graphql.CollectedField, enclosing string) string {
	if f.ObjectDefinition != nil {
		return f.ObjectDefinition.Name
	}
	return enclosing
}

// objectPairs splits a JSON object into its keys and raw values, in order.
func objectPairs(raw []byte) ([]string, []json.RawMessage, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, false
	}
	var keys []string
	var vals []json.RawMessage
	for dec.More() {
		t, err := dec.Token()
		k, ok := t.(string)
		if err != nil || !ok {
			return nil, nil, false
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, false
		}
		keys, vals = append(keys, k), append(vals, v)
	}
	return keys, vals, true
}
