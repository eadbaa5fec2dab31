// Package graph is flowgate's GraphQL layer: the schema (*.graphqls),
// gqlgen's generated code, the resolvers and what they share: argument
// checks (args.go), connections (connection.go), error codes and the one
// table from code to HTTP status (errors.go). The query guards are in
// graph/guard, the per-request loaders in graph/loader.
package graph

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// Resolver holds the long-lived dependencies of every resolver. Per-request
// state (loaders, credentials) lives only in the request context.
//
// This file is not regenerated.
type Resolver struct {
	Upstream *upstream.Client
	Log      *slog.Logger
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
