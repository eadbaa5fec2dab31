package upstream

import (
	"context"
	"errors"
	"net/url"
	"strconv"
)

// FlowStageBinding is authentik's binding of a stage to a flow
// (GET /flows/bindings/). StageObj embeds the full stage.
type FlowStageBinding struct {
	PK                      string `json:"pk"`
	PolicyBindingModelPtrID string `json:"policybindingmodel_ptr_id"`
	Target                  string `json:"target"`
	Stage                   string `json:"stage"`
	StageObj                *Stage `json:"stage_obj"`
	EvaluateOnPlan          bool   `json:"evaluate_on_plan"`
	ReEvaluatePolicies      bool   `json:"re_evaluate_policies"`
	Order                   int    `json:"order"`
	PolicyEngineMode        string `json:"policy_engine_mode"`
	InvalidResponseAction   string `json:"invalid_response_action"`
}

func (b *FlowStageBinding) validate() error {
	if b.PK == "" || b.Target == "" || b.StageObj == nil {
		return errors.New("binding without pk, target or stage_obj")
	}
	return b.StageObj.validate()
}

// ListBindingsOptions filters GET /flows/bindings/. Filters are exact and
// single-valued except Policies (any of).
type ListBindingsOptions struct {
	ListOptions
	FSBUUID               string
	PBMUUID               string
	Target                string // flow pk
	Stage                 string // stage pk
	Policies              []string
	PolicyEngineMode      string
	InvalidResponseAction string
	EvaluateOnPlan        *bool
	ReEvaluatePolicies    *bool
	Order                 *int
}

func (o ListBindingsOptions) values(c *Client) url.Values {
	v := o.ListOptions.values(c)
	setIf(v, "fsb_uuid", o.FSBUUID)
	setIf(v, "pbm_uuid", o.PBMUUID)
	setIf(v, "target", o.Target)
	setIf(v, "stage", o.Stage)
	for _, p := range o.Policies {
		v.Add("policies", p)
	}
	setIf(v, "policy_engine_mode", o.PolicyEngineMode)
	setIf(v, "invalid_response_action", o.InvalidResponseAction)
	if o.EvaluateOnPlan != nil {
		v.Set("evaluate_on_plan", strconv.FormatBool(*o.EvaluateOnPlan))
	}
	if o.ReEvaluatePolicies != nil {
		v.Set("re_evaluate_policies", strconv.FormatBool(*o.ReEvaluatePolicies))
	}
	if o.Order != nil {
		v.Set("order", strconv.Itoa(*o.Order))
	}
	return v
}

// ListBindings lists flow-stage bindings. GET /api/v3/flows/bindings/
func (c *Client) ListBindings(ctx context.Context, o ListBindingsOptions) (*Page[FlowStageBinding], error) {
	p := bindingReader(ctx)
	if err := c.do(ctx, "GET", "flows/bindings/", o.values(c), nil, p, nil); err != nil {
		return nil, err
	}
	return p.page, nil
}

// BindingPages returns a PageFunc over ListBindings with fixed options.
func (c *Client) BindingPages(o ListBindingsOptions) PageFunc[FlowStageBinding] {
	return func(ctx context.Context, page, size int) (*Page[FlowStageBinding], error) {
		o := o
		o.Page, o.PageSize = page, size
		return c.ListBindings(ctx, o)
	}
}

// GetBinding fetches one binding. GET /api/v3/flows/bindings/{fsb_uuid}/
func (c *Client) GetBinding(ctx context.Context, pk string) (*FlowStageBinding, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var b FlowStageBinding
	if err := c.do(ctx, "GET", "flows/bindings/"+s+"/", nil, nil, &b, nil); err != nil {
		return nil, err
	}
	return &b, nil
}

// BindingRequest is the body of a binding create (FlowStageBindingRequest:
// target, stage and order required) or partial update
// (PatchedFlowStageBindingRequest). Nil fields are left out of the body.
//
// authentik checks "evaluate_on_plan or re_evaluate_policies" against the
// fields present in the body only (a missing one counts as its default), so
// a PATCH that sets one flag must send the other as well.
type BindingRequest struct {
	Target                *string `json:"target,omitempty"`
	Stage                 *string `json:"stage,omitempty"`
	EvaluateOnPlan        *bool   `json:"evaluate_on_plan,omitempty"`
	ReEvaluatePolicies    *bool   `json:"re_evaluate_policies,omitempty"`
	Order                 *int    `json:"order,omitempty"`
	PolicyEngineMode      *string `json:"policy_engine_mode,omitempty"`
	InvalidResponseAction *string `json:"invalid_response_action,omitempty"`
}

// CreateBinding binds a stage to a flow. POST /api/v3/flows/bindings/
func (c *Client) CreateBinding(ctx context.Context, r BindingRequest) (*FlowStageBinding, error) {
	var b FlowStageBinding
	if err := c.do(ctx, "POST", "flows/bindings/", nil, r, &b, nil); err != nil {
		return nil, err
	}
	return &b, nil
}

// UpdateBinding changes the set fields of a binding.
// PATCH /api/v3/flows/bindings/{fsb_uuid}/
func (c *Client) UpdateBinding(ctx context.Context, pk string, r BindingRequest) (*FlowStageBinding, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var b FlowStageBinding
	if err := c.do(ctx, "PATCH", "flows/bindings/"+s+"/", nil, r, &b, nil); err != nil {
		return nil, err
	}
	return &b, nil
}

// DeleteBinding deletes a binding. DELETE /api/v3/flows/bindings/{fsb_uuid}/
func (c *Client) DeleteBinding(ctx context.Context, pk string) error {
	s, err := segment(pk)
	if err != nil {
		return err
	}
	err = c.do(ctx, "DELETE", "flows/bindings/"+s+"/", nil, nil, nil, nil)
	return err
}

// ListBindingUsedBy lists the objects a delete of the binding would affect.
// GET /api/v3/flows/bindings/{fsb_uuid}/used_by/
func (c *Client) ListBindingUsedBy(ctx context.Context, pk string) ([]UsedBy, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	return c.usedBy(ctx, "flows/bindings/"+s+"/used_by/")
}
