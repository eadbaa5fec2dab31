// Package model holds the GraphQL types. models_gen.go is generated; the
// types here are hand-written because their fields resolve lazily or
// validate upstream values.
package model

import (
	"fmt"
	"strings"

	"flowgate/upstream"
)

// Flow is a flow as the graph sees it. It is built either from a full
// upstream.Flow or from the stripped FlowSet a stage embeds; fields that only
// the full flow has are resolved by loading it (see Full).
type Flow struct {
	PK                   string
	PolicyBindingModelPK string
	Slug                 string
	Name                 string
	Title                string
	Background           string
	CompatibilityMode    bool
	ExportURL            string

	designation, layout, deniedAction, policyEngineMode string

	// Full is the complete upstream flow, nil when the flow came from a
	// stage's flow_set.
	Full *upstream.Flow
}

// Designation validates authentik's designation value.
func (f *Flow) Designation() (FlowDesignation, error) {
	return ParseEnum[FlowDesignation]("FlowDesignation", f.designation)
}

// Layout validates authentik's layout value.
func (f *Flow) Layout() (FlowLayout, error) {
	return ParseEnum[FlowLayout]("FlowLayout", f.layout)
}

// DeniedAction validates authentik's denied_action value.
func (f *Flow) DeniedAction() (DeniedAction, error) {
	return ParseEnum[DeniedAction]("DeniedAction", f.deniedAction)
}

// PolicyEngineMode validates authentik's policy_engine_mode value.
func (f *Flow) PolicyEngineMode() (PolicyEngineMode, error) {
	return ParseEnum[PolicyEngineMode]("PolicyEngineMode", f.policyEngineMode)
}

// FlowFromUpstream converts a full upstream flow.
func FlowFromUpstream(u *upstream.Flow) *Flow {
	f := FlowFromFlowSet(&upstream.FlowSet{
		PK: u.PK, PolicyBindingModelPtrID: u.PolicyBindingModelPtrID, Name: u.Name, Slug: u.Slug,
		Title: u.Title, Designation: u.Designation, BackgroundURLField: u.BackgroundURLField,
		Background: u.Background, PolicyEngineMode: u.PolicyEngineMode,
		CompatibilityMode: u.CompatibilityMode, ExportURL: u.ExportURL, Layout: u.Layout,
		DeniedAction: u.DeniedAction,
	})
	f.Full = u
	return f
}

// FlowFromFlowSet converts the stripped flow a stage embeds.
func FlowFromFlowSet(u *upstream.FlowSet) *Flow {
	return &Flow{
		PK:                   u.PK,
		PolicyBindingModelPK: u.PolicyBindingModelPtrID,
		Slug:                 u.Slug,
		Name:                 u.Name,
		Title:                u.Title,
		Background:           u.ResolvedBackground(),
		CompatibilityMode:    u.CompatibilityMode,
		ExportURL:            u.ExportURL,
		designation:          u.Designation,
		layout:               u.Layout,
		deniedAction:         u.DeniedAction,
		policyEngineMode:     u.PolicyEngineMode,
	}
}

// FlowStageBinding is a stage bound to a flow.
type FlowStageBinding struct {
	PK                   string
	PolicyBindingModelPK string
	Order                int
	EvaluateOnPlan       bool
	ReEvaluatePolicies   bool
	Stage                Stage

	policyEngineMode, invalidResponseAction string

	// TargetPK is the bound flow's uuid.
	TargetPK string
	// Target is the bound flow when it is known without a request: the
	// parent flow, or (TargetFlow) the entry of the embedded stage's
	// flow_set.
	Target *Flow
	// targetSet is that entry, made a Flow only when target is asked for.
	targetSet *upstream.FlowSet
}

// KnownTarget returns the bound flow when it is known without a request.
func (b *FlowStageBinding) KnownTarget() *Flow {
	if b.Target == nil && b.targetSet != nil {
		return FlowFromFlowSet(b.targetSet)
	}
	return b.Target
}

// PolicyEngineMode validates authentik's policy_engine_mode value.
func (b *FlowStageBinding) PolicyEngineMode() (PolicyEngineMode, error) {
	return ParseEnum[PolicyEngineMode]("PolicyEngineMode", b.policyEngineMode)
}

