package model

import "flowgate/upstream"

// Policy is a policy of any type.
type Policy struct {
	PK                string
	Name              string
	Component         string
	VerboseName       string
	VerboseNamePlural string
	MetaModelName     string
	ExecutionLogging  bool
	BoundTo           int
}

// PolicyFromUpstream converts an upstream policy.
func PolicyFromUpstream(u *upstream.Policy) *Policy {
	return &Policy{
		PK: u.PK, Name: u.Name, Component: u.Component, VerboseName: u.VerboseName,
		VerboseNamePlural: u.VerboseNamePlural, MetaModelName: u.MetaModelName,
		ExecutionLogging: u.ExecutionLogging, BoundTo: u.BoundTo,
	}
}

// PolicyBinding is a policy, group or user bound to a flow or flow-stage
// binding.
type PolicyBinding struct {
	PK            string
	Kind          PolicyBindingKind
	Order         int
	Enabled       bool
	Negate        bool
	Timeout       int
	FailureResult bool
	// TargetPK is the bound object's own pk.
	TargetPK string
	// Target is the bound object when it is known without a request (the
	// parent the binding was loaded for), else nil.
	Target PolicyBindingTarget
	// Policy is the embedded policy; when authentik embedded none, PolicyPK
	// names it and it is loaded.
	Policy   *Policy
	PolicyPK string
	Group    *PolicyGroup
	User     *PolicyUser
}

// PolicyBindingFromUpstream converts an upstream policy binding; target is
// the flow or flow-stage binding it was loaded for, or nil.
func PolicyBindingFromUpstream(u *upstream.PolicyBinding, target PolicyBindingTarget) *PolicyBinding {
	b := &PolicyBinding{
		PK: u.PK, Order: u.Order, Enabled: u.Enabled, Negate: u.Negate, Timeout: u.Timeout,
		FailureResult: u.FailureResult, TargetPK: u.Target, Target: target,
	}
	switch {
	case u.PolicyObj != nil:
		b.Kind, b.Policy = PolicyBindingKindPolicy, PolicyFromUpstream(u.PolicyObj)
	case u.GroupObj != nil:
		g := u.GroupObj
		b.Kind, b.Group = PolicyBindingKindGroup, &PolicyGroup{PK: g.PK, NumPK: g.NumPK, Name: g.Name, IsSuperuser: g.IsSuperuser}
	case u.UserObj != nil:
		x := u.UserObj
		b.Kind, b.User = PolicyBindingKindUser, &PolicyUser{PK: x.PK, Username: x.Username, Name: x.Name, IsActive: x.IsActive, UID: x.UID}
		if x.Email != "" {
			email := x.Email
			b.User.Email = &email
		}
	case u.Group != nil:
		b.Kind, b.Group = PolicyBindingKindGroup, &PolicyGroup{PK: *u.Group}
	case u.User != nil:
		b.Kind, b.User = PolicyBindingKindUser, &PolicyUser{PK: *u.User}
	default:
		b.Kind = PolicyBindingKindPolicy
		if u.Policy != nil {
			b.PolicyPK = *u.Policy
		}
	}
	return b
}

// IsPolicyBindingTarget marks Flow as a member of the PolicyBindingTarget union.
func (*Flow) IsPolicyBindingTarget() {}

// IsPolicyBindingTarget marks FlowStageBinding as a member of the
// PolicyBindingTarget union.
func (*FlowStageBinding) IsPolicyBindingTarget() {}

// Global id types of policies and policy bindings (see GlobalID).
const (
	NodePolicy        = "Policy"
	NodePolicyBinding = "PolicyBinding"
)

// ID is the policy's global id.
func (p *Policy) ID() string { return GlobalID(NodePolicy, p.PK) }

// ID is the policy binding's global id.
func (b *PolicyBinding) ID() string { return GlobalID(NodePolicyBinding, b.PK) }

// IsNode marks Policy as a Node.
func (Policy) IsNode() {}

// IsNode marks PolicyBinding as a Node.
func (PolicyBinding) IsNode() {}
