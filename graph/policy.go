package graph

import (
	"context"
	"errors"
	"math"
	"net/http"

	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/graph/loader"
	"flowgate/graph/model"
	"flowgate/upstream"
)

// Policy bindings: lookahead, conversion and mutation input.

// Policies and policy bindings are Relay nodes. A batch of policies is one
// PolicyByPK batch; authentik has no filter by policy binding pk, so each
// policy binding id is its own (deduplicated) request.
func init() {
	noChildren := func(context.Context, []ast.SelectionSet, []model.Node) {}
	nodeKinds[model.NodePolicy] = nodeKind{
		check: normalizeUUID,
		want:  func(ctx context.Context, pks []string) loader.Want { return loader.For(ctx).PolicyByPK().Want(pks) },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			p, err := loader.For(ctx).PolicyByPK().Load(ctx, pk)()
			if err != nil {
				return nil, err
			}
			return model.PolicyFromUpstream(p), nil
		},
		children: noChildren,
	}
	nodeKinds[model.NodePolicyBinding] = nodeKind{
		check: normalizeUUID,
		want:  func(context.Context, []string) loader.Want { return nil },
		load: func(ctx context.Context, pk string) (model.Node, error) {
			b, err := loader.For(ctx).PolicyBindingByPK().Load(ctx, pk)
			if err != nil {
				return nil, err
			}
			return model.PolicyBindingFromUpstream(b, nil), nil
		},
		children: noChildren,
	}
}

func flowTarget(f *model.Flow) loader.PolicyTarget {
	return loader.PolicyTarget{PBM: f.PolicyBindingModelPK, PK: f.PK}
}

func bindingTarget(b *model.FlowStageBinding) loader.PolicyTarget {
	return loader.PolicyTarget{PBM: b.PolicyBindingModelPK, PK: b.PK}
}

func policyBindingsOf(items []*upstream.PolicyBinding, target model.PolicyBindingTarget) []*model.PolicyBinding {
	out := make([]*model.PolicyBinding, len(items))
	for i, b := range items {
		out[i] = model.PolicyBindingFromUpstream(b, target)
	}
	return out
}

// resolveTarget finds the flow or flow-stage binding a policy binding names
// by its own pk: null when it is neither (another kind of object).
func resolveTarget(ctx context.Context, pk string) (model.PolicyBindingTarget, error) {
	l := loader.For(ctx)
	f, err := l.FlowByPK.Load(ctx, pk)()
	if err == nil {
		return model.FlowFromUpstream(f), nil
	}
	if !errors.Is(err, upstream.ErrNotFound) {
		return nil, err
	}
	b, err := l.BindingByPK.Load(ctx, pk)()
	if err == nil {
		return model.BindingFromUpstream(b), nil
	}
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, nil
	}
	return nil, err
}

const (
	msgPolicyTarget  = "Give exactly one of flowSlug, flowPk and flowStageBindingPk."
	msgPolicyTarget1 = "Give at most one of flowSlug, flowPk and flowStageBindingPk."
	msgPolicyKind    = "Give exactly one of policyPk, groupPk and userPk."
	msgPolicyKind1   = "Give at most one of policyPk, groupPk and userPk."
	msgTimeoutMin    = "Ensure this value is greater than or equal to 0."
	msgUserPK        = "Ensure this value is greater than or equal to 1."
)

// policyBindingInput is what create and update inputs share.
type policyBindingInput struct {
	flowSlug, flowPk, bindingPk *string
	policyPk, groupPk           *string
	userPk                      *int
	order, timeout              *int
	enabled, negate, failure    *bool
}

// policyTargetRef is how the input named the target: the field's path, for
// authentik's messages about it, and a slug still to resolve.
type policyTargetRef struct {
	path     string
	flowSlug *string
}

func countSet(xs ...bool) int {
	n := 0
	for _, x := range xs {
		if x {
			n++
		}
	}
	return n
}

