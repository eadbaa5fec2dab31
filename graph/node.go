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
	// prefetch starts one batch for pks (deduplicated, checked).
	prefetch func(ctx context.Context, pks []string)
	// load answers one pk; upstream.ErrNotFound means null.
	load func(ctx context.Context, pk string) (model.Node, error)
	// children looks ahead: it queues what sels select on the loaded nodes.
	children func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node)
}

var nodeKinds = map[string]nodeKind{
	model.NodeFlow: {
		check:    normalizeUUID,
		prefetch: func(ctx context.Context, pks []string) { loader.For(ctx).FlowByPK.Prefetch(ctx, pks) },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			f, err := loader.For(ctx).FlowByPK.Load(ctx, pk)()
			if err != nil {
				return nil, err
			}
			return model.FlowFromUpstream(f), nil
		},
		children: func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node) {
			prefetchFlows(ctx, sels, nodesOf[*model.Flow](nodes))
		},
	},
	model.NodeFlowStageBinding: {
		check:    normalizeUUID,
		prefetch: func(ctx context.Context, pks []string) { loader.For(ctx).BindingByPK.Prefetch(ctx, pks) },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			b, err := loader.For(ctx).BindingByPK.Load(ctx, pk)()
			if err != nil {
				return nil, err
			}
			return model.BindingFromUpstream(b), nil
		},
		children: func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node) {
			prefetchBindings(ctx, sels, nodesOf[*model.FlowStageBinding](nodes))
		},
	},
	model.NodeStage: {
		check:    normalizeUUID,
		prefetch: func(ctx context.Context, pks []string) { loader.For(ctx).StageByPK.Prefetch(ctx, pks) },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			s, err := loader.For(ctx).StageByPK.Load(ctx, pk)()
			if err != nil {
				return nil, err
			}
			return model.StageFromUpstream(s), nil
		},
		children: func(ctx context.Context, sels []ast.SelectionSet, nodes []model.Node) {
			prefetchStages(ctx, sels, nodesOf[model.Stage](nodes))
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
	for typ, pks := range byType {
		if len(pks) > 1 {
			nodeKinds[typ].prefetch(ctx, pks)
		}
	}

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
		if len(nodes) > 1 {
			nodeKinds[typ].children(ctx, selectionOn(ctx, own, typ), nodes)
		}
	}
	return out, nil
}

// selectionOn is the part of sels that applies to objects of type typ
// (fields outside fragments and in fragments on typ or its interfaces), as
// one selection set for the prefetch functions.
func selectionOn(ctx context.Context, sels []ast.SelectionSet, typ string) []ast.SelectionSet {
	oc := graphql.GetOperationContext(ctx)
	satisfies := []string{typ, "Node"}
	var set ast.SelectionSet
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(oc, sel, satisfies) {
			c := *f.Field
			c.SelectionSet = f.Selections
			set = append(set, &c)
		}
	}
	return []ast.SelectionSet{set}
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

// prefetchBindings queues what sels load for bindings fetched by id: their
// target flows' full objects and the flows' children.
func prefetchBindings(ctx context.Context, sels []ast.SelectionSet, bs []*model.FlowStageBinding) {
	prefetchBindingPolicies(ctx, sels, bs)
	if tsels := selected(ctx, sels, "target"); len(tsels) > 0 {
		seen := map[string]bool{}
		var pks []string
		for _, b := range bs {
			if b.Target == nil && !seen[b.TargetPK] {
				seen[b.TargetPK] = true
				pks = append(pks, b.TargetPK)
			}
		}
		if len(pks) > 1 {
			loader.For(ctx).FlowByPK.Prefetch(ctx, pks)
		}
	}
	var stages []model.Stage
	for _, b := range bs {
		stages = append(stages, b.Stage)
	}
	prefetchStages(ctx, selected(ctx, sels, "stage"), stages)
}
