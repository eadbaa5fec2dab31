package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strconv"
)

// Policy is authentik's generic Policy (GET /policies/all/), also embedded
// in every policy binding as policy_obj. Subclass fields (an expression
// policy's expression, ...) are not decoded.
type Policy struct {
	PK                string `json:"pk"`
	Name              string `json:"name"`
	ExecutionLogging  bool   `json:"execution_logging"`
	Component         string `json:"component"`
	VerboseName       string `json:"verbose_name"`
	VerboseNamePlural string `json:"verbose_name_plural"`
	MetaModelName     string `json:"meta_model_name"`
	// BoundTo is how many policy bindings use the policy.
	BoundTo int `json:"bound_to"`
}

func (p *Policy) validate() error {
	if p.PK == "" {
		return errors.New("policy without pk")
	}
	return nil
}

// PartialGroup is the group authentik embeds in a group policy binding
// (group_obj).
type PartialGroup struct {
	PK          string          `json:"pk"`
	NumPK       int             `json:"num_pk"`
	Name        string          `json:"name"`
	IsSuperuser bool            `json:"is_superuser"`
	Attributes  json.RawMessage `json:"attributes,omitempty"`
}

// PartialUser is the user authentik embeds in a user policy binding
// (user_obj).
type PartialUser struct {
	PK         int             `json:"pk"`
	Username   string          `json:"username"`
	Name       string          `json:"name"`
	IsActive   *bool           `json:"is_active"`
	LastLogin  *string         `json:"last_login"`
	Email      string          `json:"email"`
	UID        string          `json:"uid"`
	Attributes json.RawMessage `json:"attributes,omitempty"`
}

// PolicyBinding is authentik's PolicyBinding (GET /policies/bindings/).
// Exactly one of Policy, Group and User is set. Target is the bound
// object's own pk (a flow's pk, a flow-stage binding's pk), although the
// target and target_in filters take its policybindingmodel_ptr_id.
type PolicyBinding struct {
	PK            string        `json:"pk"`
	Policy        *string       `json:"policy"`
	Group         *string       `json:"group"`
	User          *int          `json:"user"`
	PolicyObj     *Policy       `json:"policy_obj"`
	GroupObj      *PartialGroup `json:"group_obj"`
	UserObj       *PartialUser  `json:"user_obj"`
	Target        string        `json:"target"`
	Negate        bool          `json:"negate"`
	Enabled       bool          `json:"enabled"`
	Order         int           `json:"order"`
	Timeout       int           `json:"timeout"`
	FailureResult bool          `json:"failure_result"`
}

func (b *PolicyBinding) validate() error {
	if b.PK == "" || b.Target == "" {
		return errors.New("policy binding without pk or target")
	}
	if b.PolicyObj != nil {
		return b.PolicyObj.validate()
	}
	return nil
}

// MaxTargetsPerRequest bounds the target_in values of one request. Each
// value adds ~47 bytes to the URL (target_in=<uuid>&), so 80 of them keep the
// query string under 4 KB: half the 8 KB request line nginx and Apache
// accept by default.
const MaxTargetsPerRequest = 80

// ListPolicyBindingsOptions filters GET /policies/bindings/. TargetIn is
// the only multi-value filter: the policybindingmodel_ptr_ids of the
// targets (any of them). authentik answers the whole request 400 when one
// of them is no PolicyBindingModel.
type ListPolicyBindingsOptions struct {
	ListOptions
	Target       string   // one pbm uuid
	TargetIn     []string // pbm uuids
	Policy       string   // policy pk
	PolicyIsNull *bool
	Enabled      *bool
	Order        *int
	Timeout      *int
}

func (o ListPolicyBindingsOptions) values(c *Client) url.Values {
	v := o.ListOptions.values(c)
	setIf(v, "target", o.Target)
	for _, t := range o.TargetIn {
		v.Add("target_in", t)
	}
	setIf(v, "policy", o.Policy)
	if o.PolicyIsNull != nil {
		v.Set("policy__isnull", strconv.FormatBool(*o.PolicyIsNull))
	}
	if o.Enabled != nil {
		v.Set("enabled", strconv.FormatBool(*o.Enabled))
	}
	if o.Order != nil {
		v.Set("order", strconv.Itoa(*o.Order))
	}
	if o.Timeout != nil {
		v.Set("timeout", strconv.Itoa(*o.Timeout))
	}
	return v
}

// ListPolicyBindings lists policy bindings. GET /api/v3/policies/bindings/
func (c *Client) ListPolicyBindings(ctx context.Context, o ListPolicyBindingsOptions) (*Page[PolicyBinding], error) {
	var p pageReader[PolicyBinding]
	if err := c.do(ctx, "GET", "policies/bindings/", o.values(c), nil, &p, nil); err != nil {
		return nil, err
	}
	return p.page, nil
}

