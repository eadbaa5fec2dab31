package model

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"flowgate/upstream"
)

// Stage is a stage of any type: the GraphQL interface Stage. Each
// implementation embeds StageBase, which holds the common fields
// (/stages/all/ or a binding's stage_obj); a type's settings load from its
// own endpoint on first use.
type Stage interface {
	IsStage()
	IsNode() // every stage is a Node (StageBase.ID, model/node.go)
	Base() *StageBase
}

// StageBase is what every stage has.
type StageBase struct {
	PK                string
	Name              string
	Component         string
	VerboseName       string
	VerboseNamePlural string
	MetaModelName     string
	// FlowSet is authentik's flow_set: the flows the stage is bound to.
	FlowSet []*upstream.FlowSet
}

// Base returns the common fields.
func (b *StageBase) Base() *StageBase { return b }

// StageFromUpstream converts an upstream stage into the type its component
// names (GenericStage for a component this gateway does not know).
func StageFromUpstream(u *upstream.Stage) Stage {
	return typedStage(u.Component, StageBase{
		PK:                u.PK,
		Name:              u.Name,
		Component:         u.Component,
		VerboseName:       u.VerboseName,
		VerboseNamePlural: u.VerboseNamePlural,
		MetaModelName:     u.MetaModelName,
		FlowSet:           u.FlowSet,
	})
}

// StageResolvers is how stage fields reach the request's loaders (package
// graph implements it and sets Resolvers at init; the model package cannot
// import graph). Every method takes the request's context.
type StageResolvers interface {
	Flows(ctx context.Context, s *StageBase) ([]*Flow, error)
	Bindings(ctx context.Context, s *StageBase) ([]*FlowStageBinding, error)
	UsedBy(ctx context.Context, s *StageBase) ([]*UsedBy, error)
	// Settings loads the stage's settings from its type's endpoint.
	Settings(ctx context.Context, s *StageBase) (*upstream.StageSettings, error)
	Flow(ctx context.Context, pk string) (*Flow, error)
	Stage(ctx context.Context, pk string) (Stage, error)
	Stages(ctx context.Context, pks []string) ([]Stage, error)
	Prompts(ctx context.Context, pks []string) ([]*Prompt, error)
}

// Resolvers is set by package graph.
var Resolvers StageResolvers

// Flows lists the flows the stage is bound to.
func (b *StageBase) Flows(ctx context.Context) ([]*Flow, error) { return Resolvers.Flows(ctx, b) }

// Bindings lists the stage's bindings.
func (b *StageBase) Bindings(ctx context.Context) ([]*FlowStageBinding, error) {
	return Resolvers.Bindings(ctx, b)
}

// UsedBy lists what deleting the stage would affect.
func (b *StageBase) UsedBy(ctx context.Context) ([]*UsedBy, error) { return Resolvers.UsedBy(ctx, b) }

func setting[T any](ctx context.Context, b *StageBase, get func(*upstream.StageSettings) T) (T, error) {
	var zero T
	st, err := Resolvers.Settings(ctx, b)
	if err != nil {
		return zero, err
	}
	return get(st), nil
}

func enumSetting[T any](ctx context.Context, b *StageBase, name string, parse func(string) (T, bool), get func(*upstream.StageSettings) *string) (*T, error) {
	raw, err := setting(ctx, b, get)
	if err != nil || raw == nil {
		return nil, err
	}
	v, ok := parse(*raw)
	if !ok {
		return nil, &UnknownEnumError{Type: name, Value: *raw}
	}
	return &v, nil
}

// enumListSetting converts a list of enum values; one unknown value fails
// the field (its siblings are unaffected).
func enumListSetting[T any](ctx context.Context, b *StageBase, name string, parse func(string) (T, bool), get func(*upstream.StageSettings) []string) ([]T, error) {
	raw, err := setting(ctx, b, get)
	if err != nil || raw == nil {
		return nil, err
	}
	out := make([]T, len(raw))
	for i, r := range raw {
		v, ok := parse(r)
		if !ok {
			return nil, &UnknownEnumError{Type: name, Value: r}
		}
		out[i] = v
	}
	return out, nil
}

func flowSetting(ctx context.Context, b *StageBase, get func(*upstream.StageSettings) *string) (*Flow, error) {
	pk, err := setting(ctx, b, get)
	if err != nil || pk == nil {
		return nil, err
	}
	return Resolvers.Flow(ctx, *pk)
}

func stageSetting(ctx context.Context, b *StageBase, get func(*upstream.StageSettings) *string) (Stage, error) {
	pk, err := setting(ctx, b, get)
	if err != nil || pk == nil {
		return nil, err
	}
	return Resolvers.Stage(ctx, *pk)
}

func stagesSetting(ctx context.Context, b *StageBase, get func(*upstream.StageSettings) []string) ([]Stage, error) {
	pks, err := setting(ctx, b, get)
	if err != nil || pks == nil {
		return nil, err
	}
	return Resolvers.Stages(ctx, pks)
}

