package upstreamtest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Typed stage endpoints (FACTS.md section j): /stages/identification/,
// /stages/password/, … serve each type's stages with the common fields and
// the type's settings; /stages/prompt/prompts/ serves the prompts that
// prompt stages show. Settings a fixture does not set have the model's
// default, so generated stages (WithExtraBindings, WithScale) are served too.

// Permission a principal needs to change a typed stage: authentik's
// change_<model> (global; object permissions are not modelled).
func changeStagePerm(model string) string {
	if i := strings.LastIndexByte(model, '.'); i >= 0 {
		model = model[i+1:]
	}
	return "change_" + model
}

// settingKind says how a setting is validated and how its references are
// stored (uuids) and seeded (by slug or name).
type settingKind int

const (
	kBool settingKind = iota
	kInt
	kText      // CharField/TextField, blank allowed
	kChoice    // one of choices
	kChoices   // list of choices
	kFlowRef   // nullable flow uuid (fixture: slug)
	kStageRef  // nullable stage uuid (fixture: name)
	kStageRefs // list of stage uuids (fixture: names)
	kPrompts   // list of prompt uuids (fixture: names)
	kPolicies  // list of policy uuids (fixture: names)
	kUUIDs     // list of uuids of objects the fake does not model (sources, device types)
	kFloat
	kNullChoice // nullable choice
	kNullUUID   // nullable uuid of an object the fake does not model (a group)
)

type settingDef struct {
	key     string
	kind    settingKind
	def     any
	choices []string
}

var (
	userFieldChoices   = []string{"email", "username", "upn"}
	backendChoices     = []string{"authentik.core.auth.InbuiltBackend", "authentik.core.auth.TokenBackend", "authentik.sources.ldap.auth.LDAPBackend", "authentik.sources.kerberos.auth.KerberosBackend"}
	deviceClassChoices = []string{"static", "totp", "webauthn", "duo", "sms", "email"}
	verification       = []string{"required", "preferred", "discouraged"}
	hintChoices        = []string{"security-key", "client-device", "hybrid"}
)