// PolicyBindingPages returns a PageFunc over ListPolicyBindings with fixed
// options.
func (c *Client) PolicyBindingPages(o ListPolicyBindingsOptions) PageFunc[PolicyBinding] {
	return func(ctx context.Context, page, size int) (*Page[PolicyBinding], error) {
		o := o
		o.Page, o.PageSize = page, size
		return c.ListPolicyBindings(ctx, o)
	}
}

// GetPolicyBinding fetches one policy binding.
// GET /api/v3/policies/bindings/{policy_binding_uuid}/
func (c *Client) GetPolicyBinding(ctx context.Context, pk string) (*PolicyBinding, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var b PolicyBinding
	if err := c.do(ctx, "GET", "policies/bindings/"+s+"/", nil, nil, &b, nil); err != nil {
		return nil, err
	}
	return &b, nil
}

// PolicyBindingRequest is the body of a policy binding create or update.
// authentik's validate() reads the body only: every write, PATCH included,
// must carry target and exactly one of policy, group and user (see
// UpdatePolicyBinding). Nil fields are left out of the body; a field set
// to JSON null is sent as null.
type PolicyBindingRequest struct {
	Target        *string         `json:"target,omitempty"`
	Policy        json.RawMessage `json:"policy,omitempty"`
	Group         json.RawMessage `json:"group,omitempty"`
	User          json.RawMessage `json:"user,omitempty"`
	Negate        *bool           `json:"negate,omitempty"`
	Enabled       *bool           `json:"enabled,omitempty"`
	Order         *int            `json:"order,omitempty"`
	Timeout       *int            `json:"timeout,omitempty"`
	FailureResult *bool           `json:"failure_result,omitempty"`
}

// JSONString is a JSON string value for a PolicyBindingRequest field.
func JSONString(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// JSONInt is a JSON number value for a PolicyBindingRequest field.
func JSONInt(n int) json.RawMessage { return json.RawMessage(strconv.Itoa(n)) }

// JSONNull is JSON null, to clear a PolicyBindingRequest field.
var JSONNull = json.RawMessage("null")

// CreatePolicyBinding binds a policy, group or user to a target.
// POST /api/v3/policies/bindings/
func (c *Client) CreatePolicyBinding(ctx context.Context, r PolicyBindingRequest) (*PolicyBinding, error) {
	var b PolicyBinding
	if err := c.do(ctx, "POST", "policies/bindings/", nil, r, &b, nil); err != nil {
		return nil, err
	}
	return &b, nil
}

// UpdatePolicyBinding changes the set fields of a policy binding.
// PATCH /api/v3/policies/bindings/{policy_binding_uuid}/
func (c *Client) UpdatePolicyBinding(ctx context.Context, pk string, r PolicyBindingRequest) (*PolicyBinding, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var b PolicyBinding
	if err := c.do(ctx, "PATCH", "policies/bindings/"+s+"/", nil, r, &b, nil); err != nil {
		return nil, err
	}
	return &b, nil
}

// DeletePolicyBinding deletes a policy binding.
// DELETE /api/v3/policies/bindings/{policy_binding_uuid}/
func (c *Client) DeletePolicyBinding(ctx context.Context, pk string) error {
	s, err := segment(pk)
	if err != nil {
		return err
	}
	err = c.do(ctx, "DELETE", "policies/bindings/"+s+"/", nil, nil, nil, nil)
	return err
}

// ListPoliciesOptions filters GET /policies/all/.
type ListPoliciesOptions struct {
	ListOptions
	BindingsIsNull    *bool
	PromptStageIsNull *bool
}

func (o ListPoliciesOptions) values(c *Client) url.Values {
	v := o.ListOptions.values(c)
	if o.BindingsIsNull != nil {
		v.Set("bindings__isnull", strconv.FormatBool(*o.BindingsIsNull))
	}
	if o.PromptStageIsNull != nil {
		v.Set("promptstage__isnull", strconv.FormatBool(*o.PromptStageIsNull))
	}
	return v
}

// ListPolicies lists policies of every type. GET /api/v3/policies/all/
func (c *Client) ListPolicies(ctx context.Context, o ListPoliciesOptions) (*Page[Policy], error) {
	var p pageReader[Policy]
	if err := c.do(ctx, "GET", "policies/all/", o.values(c), nil, &p, nil); err != nil {
		return nil, err
	}
	return p.page, nil
}

// PolicyPages returns a PageFunc over ListPolicies with fixed options.
func (c *Client) PolicyPages(o ListPoliciesOptions) PageFunc[Policy] {
	return func(ctx context.Context, page, size int) (*Page[Policy], error) {
		o := o
		o.Page, o.PageSize = page, size
		return c.ListPolicies(ctx, o)
	}
}

// GetPolicy fetches one policy. GET /api/v3/policies/all/{policy_uuid}/
func (c *Client) GetPolicy(ctx context.Context, pk string) (*Policy, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var p Policy
	if err := c.do(ctx, "GET", "policies/all/"+s+"/", nil, nil, &p, nil); err != nil {
		return nil, err
	}
	return &p, nil
}
