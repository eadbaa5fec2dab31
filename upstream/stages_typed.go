package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// StageKind is a stage type this gateway knows: the admin UI's form
// component (what /stages/all/ tells each stage by), the model and the
// endpoint that serves the type's settings.
type StageKind struct {
	Component string // e.g. ak-stage-identification-form
	Model     string // meta_model_name, e.g. authentik_stages_identification.identificationstage
	Endpoint  string // relative to /api/v3/, e.g. stages/identification/
	// Settings is false for types that have no settings of their own (user
	// logout, user delete): nothing needs loading.
	Settings bool
}

// StageKinds lists the stage types with a typed endpoint this gateway
// serves settings for (FACTS.md sections h and j). A component missing here
// (a newer authentik's, or a type flowgate does not model) is served with
// its common fields only.
var StageKinds = []StageKind{
	{"ak-stage-identification-form", "authentik_stages_identification.identificationstage", "stages/identification/", true},
	{"ak-stage-password-form", "authentik_stages_password.passwordstage", "stages/password/", true},
	{"ak-stage-authenticator-validate-form", "authentik_stages_authenticator_validate.authenticatorvalidatestage", "stages/authenticator/validate/", true},
	{"ak-stage-user-login-form", "authentik_stages_user_login.userloginstage", "stages/user_login/", true},
	{"ak-stage-user-logout-form", "authentik_stages_user_logout.userlogoutstage", "stages/user_logout/", false},
	{"ak-stage-user-write-form", "authentik_stages_user_write.userwritestage", "stages/user_write/", true},
	{"ak-stage-user-delete-form", "authentik_stages_user_delete.userdeletestage", "stages/user_delete/", false},
	{"ak-stage-prompt-form", "authentik_stages_prompt.promptstage", "stages/prompt/stages/", true},
	{"ak-stage-consent-form", "authentik_stages_consent.consentstage", "stages/consent/", true},
	{"ak-stage-email-form", "authentik_stages_email.emailstage", "stages/email/", true},
	{"ak-stage-invitation-form", "authentik_stages_invitation.invitationstage", "stages/invitation/stages/", true},
	{"ak-stage-deny-form", "authentik_stages_deny.denystage", "stages/deny/", true},
	{"ak-stage-dummy-form", "authentik_stages_dummy.dummystage", "stages/dummy/", true},
	{"ak-stage-redirect-form", "authentik_stages_redirect.redirectstage", "stages/redirect/", true},
	{"ak-stage-captcha-form", "authentik_stages_captcha.captchastage", "stages/captcha/", true},
	{"ak-stage-authenticator-static-form", "authentik_stages_authenticator_static.authenticatorstaticstage", "stages/authenticator/static/", true},
	{"ak-stage-authenticator-totp-form", "authentik_stages_authenticator_totp.authenticatortotpstage", "stages/authenticator/totp/", true},
	{"ak-stage-authenticator-webauthn-form", "authentik_stages_authenticator_webauthn.authenticatorwebauthnstage", "stages/authenticator/webauthn/", true},
}

var kindByComponent, kindByEndpoint = func() (map[string]StageKind, map[string]StageKind) {
	c, e := map[string]StageKind{}, map[string]StageKind{}
	for _, k := range StageKinds {
		c[k.Component], e[k.Endpoint] = k, k
	}
	return c, e
}()

// KindOf returns the stage type of a component, false for one this gateway
// does not know.
func KindOf(component string) (StageKind, bool) {
	k, ok := kindByComponent[component]
	return k, ok
}

// endpointOf refuses an endpoint that is not one of StageKinds': typed
// calls reach only the routes of that table.
func endpointOf(endpoint string) (string, error) {
	if _, ok := kindByEndpoint[endpoint]; !ok {
		return "", fmt.Errorf("%w: unknown stage endpoint %q", ErrInvalidArgument, truncate(endpoint, 64))
	}
	return endpoint, nil
}