// Fields lists the prompts the stage shows, by order then pk.
func (s *PromptStage) Fields(ctx context.Context) ([]*Prompt, error) {
	pks, err := setting(ctx, &s.StageBase, func(x *upstream.StageSettings) []string { return x.Fields })
	if err != nil || pks == nil {
		return nil, err
	}
	ps, err := Resolvers.Prompts(ctx, pks)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(ps, func(a, b *Prompt) int {
		return cmp.Or(cmp.Compare(a.order(), b.order()), strings.Compare(a.PK, b.PK))
	})
	return ps, nil
}

// Prompt is a prompt stage's field.
type Prompt struct {
	PK                     string
	Name                   string
	FieldKey               string
	Label                  string
	Required               *bool
	Placeholder            *string
	InitialValue           *string
	Order                  *int
	SubText                *string
	PlaceholderExpression  *bool
	InitialValueExpression *bool

	promptType string
	stages     []upstream.Stage
}

// Stages lists the prompt stages that show the prompt (authentik's
// prompt_stages_obj, embedded in the prompt: no request), by name.
func (p *Prompt) Stages() []*PromptStage {
	out := make([]*PromptStage, 0, len(p.stages))
	for i := range p.stages {
		if s, ok := StageFromUpstream(&p.stages[i]).(*PromptStage); ok {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b *PromptStage) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func (p *Prompt) order() int {
	if p.Order == nil {
		return 0
	}
	return *p.Order
}

// Type validates authentik's prompt type.
func (p *Prompt) Type() (*PromptType, error) {
	v, ok := parsePromptType(p.promptType)
	if !ok {
		return nil, &UnknownEnumError{Type: "PromptType", Value: p.promptType}
	}
	return &v, nil
}

// PromptFromUpstream converts a prompt.
func PromptFromUpstream(u *upstream.Prompt) *Prompt {
	return &Prompt{
		PK: u.PK, Name: u.Name, FieldKey: u.FieldKey, Label: u.Label, Required: u.Required,
		Placeholder: u.Placeholder, InitialValue: u.InitialValue, Order: u.Order, SubText: u.SubText,
		PlaceholderExpression: u.PlaceholderExpression, InitialValueExpression: u.InitialValueExpression,
		promptType: u.Type, stages: u.PromptStages,
	}
}

// Enum parsers: authentik's values to GraphQL's. Most are lower_snake
// (ParseEnum); some use hyphens or Python paths.

func plain[T enumValue](raw string) (T, bool) {
	v, err := ParseEnum[T]("", raw)
	return v, err == nil
}

// dashed maps values written with hyphens (security-key, ak-locale).
func dashed[T enumValue](raw string) (T, bool) {
	if strings.Contains(raw, "_") {
		return "", false
	}
	return plain[T](strings.ReplaceAll(raw, "-", "_"))
}

var (
	parseIdentificationUserField = plain[IdentificationUserField]
	parseNotConfiguredAction     = plain[NotConfiguredAction]
	parseDeviceClass             = plain[DeviceClass]
	parseUserVerification        = plain[UserVerification]
	parseNetworkBinding          = plain[NetworkBinding]
	parseGeoipBinding            = plain[GeoipBinding]
	parseUserCreationMode        = plain[UserCreationMode]
	parseUserType                = plain[UserType]
	parseConsentMode             = plain[ConsentMode]
	parseRedirectMode            = plain[RedirectMode]
	parseWebAuthnHint            = dashed[WebAuthnHint]
	parseAuthenticatorAttachment = dashed[AuthenticatorAttachment]
)

// parsePromptType maps prompt types: most are lower_snake (text_area),
// three use hyphens (radio-button-group, date-time, ak-locale).
func parsePromptType(raw string) (PromptType, bool) {
	switch raw {
	case "radio-button-group", "date-time", "ak-locale":
		return plain[PromptType](strings.ReplaceAll(raw, "-", "_"))
	case "radio_button_group", "date_time", "ak_locale":
		return "", false
	}
	return plain[PromptType](raw)
}

// passwordBackends are authentik's backend paths.
var passwordBackends = map[string]PasswordBackend{
	"authentik.core.auth.InbuiltBackend":              PasswordBackendInbuilt,
	"authentik.core.auth.TokenBackend":                PasswordBackendToken,
	"authentik.sources.ldap.auth.LDAPBackend":         PasswordBackendLdap,
	"authentik.sources.kerberos.auth.KerberosBackend": PasswordBackendKerberos,
}

func parsePasswordBackend(raw string) (PasswordBackend, bool) {
	v, ok := passwordBackends[raw]
	return v, ok
}

// PasswordBackendToUpstream is a backend's authentik path.
func PasswordBackendToUpstream(b PasswordBackend) string {
	for k, v := range passwordBackends {
		if v == b {
			return k
		}
	}
	return ""
}

// DashedToUpstream writes a hyphenated enum value (WebAuthnHint).
func DashedToUpstream[T ~string](v T) string {
	return strings.ReplaceAll(strings.ToLower(string(v)), "_", "-")
}
