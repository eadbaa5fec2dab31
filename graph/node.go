package graph

import (
	"context"
	"errors"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// Relay global object identification: Query.node and Query.nodes.
//
// A global id names a type and a pk (model.GlobalID). Each type that
// implements Node has a nodeKind here: how to start loading a batch of its
// pks (the loaders' Prefetch, so that every id of a nodes(ids:) list is one
// batch however the resolvers are scheduled), how to load one, and how to
// look ahead at what the query selects on it (so that, say, the bindings of
// 20 flows fetched by id are one batch too). To add a type: give its model
// an ID method (model.GlobalID) and IsNode, declare `implements Node` with
// `id: ID!` in its schema, and add its kind to nodeKinds.

// maxNodeIDs bounds nodes(ids:), like a connection's first.
const maxNodeIDs = 100

type nodeKind struct {
	// check validates and normalises a pk (arg names it in errors).
	check func(arg, pk string) (string, error)
	// want reserves pks (deduplicated, checked) as one batch of its loader.
	want func(ctx context.Context, pks []string) loader.Want
	// load answers one pk; upstream.ErrNotFound means null.
	load func(ctx context.Context, pk string) (model.Node, error)
	// children looks ahead: it queues what sels select on the loaded nodes.
	children func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node)
}

var nodeKinds = map[string]nodeKind{
	model.NodeFlow: {
		check: normalizeUUID,
		want:  func(ctx context.Context, pks []string) loader.Want { return loader.For(ctx).FlowByPK.Want(pks) },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			f, err := loader.For(ctx).FlowByPK.Load(ctx, pk)()
			if err != nil {
				return nil, err
			}
			return model.FlowFromUpstream(f), nil
		},
		children: func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node) {
			var fs []*upstream.Flow
			for _, n := range nodesOf[*model.Flow](nodes) {
				if n.Full != nil {
					fs = append(fs, n.Full)
				}
			}
			planFlows(ctx, sels, fs)
		},
	},
	model.NodeFlowStageBinding: {
		check: normalizeUUID,
		want:  func(ctx context.Context, pks []string) loader.Want { return loader.For(ctx).BindingByPK.Want(pks) },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			b, err := loader.For(ctx).BindingByPK.Load(ctx, pk)()
			if err != nil {
				return nil, err
			}
			return model.BindingFromUpstream(b), nil
		},
		children: func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node) {
			l := loader.For(ctx)
			var bs []*upstream.FlowStageBinding
			for _, n := range nodesOf[*model.FlowStageBinding](nodes) {
				if b, ok := l.BindingByPK.Loaded(n.PK); ok {
					bs = append(bs, b)
				}
			}
			planBindings(ctx, sels, bs)
		},
	},
	model.NodeStage: {
		check: normalizeUUID,
		want:  func(ctx context.Context, pks []string) loader.Want { return loader.For(ctx).StageByPK.Want(pks) },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			s, err := loader.For(ctx).StageByPK.Load(ctx, pk)()
			if err != nil {
				return nil, err
			}
			return model.StageFromUpstream(s), nil
		},
		children: func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node) {
			l := loader.For(ctx)
			var ss []*upstream.Stage
			for _, n := range nodesOf[model.Stage](nodes) {
				if s, ok := l.StageByPK.Loaded(n.Base().PK); ok {
					ss = append(ss, s)
				}
			}
			planStages(ctx, sels, ss)
		},
	},
}

// nodeRef is a parsed global id.
type nodeRef struct{ typ, pk string }

// parseNodeID checks a global id: BAD_USER_INPUT, naming arg, unless it is
// one this gateway issues for a type it serves, with a well-formed pk.
func parseNodeID(arg, id string) (nodeRef, error) {
	typ, pk, ok := model.ParseGlobalID(id)
	kind, known := nodeKinds[typ]
	if !ok || !known {
		return nodeRef{}, badInput(arg, "%s is not a global id of this API (take ids from the id field of an object)", arg)
	}
	pk, err := kind.check(arg, pk)
	if err != nil {
		return nodeRef{}, badInput(arg, "%s is not a global id of this API (its %s pk is malformed)", arg, typ)
	}
	return nodeRef{typ, pk}, nil
}