// policyBindingRequest checks the input and builds authentik's body. For
// a create, one target and one of policy, group and user are required.
func policyBindingRequest(e *fieldErrors, in policyBindingInput, create bool) (upstream.PolicyBindingRequest, policyTargetRef) {
	var req upstream.PolicyBindingRequest
	ref := policyTargetRef{}
	switch n := countSet(in.flowSlug != nil, in.flowPk != nil, in.bindingPk != nil); {
	case n > 1 && create:
		e.nonField = append(e.nonField, msgPolicyTarget)
	case n > 1:
		e.nonField = append(e.nonField, msgPolicyTarget1)
	case n == 0 && create:
		e.nonField = append(e.nonField, msgPolicyTarget)
	case in.flowSlug != nil:
		ref = policyTargetRef{path: inputPrefix + "flowSlug", flowSlug: in.flowSlug}
		e.lookupSlug(ref.path, *in.flowSlug)
	case in.flowPk != nil:
		ref.path = inputPrefix + "flowPk"
		req.Target = e.uuid(ref.path, in.flowPk)
	case in.bindingPk != nil:
		ref.path = inputPrefix + "flowStageBindingPk"
		req.Target = e.uuid(ref.path, in.bindingPk)
	}
	switch n := countSet(in.policyPk != nil, in.groupPk != nil, in.userPk != nil); {
	case n > 1 && create:
		e.nonField = append(e.nonField, msgPolicyKind)
	case n > 1:
		e.nonField = append(e.nonField, msgPolicyKind1)
	case n == 0 && create:
		e.nonField = append(e.nonField, msgPolicyKind)
	case n == 1:
		// A write names what is bound and clears the other two (an update
		// may switch a policy binding to a group binding).
		req.Policy, req.Group, req.User = upstream.JSONNull, upstream.JSONNull, upstream.JSONNull
		switch {
		case in.policyPk != nil:
			if id := e.uuid(inputPrefix+"policyPk", in.policyPk); id != nil {
				req.Policy = upstream.JSONString(*id)
			}
		case in.groupPk != nil:
			if id := e.uuid(inputPrefix+"groupPk", in.groupPk); id != nil {
				req.Group = upstream.JSONString(*id)
			}
		default:
			if *in.userPk < 1 {
				e.add(inputPrefix+"userPk", msgUserPK)
			}
			req.User = upstream.JSONInt(*in.userPk)
		}
	}
	e.order(inputPrefix+"order", in.order)
	if in.timeout != nil {
		switch {
		case *in.timeout < 0:
			e.add(inputPrefix+"timeout", msgTimeoutMin)
		case *in.timeout > math.MaxInt32:
			e.add(inputPrefix+"timeout", msgOrderMax)
		}
	}
	req.Order, req.Timeout = in.order, in.timeout
	req.Enabled, req.Negate, req.FailureResult = in.enabled, in.negate, in.failure
	return req, ref
}

// resolvePolicyTarget turns a flowSlug into the flow's pk.
func resolvePolicyTarget(ctx context.Context, req *upstream.PolicyBindingRequest, ref policyTargetRef) error {
	if ref.flowSlug == nil {
		return nil
	}
	f, err := loader.For(ctx).FlowBySlug.Load(ctx, *ref.flowSlug)()
	if errors.Is(err, upstream.ErrNotFound) {
		var e fieldErrors
		e.add(ref.path, msgNoSlug)
		return e.err()
	}
	if err != nil {
		return err
	}
	req.Target = &f.PK
	return nil
}

// completePolicyBindingRequest adds what authentik's validate() needs in
// every write and the input left out: the target, and the policy, group or
// user, read from the binding as it is.
func completePolicyBindingRequest(ctx context.Context, up *upstream.Client, pk string, req *upstream.PolicyBindingRequest) error {
	if req.Target != nil && (req.Policy != nil || req.Group != nil || req.User != nil) {
		return nil
	}
	cur, err := up.GetPolicyBinding(ctx, pk)
	if err != nil {
		return err
	}
	if req.Target == nil {
		req.Target = &cur.Target
	}
	if req.Policy == nil && req.Group == nil && req.User == nil {
		switch {
		case cur.Policy != nil:
			req.Policy = upstream.JSONString(*cur.Policy)
		case cur.Group != nil:
			req.Group = upstream.JSONString(*cur.Group)
		case cur.User != nil:
			req.User = upstream.JSONInt(*cur.User)
		}
	}
	return nil
}

// policyBindingInputError maps authentik's 400 on a policy binding write to
// input fields.
func policyBindingInputError(err error, ref policyTargetRef) error {
	var ue *upstream.Error
	if errors.As(err, &ue) && ue.StatusCode == http.StatusBadRequest {
		target := ref.path
		if target == "" {
			target = inputPrefix + "target"
		}
		return &InputError{Err: ue, Prefix: inputPrefix, Rename: map[string]string{
			"target": target, "policy": inputPrefix + "policyPk", "group": inputPrefix + "groupPk",
			"user": inputPrefix + "userPk",
		}}
	}
	return err
}

// policiesByPK loads policies by pk (batched), in the order given.
func policiesByPK(ctx context.Context, pks []string) ([]*model.Policy, error) {
	ps, errs := loader.For(ctx).PolicyByPK().LoadMany(ctx, pks)()
	out := make([]*model.Policy, 0, len(ps))
	for i, p := range ps {
		if errs != nil && errs[i] != nil {
			return nil, errs[i]
		}
		out = append(out, model.PolicyFromUpstream(p))
	}
	return out, nil
}
