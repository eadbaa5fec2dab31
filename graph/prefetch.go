package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/graph/loader"
	"flowgate/graph/model"
)

// Lookahead batching. A list resolver knows all its parents before their
// child resolvers run; when the query selects a child that a loader
// answers, it starts one batch with every parent's key. The batch then
// holds all keys however the child resolvers are scheduled, so a busy
// server does not split it into single-key batches that each pay their own
// request. The children find their keys already loading and add nothing
// (see loader.Loader.Prefetch).

// selected returns the selection sets of the children named name in sels
// (every alias, through fragments).
func selected(ctx context.Context, sels []ast.SelectionSet, name string) []ast.SelectionSet {
	oc := graphql.GetOperationContext(ctx)
	var out []ast.SelectionSet
	for _, sel := range sels {
		for _, f := range graphql.CollectFields(oc, sel, nil) {
			if f.Name == name {
				out = append(out, f.Selections)
			}
		}
	}
	return out
}

// anySelected reports whether sels select any of names.
func anySelected(ctx context.Context, sels []ast.SelectionSet, names ...string) bool {
	for _, n := range names {
		if len(selected(ctx, sels, n)) > 0 {
			return true
		}
	}
	return false
}

// ownSelection is the current field's selection set.
func ownSelection(ctx context.Context) []ast.SelectionSet {
	return []ast.SelectionSet{graphql.GetFieldContext(ctx).Field.Selections}
}

// connectionNodes is the selection on a connection's items: nodes and
// edges.node.
func connectionNodes(ctx context.Context) []ast.SelectionSet {
	own := ownSelection(ctx)
	return append(selected(ctx, own, "nodes"), selected(ctx, selected(ctx, own, "edges"), "node")...)
}

// prefetchFlows queues what the selection sels will load for flows.
func prefetchFlows(ctx context.Context, sels []ast.SelectionSet, flows []*model.Flow) {
	prefetchFlowPolicies(ctx, sels, flows)
	if len(flows) < 2 || len(sels) == 0 {
		return
	}
	l := loader.For(ctx)
	if anySelected(ctx, sels, "bindings", "stages") {
		l.BindingsByFlow.Prefetch(ctx, flowPKs(flows, false))
	}
	if anySelected(ctx, sels, "authentication", "cacheCount", "policyIds") {
		if pks := flowPKs(flows, true); len(pks) > 0 {
			l.FlowByPK.Prefetch(ctx, pks)
		}
	}
}

// prefetchStages queues what the selection sels will load for stages,
// including their flows' children.
func prefetchStages(ctx context.Context, sels []ast.SelectionSet, stages []model.Stage) {
	if len(stages) == 0 || len(sels) == 0 {
		return
	}
	if len(stages) > 1 && anySelected(ctx, sels, "bindings") {
		pks := make([]string, len(stages))
		for i, s := range stages {
			pks[i] = s.Base().PK
		}
		loader.For(ctx).BindingsByStage.Prefetch(ctx, pks)
	}
	if flowSels := selected(ctx, sels, "flows"); len(flowSels) > 0 {
		seen := map[string]bool{}
		var flows []*model.Flow
		for _, st := range stages {
			s := st.Base()
			for i := range s.FlowSet {
				if !seen[s.FlowSet[i].PK] {
					seen[s.FlowSet[i].PK] = true
					flows = append(flows, model.FlowFromFlowSet(&s.FlowSet[i]))
				}
			}
		}
		prefetchFlows(ctx, flowSels, flows)
	}
}

// flowPKs lists the flows' pks; with partialOnly, only of flows that lack
// the full upstream object.
func flowPKs(flows []*model.Flow, partialOnly bool) []string {
	pks := make([]string, 0, len(flows))
	for _, f := range flows {
		if !partialOnly || f.Full == nil {
			pks = append(pks, f.PK)
		}
	}
	return pks
}