// typedFields lists each model's own settings, in the serializer's order,
// with the model's defaults (authentik's models at the schema's commit).
var typedFields = map[string][]settingDef{
	"authentik_stages_identification.identificationstage": {
		{"user_fields", kChoices, []any{}, userFieldChoices},
		{"password_stage", kStageRef, nil, nil},
		{"captcha_stage", kStageRef, nil, nil},
		{"case_insensitive_matching", kBool, true, nil},
		{"show_matched_user", kBool, true, nil},
		{"enrollment_flow", kFlowRef, nil, nil},
		{"recovery_flow", kFlowRef, nil, nil},
		{"passwordless_flow", kFlowRef, nil, nil},
		{"sources", kUUIDs, []any{}, nil},
		{"show_source_labels", kBool, false, nil},
		{"pretend_user_exists", kBool, true, nil},
		{"enable_remember_me", kBool, false, nil},
		{"webauthn_stage", kStageRef, nil, nil},
	},
	"authentik_stages_password.passwordstage": {
		{"backends", kChoices, []any{}, backendChoices},
		{"configure_flow", kFlowRef, nil, nil},
		{"failed_attempts_before_cancel", kInt, 5, nil},
		{"allow_show_password", kBool, false, nil},
	},
	"authentik_stages_authenticator_validate.authenticatorvalidatestage": {
		{"not_configured_action", kChoice, "skip", []string{"skip", "deny", "configure"}},
		{"device_classes", kChoices, []any{"static", "totp", "webauthn", "duo", "sms", "email"}, deviceClassChoices},
		{"configuration_stages", kStageRefs, []any{}, nil},
		{"last_auth_threshold", kText, "seconds=0", nil},
		{"webauthn_user_verification", kChoice, "preferred", verification},
		{"webauthn_hints", kChoices, []any{}, hintChoices},
		{"webauthn_allowed_device_types", kUUIDs, []any{}, nil},
	},
	"authentik_stages_user_login.userloginstage": {
		{"session_duration", kText, "seconds=0", nil},
		{"terminate_other_sessions", kBool, false, nil},
		{"remember_me_offset", kText, "seconds=0", nil},
		{"network_binding", kChoice, "no_binding", []string{"no_binding", "bind_asn", "bind_asn_network", "bind_asn_network_ip"}},
		{"geoip_binding", kChoice, "no_binding", []string{"no_binding", "bind_continent", "bind_continent_country", "bind_continent_country_city"}},
		{"remember_device", kText, "days=30", nil},
	},
	"authentik_stages_user_logout.userlogoutstage": {},
	"authentik_stages_user_write.userwritestage": {
		{"user_creation_mode", kChoice, "create_when_required", []string{"never_create", "create_when_required", "always_create"}},
		{"create_users_as_inactive", kBool, false, nil},
		{"create_users_group", kNullUUID, nil, nil},
		{"user_type", kChoice, "external", []string{"internal", "external", "service_account", "internal_service_account"}},
		{"user_path_template", kText, "", nil},
	},
	"authentik_stages_user_delete.userdeletestage": {},
	"authentik_stages_prompt.promptstage": {
		{"fields", kPrompts, []any{}, nil},
		{"validation_policies", kPolicies, []any{}, nil},
	},
	"authentik_stages_consent.consentstage": {
		{"mode", kChoice, "always_require", []string{"always_require", "permanent", "expiring"}},
		{"consent_expire_in", kText, "weeks=4", nil},
	},
	"authentik_stages_email.emailstage": {
		{"use_global_settings", kBool, false, nil},
		{"host", kText, "localhost", nil},
		{"port", kInt, 25, nil},
		{"username", kText, "", nil},
		{"use_tls", kBool, false, nil},
		{"use_ssl", kBool, false, nil},
		{"timeout", kInt, 10, nil},
		{"from_address", kText, "system@authentik.local", nil},
		{"token_expiry", kText, "minutes=30", nil},
		{"subject", kText, "authentik", nil},
		{"template", kText, "email/password_reset.html", nil},
		{"activate_user_on_success", kBool, false, nil},
		{"recovery_max_attempts", kInt, 5, nil},
		{"recovery_cache_timeout", kText, "minutes=5", nil},
	},
	"authentik_stages_invitation.invitationstage": {
		{"continue_flow_without_invitation", kBool, false, nil},
	},
	"authentik_stages_deny.denystage": {
		{"deny_message", kText, "", nil},
	},
	"authentik_stages_dummy.dummystage": {
		{"throw_error", kBool, false, nil},
	},
	"authentik_stages_redirect.redirectstage": {
		{"keep_context", kBool, true, nil},
		{"mode", kChoice, "static", []string{"static", "flow"}},
		{"target_static", kText, "", nil},
		{"target_flow", kFlowRef, nil, nil},
	},
	"authentik_stages_captcha.captchastage": {
		{"public_key", kText, "", nil},
		{"js_url", kText, "https://www.recaptcha.net/recaptcha/api.js", nil},
		{"api_url", kText, "https://www.recaptcha.net/recaptcha/api/siteverify", nil},
		{"interactive", kBool, false, nil},
		{"score_min_threshold", kFloat, 0.5, nil},
		{"score_max_threshold", kFloat, 1.0, nil},
		{"error_on_invalid_score", kBool, true, nil},
	},
	"authentik_stages_authenticator_static.authenticatorstaticstage": {
		{"configure_flow", kFlowRef, nil, nil},
		{"friendly_name", kText, "", nil},
		{"token_count", kInt, 6, nil},
		{"token_length", kInt, 12, nil},
	},
	"authentik_stages_authenticator_totp.authenticatortotpstage": {
		{"configure_flow", kFlowRef, nil, nil},
		{"friendly_name", kText, "", nil},
		{"digits", kChoice, "6", []string{"6", "8"}},
	},
	"authentik_stages_authenticator_webauthn.authenticatorwebauthnstage": {
		{"configure_flow", kFlowRef, nil, nil},
		{"friendly_name", kText, "", nil},
		{"user_verification", kChoice, "preferred", verification},
		{"authenticator_attachment", kNullChoice, nil, []string{"platform", "cross-platform"}},
		{"resident_key_requirement", kChoice, "preferred", verification},
		{"hints", kChoices, []any{}, hintChoices},
		{"device_type_restrictions", kUUIDs, []any{}, nil},
		{"prevent_duplicate_devices", kBool, false, nil},
		{"max_attempts", kInt, 0, nil},
	},
}

