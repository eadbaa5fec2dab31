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
	var p Page[FlowStageBinding]
	if _, err := c.do(ctx, "GET", "flows/bindings/", o.values(c), nil, &p, nil); err != nil {
		return nil, err
	}
	return &p, nil
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
	if _, err := c.do(ctx, "GET", "flows/bindings/"+s+"/", nil, nil, &b, nil); err != nil {
		return nil, err
	}
	return &b, nil
}