// StageSettings is a stage as its type's endpoint serves it: the common
// fields plus the settings of every type flowgate models, each set only
// for its type. Settings authentik did not send (another type's, or one an
// older authentik lacks) stay nil. References to flows, stages, prompts and
// policies are uuids. flow_set, which every typed answer embeds, is not
// decoded (the generic stage has it); neither is any secret a type's
// answer may carry (an authenticator email stage's SMTP password).
type StageSettings struct {
	PK            string `json:"pk"`
	Name          string `json:"name"`
	Component     string `json:"component"`
	MetaModelName string `json:"meta_model_name"`

	// identification
	UserFields              []string `json:"user_fields"`
	PasswordStage           *string  `json:"password_stage"`
	CaptchaStage            *string  `json:"captcha_stage"`
	CaseInsensitiveMatching *bool    `json:"case_insensitive_matching"`
	ShowMatchedUser         *bool    `json:"show_matched_user"`
	EnrollmentFlow          *string  `json:"enrollment_flow"`
	RecoveryFlow            *string  `json:"recovery_flow"`
	PasswordlessFlow        *string  `json:"passwordless_flow"`
	Sources                 []string `json:"sources"`
	ShowSourceLabels        *bool    `json:"show_source_labels"`
	PretendUserExists       *bool    `json:"pretend_user_exists"`
	EnableRememberMe        *bool    `json:"enable_remember_me"`
	WebauthnStage           *string  `json:"webauthn_stage"`

	// password (and configure_flow of the authenticator setup stages)
	Backends                   []string `json:"backends"`
	ConfigureFlow              *string  `json:"configure_flow"`
	FailedAttemptsBeforeCancel *int     `json:"failed_attempts_before_cancel"`
	AllowShowPassword          *bool    `json:"allow_show_password"`

	// authenticator validation
	NotConfiguredAction        *string  `json:"not_configured_action"`
	DeviceClasses              []string `json:"device_classes"`
	ConfigurationStages        []string `json:"configuration_stages"`
	LastAuthThreshold          *string  `json:"last_auth_threshold"`
	WebauthnUserVerification   *string  `json:"webauthn_user_verification"`
	WebauthnHints              []string `json:"webauthn_hints"`
	WebauthnAllowedDeviceTypes []string `json:"webauthn_allowed_device_types"`

	// user login
	SessionDuration        *string `json:"session_duration"`
	TerminateOtherSessions *bool   `json:"terminate_other_sessions"`
	RememberMeOffset       *string `json:"remember_me_offset"`
	NetworkBinding         *string `json:"network_binding"`
	GeoipBinding           *string `json:"geoip_binding"`
	RememberDevice         *string `json:"remember_device"`

	// user write
	UserCreationMode      *string `json:"user_creation_mode"`
	CreateUsersAsInactive *bool   `json:"create_users_as_inactive"`
	CreateUsersGroup      *string `json:"create_users_group"`
	UserType              *string `json:"user_type"`
	UserPathTemplate      *string `json:"user_path_template"`

	// prompt
	Fields             []string `json:"fields"`
	ValidationPolicies []string `json:"validation_policies"`

	// consent (mode) and redirect (mode)
	Mode            *string `json:"mode"`
	ConsentExpireIn *string `json:"consent_expire_in"`

	// email
	UseGlobalSettings     *bool   `json:"use_global_settings"`
	Host                  *string `json:"host"`
	Port                  *int    `json:"port"`
	Username              *string `json:"username"`
	UseTLS                *bool   `json:"use_tls"`
	UseSSL                *bool   `json:"use_ssl"`
	Timeout               *int    `json:"timeout"`
	FromAddress           *string `json:"from_address"`
	TokenExpiry           *string `json:"token_expiry"`
	Subject               *string `json:"subject"`
	Template              *string `json:"template"`
	ActivateUserOnSuccess *bool   `json:"activate_user_on_success"`
	RecoveryMaxAttempts   *int    `json:"recovery_max_attempts"`
	RecoveryCacheTimeout  *string `json:"recovery_cache_timeout"`

	// invitation, deny, dummy
	ContinueFlowWithoutInvitation *bool   `json:"continue_flow_without_invitation"`
	DenyMessage                   *string `json:"deny_message"`
	ThrowError                    *bool   `json:"throw_error"`

	// redirect
	KeepContext  *bool   `json:"keep_context"`
	TargetStatic *string `json:"target_static"`
	TargetFlow   *string `json:"target_flow"`

	// captcha (the private key is write-only in authentik)
	PublicKey           *string  `json:"public_key"`
	JSURL               *string  `json:"js_url"`
	APIURL              *string  `json:"api_url"`
	Interactive         *bool    `json:"interactive"`
	ScoreMinThreshold   *float64 `json:"score_min_threshold"`
	ScoreMaxThreshold   *float64 `json:"score_max_threshold"`
	ErrorOnInvalidScore *bool    `json:"error_on_invalid_score"`

	// authenticator setup stages
	FriendlyName            *string  `json:"friendly_name"`
	TokenCount              *int     `json:"token_count"`
	TokenLength             *int     `json:"token_length"`
	Digits                  *Digits  `json:"digits"`
	UserVerification        *string  `json:"user_verification"`
	AuthenticatorAttachment *string  `json:"authenticator_attachment"`
	ResidentKeyRequirement  *string  `json:"resident_key_requirement"`
	Hints                   []string `json:"hints"`
	DeviceTypeRestrictions  []string `json:"device_type_restrictions"`
	PreventDuplicateDevices *bool    `json:"prevent_duplicate_devices"`
	MaxAttempts             *int     `json:"max_attempts"`
}

func (s *StageSettings) validate() error {
	if s.PK == "" {
		return errors.New("stage without pk")
	}
	return nil
}

// Digits is a TOTP stage's digits: authentik's schema declares the string
// enum "6"/"8", its serializer writes the number; both are accepted.
type Digits int

// UnmarshalJSON implements json.Unmarshaler.
func (d *Digits) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 100 {
		return fmt.Errorf("digits %s is not a small integer", truncate(string(b), 16))
	}
	*d = Digits(n)
	return nil
}