// typedEndpoints maps each typed endpoint (below /api/v3/) to its model.
var typedEndpoints = map[string]string{
	"stages/identification":         "authentik_stages_identification.identificationstage",
	"stages/password":               "authentik_stages_password.passwordstage",
	"stages/authenticator/validate": "authentik_stages_authenticator_validate.authenticatorvalidatestage",
	"stages/user_login":             "authentik_stages_user_login.userloginstage",
	"stages/user_logout":            "authentik_stages_user_logout.userlogoutstage",
	"stages/user_write":             "authentik_stages_user_write.userwritestage",
	"stages/user_delete":            "authentik_stages_user_delete.userdeletestage",
	"stages/prompt/stages":          "authentik_stages_prompt.promptstage",
	"stages/consent":                "authentik_stages_consent.consentstage",
	"stages/email":                  "authentik_stages_email.emailstage",
	"stages/invitation/stages":      "authentik_stages_invitation.invitationstage",
	"stages/deny":                   "authentik_stages_deny.denystage",
	"stages/dummy":                  "authentik_stages_dummy.dummystage",
	"stages/redirect":               "authentik_stages_redirect.redirectstage",
	"stages/captcha":                "authentik_stages_captcha.captchastage",
	"stages/authenticator/static":   "authentik_stages_authenticator_static.authenticatorstaticstage",
	"stages/authenticator/totp":     "authentik_stages_authenticator_totp.authenticatortotpstage",
	"stages/authenticator/webauthn": "authentik_stages_authenticator_webauthn.authenticatorwebauthnstage",
}

// promptRec is a prompt (authentik_stages_prompt.prompt).
type promptRec struct {
	PK                     string `json:"pk"`
	Name                   string `json:"name"`
	FieldKey               string `json:"field_key"`
	Label                  string `json:"label"`
	Type                   string `json:"type"`
	Required               bool   `json:"required"`
	Placeholder            string `json:"placeholder"`
	InitialValue           string `json:"initial_value"`
	Order                  int    `json:"order"`
	SubText                string `json:"sub_text"`
	PlaceholderExpression  bool   `json:"placeholder_expression"`
	InitialValueExpression bool   `json:"initial_value_expression"`
}

// stageSettingsFixture is testdata/stage_settings.json: the settings the
// default install's blueprints (and the example flows') set, by stage name,
// references by flow slug, stage name, prompt name or policy name; the
// prompts; and the policies that are only used as prompt validation
// policies.
type stageSettingsFixture struct {
	Stages   map[string]map[string]any `json:"stages"`
	Prompts  []*promptRec              `json:"prompts"`
	Policies []*policyRec              `json:"validation_policies"`
}

// SeedValidationPolicies is the number of seeded policies used only as a
// prompt stage's validation policy (default-user-settings-authorization).
const SeedValidationPolicies = 1

// SeedPrompts is the number of seeded prompts.
const SeedPrompts = 18

// seedTypedStages loads the typed settings of the seeded stages. It runs
// after the stages and policies are seeded.
func (f *Fake) seedTypedStages() {
	var fx stageSettingsFixture
	mustLoad("stage_settings.json", &fx)
	for _, p := range fx.Policies {
		f.policies = append(f.policies, p)
		f.policyByPK[p.PK] = p
	}
	f.promptByPK = map[string]*promptRec{}
	for _, p := range fx.Prompts {
		f.prompts = append(f.prompts, p)
		f.promptByPK[p.PK] = p
	}
	byName := map[string]*stageRec{}
	for _, st := range f.stages {
		byName[st.Name] = st
	}
	for name, attrs := range fx.Stages {
		st := byName[name]
		if st == nil {
			panic("upstreamtest: stage_settings.json names unknown stage " + name)
		}
		defs := typedFields[st.Model]
		st.Settings = map[string]any{}
		for k, v := range attrs {
			def, ok := findDef(defs, k)
			if !ok || k == "configure_flow" {
				panic("upstreamtest: stage_settings.json: stage " + name + " has no setting " + k)
			}
			st.Settings[k] = f.resolveFixtureRef(def, v, name)
		}
	}
}

