package graph

import (
	"context"
	"errors"
	"math"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// bindingFilter checks a binding filter and maps it to authentik's
// parameters. A flowSlug is resolved to the flow's uuid first (authentik
// filters bindings by flow uuid only).
func (r *queryResolver) bindingFilter(ctx context.Context, o upstream.ListBindingsOptions, f *model.FlowStageBindingFilter) (upstream.ListBindingsOptions, error) {
	var err error
	if f.PK != nil {
		if o.FSBUUID, err = normalizeUUID("filter.pk", *f.PK); err != nil {
			return o, err
		}
	}
	if f.FlowPK != nil {
		if o.Target, err = normalizeUUID("filter.flowPk", *f.FlowPK); err != nil {
			return o, err
		}
	}
	if f.PolicyBindingModelPK != nil {
		if o.PBMUUID, err = normalizeUUID("filter.policyBindingModelPk", *f.PolicyBindingModelPK); err != nil {
			return o, err
		}
	}
	if f.StagePK != nil {
		if o.Stage, err = normalizeUUID("filter.stagePk", *f.StagePK); err != nil {
			return o, err
		}
	}
	for _, p := range f.PolicyIds {
		id, err := normalizeUUID("filter.policyIds", p)
		if err != nil {
			return o, err
		}
		o.Policies = append(o.Policies, id)
	}
	if len(o.Policies) > maxFirst {
		return o, badInput("filter.policyIds", "filter.policyIds takes at most %d ids", maxFirst)
	}
	if f.Order != nil && (*f.Order < math.MinInt32 || *f.Order > math.MaxInt32) {
		return o, badInput("filter.order", "filter.order must be a 32-bit integer")
	}
	o.Order = f.Order
	o.EvaluateOnPlan = f.EvaluateOnPlan
	o.ReEvaluatePolicies = f.ReEvaluatePolicies
	if f.PolicyEngineMode != nil {
		o.PolicyEngineMode = model.EnumToUpstream(*f.PolicyEngineMode)
	}
	if f.InvalidResponseAction != nil {
		o.InvalidResponseAction = model.EnumToUpstream(*f.InvalidResponseAction)
	}
	if f.FlowSlug != nil {
		if err := checkSlug("filter.flowSlug", *f.FlowSlug); err != nil {
			return o, err
		}
		flow, err := loader.For(ctx).FlowBySlug.Load(ctx, *f.FlowSlug)()
		if errors.Is(err, upstream.ErrNotFound) {
			return o, badInput("filter.flowSlug", "no flow has the slug %q", *f.FlowSlug)
		}
		if err != nil {
			return o, err
		}
		if o.Target != "" && o.Target != flow.PK {
			return o, badInput("filter.flowSlug", "filter.flowSlug and filter.flowPk name different flows")
		}
		o.Target = flow.PK
	}
	return o, nil
}