// InvalidResponseAction validates authentik's invalid_response_action value.
func (b *FlowStageBinding) InvalidResponseAction() (InvalidResponseAction, error) {
	return ParseEnum[InvalidResponseAction]("InvalidResponseAction", b.invalidResponseAction)
}

// BindingFromUpstream converts an upstream binding. The target flow is
// taken from the embedded stage's flow_set when it is there, so asking for
// target { slug name } costs no request.
func BindingFromUpstream(u *upstream.FlowStageBinding) *FlowStageBinding {
	b := &FlowStageBinding{
		PK:                    u.PK,
		PolicyBindingModelPK:  u.PolicyBindingModelPtrID,
		Order:                 u.Order,
		EvaluateOnPlan:        u.EvaluateOnPlan,
		ReEvaluatePolicies:    u.ReEvaluatePolicies,
		policyEngineMode:      u.PolicyEngineMode,
		invalidResponseAction: u.InvalidResponseAction,
		TargetPK:              u.Target,
	}
	if u.StageObj != nil {
		b.Stage = StageFromUpstream(u.StageObj)
		b.targetSet = TargetFlowSet(u)
	}
	return b
}

// UnknownEnumError reports an enum value from authentik that this gateway
// does not know, for example one added by a newer authentik.
type UnknownEnumError struct {
	Type  string // GraphQL enum name
	Value string // authentik's value, as sent
}

func (e *UnknownEnumError) Error() string {
	v := e.Value
	if len(v) > 64 {
		v = v[:64] + "…"
	}
	return fmt.Sprintf("authentik returned %s value %q, which this gateway does not know", e.Type, v)
}

type enumValue interface {
	~string
	IsValid() bool
}

// ParseEnum maps authentik's lower_snake value to the GraphQL enum.
func ParseEnum[T enumValue](name, raw string) (T, error) {
	v := T(strings.ToUpper(raw))
	if raw == "" || raw != strings.ToLower(raw) || !v.IsValid() {
		return "", &UnknownEnumError{Type: name, Value: raw}
	}
	return v, nil
}

// EnumToUpstream maps a GraphQL enum value to authentik's value.
func EnumToUpstream[T ~string](v T) string {
	return strings.ToLower(string(v))
}

// UsedByFromUpstream converts authentik's used_by entries.
func UsedByFromUpstream(us []upstream.UsedBy) []*UsedBy {
	out := make([]*UsedBy, len(us))
	for i, u := range us {
		out[i] = &UsedBy{App: u.App, ModelName: u.ModelName, PK: u.PK, Name: u.Name, action: u.Action}
	}
	return out
}

// UsedBy is an object that deleting another one would affect.
type UsedBy struct {
	App       string
	ModelName string
	PK        string
	Name      string

	action string
}

// Action validates authentik's action value.
func (u *UsedBy) Action() (UsedByAction, error) {
	return ParseEnum[UsedByAction]("UsedByAction", u.action)
}

// ClearFlowCachePayload is the result of clearFlowCache. The count is read
// just before the clear; CountErr is why it could not be (nil when it was,
// or when the caller may not read it).
type ClearFlowCachePayload struct {
	Count    *int
	CountErr error
}

// ClearedCount returns the count read before the clear, or why it is missing.
func (p *ClearFlowCachePayload) ClearedCount() (*int, error) {
	return p.Count, p.CountErr
}

// StageTypesFromUpstream converts authentik's stage types.
func StageTypesFromUpstream(ts []upstream.StageType) []*StageType {
	out := make([]*StageType, len(ts))
	for i, t := range ts {
		out[i] = &StageType{
			Name: t.Name, Description: t.Description, Component: t.Component, ModelName: t.ModelName,
			RequiresEnterprise: t.RequiresEnterprise, Deprecated: t.Deprecated,
		}
		if t.IconURL != "" {
			icon := t.IconURL
			out[i].IconURL = &icon
		}
	}
	return out
}

// TargetFlowSet returns the entry of u's embedded stage's flow_set that is
// u's target (BindingFromUpstream's target, which costs no request), or nil.
func TargetFlowSet(u *upstream.FlowStageBinding) *upstream.FlowSet {
	if u.StageObj == nil {
		return nil
	}
	for i := range u.StageObj.FlowSet {
		if u.StageObj.FlowSet[i].PK == u.Target {
			return u.StageObj.FlowSet[i]
		}
	}
	return nil
}