func findDef(defs []settingDef, key string) (settingDef, bool) {
	for _, d := range defs {
		if d.key == key {
			return d, true
		}
	}
	return settingDef{}, false
}

// resolveFixtureRef turns a fixture's names into uuids.
func (f *Fake) resolveFixtureRef(def settingDef, v any, stage string) any {
	one := func(name string) string {
		switch def.kind {
		case kFlowRef:
			if fl := f.flowBySlugLocked(name); fl != nil {
				return fl.PK
			}
		case kStageRef, kStageRefs:
			for _, st := range f.stages {
				if st.Name == name {
					return st.PK
				}
			}
		case kPrompts:
			for _, p := range f.prompts {
				if p.Name == name {
					return p.PK
				}
			}
		case kPolicies:
			for _, p := range f.policies {
				if p.Name == name {
					return p.PK
				}
			}
		default:
			return name
		}
		panic("upstreamtest: stage_settings.json: stage " + stage + " references unknown " + name)
	}
	switch def.kind {
	case kFlowRef, kStageRef:
		if v == nil {
			return nil
		}
		return one(v.(string))
	case kStageRefs, kPrompts, kPolicies:
		out := []any{}
		for _, x := range v.([]any) {
			out = append(out, one(x.(string)))
		}
		return out
	}
	return v
}

// settingValue is a stage's current value of one setting.
func (f *Fake) settingValue(st *stageRec, d settingDef) any {
	if d.key == "configure_flow" {
		if st.ConfigureFlow == "" {
			return nil
		}
		return st.ConfigureFlow
	}
	if v, ok := st.Settings[d.key]; ok {
		return v
	}
	return d.def
}

// typedStageJSON renders a stage as its type's serializer does: the common
// fields, then the type's settings. Numbers decoded from JSON fixtures are
// written back as they came.
func (f *Fake) typedStageJSON(st *stageRec, ix *index) object {
	o := f.stageJSON(st, ix)
	for _, d := range typedFields[st.Model] {
		v := f.settingValue(st, d)
		if d.key == "digits" {
			if s, ok := v.(string); ok {
				n, _ := strconv.Atoi(s)
				v = n // the serializer writes the IntegerField's number
			}
		}
		o = append(o, kv{d.key, v})
	}
	return o
}

func (f *Fake) typedStageVisible(p *principal, st *stageRec) bool {
	return p.has(permViewTypedStages) || p.objView["stage"][st.PK]
}

