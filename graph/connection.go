package graph

import (
	"context"
	"errors"
	"slices"
	"strings"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// pageInfo builds Relay paging information for items [offset, offset+n) of
// a listing of count items.
func pageInfo(offset, n, count int) *model.PageInfo {
	pi := &model.PageInfo{
		HasNextPage:     offset+n < count,
		HasPreviousPage: offset > 0,
	}
	if n > 0 {
		s, e := encodeCursor(offset), encodeCursor(offset+n-1)
		pi.StartCursor, pi.EndCursor = &s, &e
	}
	return pi
}

// page converts one window of a listing into a connection's parts: nodes,
// edges with offset cursors, and paging information. prime stores each
// upstream object in the request's loaders first.
func page[T, N, E any](items []T, offset, count int, prime func(*T), node func(*T) N, edge func(cursor string, n N) *E) ([]*E, []N, *model.PageInfo) {
	edges := make([]*E, len(items))
	nodes := make([]N, len(items))
	for i := range items {
		prime(&items[i])
		nodes[i] = node(&items[i])
		edges[i] = edge(encodeCursor(offset+i), nodes[i])
	}
	return edges, nodes, pageInfo(offset, len(items), count)
}

// nullIfNotFound implements the schema's rule for single lookups: a missing
// object is null, not an error.
func nullIfNotFound[T any](v *T, err error) (*T, error) {
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}

// ordering builds authentik's ordering parameter, with a unique tie-breaker
// so that offsets are stable across pages.
func ordering(field string, dir model.OrderDirection, tieBreaker string) string {
	prefix := ""
	if dir == model.OrderDirectionDesc {
		prefix = "-"
	}
	if field == tieBreaker {
		return prefix + field
	}
	return prefix + field + "," + tieBreaker
}

// fullFlow returns the complete upstream flow behind obj, loading it (batched)
// when obj came from a stage's flow_set.
func fullFlow(ctx context.Context, obj *model.Flow) (*upstream.Flow, error) {
	if obj.Full != nil {
		return obj.Full, nil
	}
	return loader.For(ctx).FlowByPK.Load(ctx, obj.PK)()
}

// bindingsOf converts a flow's or a stage's bindings in execution order
// (order, then pk: authentik's own default ordering). target, when not nil,
// is the flow all of them belong to.
func bindingsOf(items []*upstream.FlowStageBinding, target *model.Flow) []*model.FlowStageBinding {
	out := make([]*model.FlowStageBinding, len(items))
	for i, b := range items {
		out[i] = model.BindingFromUpstream(b)
		if target != nil && target.PK == b.Target {
			out[i].Target = target
		}
	}
	slices.SortStableFunc(out, func(a, b *model.FlowStageBinding) int {
		if a.Order != b.Order {
			if a.Order < b.Order {
				return -1
			}
			return 1
		}
		return strings.Compare(a.PK, b.PK)
	})
	return out
}