// ListTypedStages lists the stages of one type with their settings.
// GET /api/v3/<endpoint>
func (c *Client) ListTypedStages(ctx context.Context, endpoint string, o ListOptions) (*Page[StageSettings], error) {
	ep, err := endpointOf(endpoint)
	if err != nil {
		return nil, err
	}
	var p pageReader[StageSettings]
	if err := c.do(ctx, "GET", ep, o.values(c), nil, &p, nil); err != nil {
		return nil, err
	}
	return p.page, nil
}

// TypedStagePages returns a PageFunc over ListTypedStages, ordered by pk.
func (c *Client) TypedStagePages(endpoint string) PageFunc[StageSettings] {
	return func(ctx context.Context, page, size int) (*Page[StageSettings], error) {
		return c.ListTypedStages(ctx, endpoint, ListOptions{Page: page, PageSize: size, Ordering: "pk"})
	}
}

// GetTypedStage fetches one stage with its settings.
// GET /api/v3/<endpoint>{stage_uuid}/
func (c *Client) GetTypedStage(ctx context.Context, endpoint, pk string) (*StageSettings, error) {
	ep, err := endpointOf(endpoint)
	if err != nil {
		return nil, err
	}
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var st StageSettings
	if err := c.do(ctx, "GET", ep+s+"/", nil, nil, &st, nil); err != nil {
		return nil, err
	}
	return &st, nil
}

// PatchTypedStage changes the given settings of a stage (PATCH semantics:
// only the body's keys change) and returns the stage as authentik answers:
// its common fields (with flow_set) and its settings.
// PATCH /api/v3/<endpoint>{stage_uuid}/
func (c *Client) PatchTypedStage(ctx context.Context, endpoint, pk string, body map[string]any) (*Stage, *StageSettings, error) {
	ep, err := endpointOf(endpoint)
	if err != nil {
		return nil, nil, err
	}
	s, err := segment(pk)
	if err != nil {
		return nil, nil, err
	}
	path := ep + s + "/"
	var raw []byte
	if err := c.do(ctx, "PATCH", path, nil, body, nil, &raw); err != nil {
		return nil, nil, err
	}
	var st Stage
	var set StageSettings
	if err := errors.Join(json.Unmarshal(raw, &st), json.Unmarshal(raw, &set), st.validate(), set.validate()); err != nil {
		return nil, nil, fmt.Errorf("upstream: PATCH %s: %w: %w", path, ErrBadResponse, err)
	}
	return &st, &set, nil
}

// Prompt is one field a prompt stage shows (GET /stages/prompt/prompts/).
// prompt_stages_obj embeds the prompt stages that show it; their common
// fields (with flow_set) are kept, their settings are not decoded.
type Prompt struct {
	PK                     string  `json:"pk"`
	Name                   string  `json:"name"`
	FieldKey               string  `json:"field_key"`
	Label                  string  `json:"label"`
	Type                   string  `json:"type"`
	Required               *bool   `json:"required"`
	Placeholder            *string `json:"placeholder"`
	InitialValue           *string `json:"initial_value"`
	Order                  *int    `json:"order"`
	SubText                *string `json:"sub_text"`
	PlaceholderExpression  *bool   `json:"placeholder_expression"`
	InitialValueExpression *bool   `json:"initial_value_expression"`
	PromptStages           []Stage `json:"prompt_stages_obj"`
}

func (p *Prompt) validate() error {
	if p.PK == "" {
		return errors.New("prompt without pk")
	}
	for i := range p.PromptStages {
		if err := p.PromptStages[i].validate(); err != nil {
			return fmt.Errorf("prompt_stages_obj[%d]: %w", i, err)
		}
	}
	return nil
}

// ListPrompts lists prompts. GET /api/v3/stages/prompt/prompts/
func (c *Client) ListPrompts(ctx context.Context, o ListOptions) (*Page[Prompt], error) {
	var p pageReader[Prompt]
	if err := c.do(ctx, "GET", "stages/prompt/prompts/", o.values(c), nil, &p, nil); err != nil {
		return nil, err
	}
	return p.page, nil
}

// PromptPages returns a PageFunc over ListPrompts, ordered by pk.
func (c *Client) PromptPages() PageFunc[Prompt] {
	return func(ctx context.Context, page, size int) (*Page[Prompt], error) {
		return c.ListPrompts(ctx, ListOptions{Page: page, PageSize: size, Ordering: "pk"})
	}
}

// GetPrompt fetches one prompt. GET /api/v3/stages/prompt/prompts/{prompt_uuid}/
func (c *Client) GetPrompt(ctx context.Context, pk string) (*Prompt, error) {
	s, err := segment(pk)
	if err != nil {
		return nil, err
	}
	var p Prompt
	if err := c.do(ctx, "GET", "stages/prompt/prompts/"+s+"/", nil, nil, &p, nil); err != nil {
		return nil, err
	}
	return &p, nil
}