// typedStageQuery lists the stages of one model the caller may see, after
// search (name) and the name filter; 403 when the caller sees none of them
// and has no global permission (authentik's ObjectFilter).
func (f *Fake) typedStageQuery(c *call, model string) ([]*stageRec, *response) {
	var objs []*stageRec
	for _, st := range f.stages {
		if st.Model == model {
			objs = append(objs, st)
		}
	}
	objs = searchFilter(objs, searchTerms(c.q), func(st *stageRec) []string { return []string{st.Name} })
	out := objs[:0:0]
	for _, st := range objs {
		if f.typedStageVisible(c.p, st) {
			out = append(out, st)
		}
	}
	if len(out) == 0 && !c.p.has(permViewTypedStages) {
		return nil, detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	if name, ok := filterChar(c.q, "name"); ok {
		kept := out[:0:0]
		for _, st := range out {
			if st.Name == name {
				kept = append(kept, st)
			}
		}
		out = kept
	}
	return out, nil
}

// typedStageResource is the collection of one stage model's typed
// endpoint (no default ordering, as /stages/all/).
func typedStageResource(model string) resource[*stageRec] {
	return resource[*stageRec]{
		query: func(f *Fake, c *call) ([]*stageRec, *response) {
			objs, resp := f.typedStageQuery(c, model)
			return unstableOrder(objs, stagePK), resp
		},
		ordering: func(*Fake) map[string]*orderField[*stageRec] {
			return map[string]*orderField[*stageRec]{
				"pk":   {one: func(st *stageRec) sortVal { return sv(st.PK) }},
				"name": {one: func(st *stageRec) sortVal { return sv(st.Name) }},
			}
		},
		render: (*Fake).typedStageJSON,
	}
}

func (f *Fake) typedStageDetail(c *call, model string) *response {
	objs, resp := f.typedStageQuery(c, model)
	if resp != nil {
		return resp
	}
	u, ok := parseUUID(c.lookup)
	if !ok {
		return detailResponse(http.StatusNotFound, msgNotFound)
	}
	var st *stageRec
	for _, x := range objs {
		if x.PK == u {
			st = x
		}
	}
	if st == nil {
		return notFoundFor(typeVerboseName(f, model))
	}
	switch c.method {
	case "GET":
		return jsonResponse(http.StatusOK, f.typedStageJSON(st, f.buildIndex()))
	case "DELETE":
		if !c.p.has("delete_" + changeStagePerm(model)[len("change_"):]) {
			return detailResponse(http.StatusForbidden, msgPermissionDenied)
		}
		f.deleteStageLocked(st)
		return noContent()
	}
	if !c.p.has(changeStagePerm(model)) {
		return detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	data, resp := parseBody(c.r, c.body)
	if resp != nil {
		return resp
	}
	upd, resp := f.validateTypedStage(st, data, c.method == "PATCH")
	if resp != nil {
		return resp
	}
	if name, ok := upd["name"]; ok {
		st.Name = name.(string)
		delete(upd, "name")
	}
	if v, ok := upd["configure_flow"]; ok {
		st.ConfigureFlow, _ = v.(string)
		delete(upd, "configure_flow")
	}
	if st.Settings == nil {
		st.Settings = map[string]any{}
	}
	for k, v := range upd {
		st.Settings[k] = v
	}
	for _, b := range f.bindings {
		if b.Stage == st.PK {
			f.invalidateFlowCache(b.Target)
		}
	}
	return jsonResponse(http.StatusOK, f.typedStageJSON(st, f.buildIndex()))
}

func typeVerboseName(f *Fake, model string) string {
	if t := f.typeByModel[model]; t != nil {
		return strings.ReplaceAll(t.VerboseName, " ", "")
	}
	return "Stage"
}

// validateTypedStage mirrors the type's serializer on a write: field
// validation, the unique name, then the serializer's validate(). It
// returns the changed values (uuids canonical, lists as []any).
func (f *Fake) validateTypedStage(st *stageRec, data map[string]any, partial bool) (map[string]any, *response) {
	var errs fieldErrors
	out := map[string]any{}
	if v, ok := data["name"]; ok {
		if s, msg, ok := charField(v, false, 0); ok {
			for _, other := range f.stages {
				if other != st && other.Name == s {
					errs.add("name", "stage with this name already exists.")
				}
			}
			out["name"] = s
		} else {
			errs.add("name", msg)
		}
	} else if !partial {
		errs.add("name", msgRequired)
	}
	exists := map[settingKind]func(string) bool{
		kFlowRef:   func(u string) bool { return f.flowByPK[u] != nil },
		kStageRef:  func(u string) bool { return f.stageByPK[u] != nil },
		kStageRefs: func(u string) bool { return f.stageByPK[u] != nil },
		kPrompts:   func(u string) bool { return f.promptByPK[u] != nil },
		kPolicies:  func(u string) bool { return f.policyByPK[u] != nil },
		kUUIDs:     func(string) bool { return true },
		kNullUUID:  func(string) bool { return true },
	}
	for _, d := range typedFields[st.Model] {
		v, ok := data[d.key]
		if !ok {
			continue
		}
		switch d.kind {
		case kBool:
			if b, msg, ok := boolField(v); ok {
				out[d.key] = b
			} else {
				errs.add(d.key, msg)
			}
		case kInt:
			if n, msg, ok := intField(v, -2147483648, 2147483647); ok {
				out[d.key] = n
			} else {
				errs.add(d.key, msg)
			}
		case kText:
			if s, msg, ok := charField(v, true, 0); ok {
				out[d.key] = s
			} else {
				errs.add(d.key, msg)
			}
		case kChoice:
			if s, msg, ok := choiceField(v, d.choices); ok {
				out[d.key] = s
			} else {
				errs.add(d.key, msg)
			}
		case kNullChoice:
			if v == nil {
				out[d.key] = nil
			} else if s, msg, ok := choiceField(v, d.choices); ok {
				out[d.key] = s
			} else {
				errs.add(d.key, msg)
			}
		case kFloat:
			if n, ok := v.(json.Number); ok {
				x, _ := n.Float64()
				out[d.key] = x
			} else {
				errs.add(d.key, "A valid number is required.")
			}
		case kFlowRef, kStageRef, kNullUUID:
			if v == nil {
				out[d.key] = nil
			} else if u, msg, ok := pkField(v, exists[d.kind]); ok {
				out[d.key] = u
			} else {
				errs.add(d.key, msg)
			}
		case kChoices, kStageRefs, kPrompts, kPolicies, kUUIDs:
			list, ok := v.([]any)
			if !ok {
				errs.add(d.key, `Expected a list of items but got type "`+pyTypeName(v)+`".`)
				continue
			}
			vals := []any{}
			bad := false
			for _, x := range list {
				if d.kind == kChoices {
					s, msg, ok := choiceField(x, d.choices)
					if !ok {
						errs.add(d.key, msg)
						bad = true
						break
					}
					vals = append(vals, s)
					continue
				}
				u, msg, ok := pkField(x, exists[d.kind])
				if !ok {
					errs.add(d.key, msg)
					bad = true
					break
				}
				vals = append(vals, u)
			}
			if !bad {
				out[d.key] = vals
			}
		}
	}
	if !errs.empty() {
		return nil, errs.response()
	}
	// IdentificationStageSerializer.validate reads the request's values
	// only: a PATCH without user_fields and sources is refused.
	if st.Model == "authentik_stages_identification.identificationstage" {
		uf, _ := out["user_fields"].([]any)
		src, _ := out["sources"].([]any)
		if len(uf) == 0 && len(src) == 0 {
			errs.add("non_field_errors", "When no user fields are selected, at least one source must be selected")
			return nil, errs.response()
		}
	}
	return out, nil
}

// --- prompts -----------------------------------------------------------------

// promptJSON renders a prompt as PromptSerializer does, with its
// prompt_stages_obj.
func promptJSON(p *promptRec, stages []object) object {
	return object{
		{"pk", p.PK},
		{"name", p.Name},
		{"field_key", p.FieldKey},
		{"label", p.Label},
		{"type", p.Type},
		{"required", p.Required},
		{"placeholder", p.Placeholder},
		{"initial_value", p.InitialValue},
		{"order", p.Order},
		{"prompt_stages_obj", stages},
		{"sub_text", p.SubText},
		{"placeholder_expression", p.PlaceholderExpression},
		{"initial_value_expression", p.InitialValueExpression},
	}
}

// promptStagesObj is a prompt's prompt_stages_obj: the prompt stages that
// show it, in full.
func (f *Fake) promptStagesObj(p *promptRec, ix *index) []object {
	out := []object{}
	for _, st := range f.stages {
		if st.Model != "authentik_stages_prompt.promptstage" {
			continue
		}
		fields, _ := f.settingValue(st, settingDef{key: "fields", def: []any{}}).([]any)
		for _, x := range fields {
			if x == p.PK {
				out = append(out, f.typedStageJSON(st, ix))
				break
			}
		}
	}
	return out
}

func (f *Fake) promptQuery(c *call) ([]*promptRec, *response) {
	if !c.p.has(PermViewPrompt) {
		return nil, detailResponse(http.StatusForbidden, msgPermissionDenied)
	}
	objs := append([]*promptRec(nil), f.prompts...)
	sort.SliceStable(objs, func(i, j int) bool { return objs[i].PK < objs[j].PK })
	objs = searchFilter(objs, searchTerms(c.q), func(p *promptRec) []string {
		return []string{p.Name, p.FieldKey, p.Label, p.Type, p.Placeholder}
	})
	return objs, nil
}

var promptResource = resource[*promptRec]{
	query: (*Fake).promptQuery,
	ordering: func(*Fake) map[string]*orderField[*promptRec] {
		return map[string]*orderField[*promptRec]{
			"pk":        {one: func(p *promptRec) sortVal { return sv(p.PK) }},
			"name":      {one: func(p *promptRec) sortVal { return sv(p.Name) }},
			"field_key": {one: func(p *promptRec) sortVal { return sv(p.FieldKey) }},
			"order":     {one: func(p *promptRec) sortVal { return nv(int64(p.Order)) }},
		}
	},
	render: func(f *Fake, p *promptRec, ix *index) object { return promptJSON(p, f.promptStagesObj(p, ix)) },
}

func (f *Fake) promptDetail(c *call) *response {
	objs, resp := f.promptQuery(c)
	if resp != nil {
		return resp
	}
	u, ok := parseUUID(c.lookup)
	if !ok {
		return detailResponse(http.StatusNotFound, msgNotFound)
	}
	for _, p := range objs {
		if p.PK == u {
			return jsonResponse(http.StatusOK, promptJSON(p, f.promptStagesObj(p, f.buildIndex())))
		}
	}
	return notFoundFor("Prompt")
}

// matchTypedRoute routes the typed stage endpoints and the prompts.
func matchTypedRoute(segs []string) (*route, string) {
	n := len(segs)
	if n >= 3 && segs[0] == "stages" && segs[1] == "prompt" && segs[2] == "prompts" {
		switch {
		case n == 3:
			return &route{"Prompt List", "prompt", false, []string{"GET"}, promptResource.list}, ""
		case n == 4 && lookupOK(segs[3]):
			return &route{"Prompt Instance", "prompt", true, []string{"GET"}, (*Fake).promptDetail}, segs[3]
		}
		return nil, ""
	}
	for words := 3; words >= 2; words-- {
		if n < words {
			continue
		}
		model, ok := typedEndpoints[strings.Join(segs[:words], "/")]
		if !ok {
			continue
		}
		name := strings.TrimSuffix(typeNameOf(model), "stage")
		switch {
		case n == words:
			return &route{name + " List", "stage", false, []string{"GET"}, typedStageResource(model).list}, ""
		case n == words+1 && lookupOK(segs[words]):
			return &route{name + " Instance", "stage", true, []string{"GET", "PATCH", "PUT", "DELETE"}, func(f *Fake, c *call) *response { return f.typedStageDetail(c, model) }}, segs[words]
		}
		return nil, ""
	}
	return nil, ""
}

func typeNameOf(model string) string {
	if i := strings.LastIndexByte(model, '.'); i >= 0 {
		return model[i+1:]
	}
	return model
}

// PromptPK returns the pk of the seeded prompt with the given name.
func (f *Fake) PromptPK(name string) (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.prompts {
		if p.Name == name {
			return p.PK, true
		}
	}
	return "", false
}

// AddStage adds a stage of any model, known to the fake or not (for
// example a newer authentik's type: give its component and verbose name),
// and returns its pk. It is bound to no flow.
func (f *Fake) AddStage(name, model, component, verboseName string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages.drop()
	if f.typeByModel[model] == nil {
		t := &stageType{Model: model, VerboseName: verboseName, VerboseNamePlural: verboseName + "s", Component: component}
		f.types = append(f.types, t)
		f.typeByModel[model] = t
	}
	st := &stageRec{PK: fakeUUID("added-stage:" + name), Name: name, Model: model}
	f.addStage(st)
	return st.PK
}