// resolveNodes answers node and nodes: every id is checked before any
// upstream request, each type's pks are loaded in one batch, and the
// selection on each type is looked ahead at. An object that does not exist
// (or is hidden from the caller) is null; one whose load failed is null
// with an error at its index (list) or as the field's error (single).
func resolveNodes(ctx context.Context, arg string, ids []string, list bool) ([]model.Node, error) {
	if len(ids) > maxNodeIDs {
		return nil, badInput(arg, "%s may hold at most %d ids (got %d)", arg, maxNodeIDs, len(ids))
	}
	refs := make([]nodeRef, len(ids))
	byType := map[string][]string{}
	seen := map[nodeRef]bool{}
	for i, id := range ids {
		name := arg
		if list {
			name = arg + "." + strconv.Itoa(i)
		}
		ref, err := parseNodeID(name, id)
		if err != nil {
			return nil, err
		}
		refs[i] = ref
		if !seen[ref] {
			seen[ref] = true
			byType[ref.typ] = append(byType[ref.typ], ref.pk)
		}
	}
	var wants []loader.Want
	for typ, pks := range byType {
		if len(pks) > 1 {
			wants = append(wants, nodeKinds[typ].want(ctx, pks))
		}
	}
	loader.For(ctx).Fetch(ctx, wants...)

	out := make([]model.Node, len(refs))
	loaded := map[string][]model.Node{}
	var path ast.Path
	if list {
		path = graphql.GetFieldContext(ctx).Path()
	}
	for i, ref := range refs {
		n, err := nodeKinds[ref.typ].load(ctx, ref.pk)
		switch {
		case errors.Is(err, upstream.ErrNotFound):
		case err != nil && !list:
			return nil, err
		case err != nil:
			graphql.AddError(ctx, &gqlerror.Error{Err: err, Message: err.Error(),
				Path: append(append(ast.Path{}, path...), ast.PathIndex(i))})
		default:
			out[i] = n
			loaded[ref.typ] = append(loaded[ref.typ], n)
		}
	}
	own := ownSelection(ctx)
	for typ, nodes := range loaded {
		nodeKinds[typ].children(ctx, selectionOn(ctx, own, typ), nodes)
	}
	return out, nil
}

// selectionOn is the part of sels that applies to objects of type typ
// (fields outside fragments and in fragments on typ or its interfaces), as
// one selection set for the prefetch functions.
//
// The set is built once per document (docFields.nodeSets): a set built
// per request would be a new key, every request, in the document's field
// cache below it.
func selectionOn(ctx context.Context, sels []ast.SelectionSet, typ string) []ast.SelectionSet {
	oc := graphql.GetOperationContext(ctx)
	d := docOf(oc)
	var k nodeSetKey
	if d != nil && len(sels) == 1 && len(sels[0]) > 0 {
		k = nodeSetKey{sel: &sels[0][0], n: len(sels[0]), typ: typ}
		if v, ok := d.nodeSets.Load(k); ok {
			return v.([]ast.SelectionSet)
		}
	}
	satisfies := []string{typ, "Node"}
	var set ast.SelectionSet
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(oc, sel, satisfies) {
			c := *f.Field
			c.SelectionSet = f.Selections
			set = append(set, &c)
		}
	}
	out := []ast.SelectionSet{set}
	if k.sel != nil && d.n.Load() < maxCollected {
		v, loaded := d.nodeSets.LoadOrStore(k, out)
		if !loaded {
			d.n.Add(1)
		}
		return v.([]ast.SelectionSet)
	}
	return out
}

func nodesOf[T model.Node](nodes []model.Node) []T {
	out := make([]T, 0, len(nodes))
	for _, n := range nodes {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out
}
