package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// typedPaths counts the requests to each typed stage endpoint (and to the
// prompts), by collection: /api/v3/stages/identification/<pk>/ counts for
// stages/identification/.
func typedPaths(f *upstreamtest.Server) map[string]int {
	out := map[string]int{}
	for _, r := range f.Requests() {
		p := strings.TrimPrefix(r.Path, "/api/v3/")
		if !strings.HasPrefix(p, "stages/") || strings.HasPrefix(p, "stages/all/") {
			continue
		}
		segs := strings.Split(strings.TrimSuffix(p, "/"), "/")
		n := 2
		if segs[1] == "authenticator" || segs[1] == "prompt" || segs[1] == "invitation" {
			n = 3
		}
		out[strings.Join(segs[:min(n, len(segs))], "/")+"/"]++
	}
	return out
}

func TestStageTypes(t *testing.T) {
	type vars = map[string]any
	tests := []struct {
		name   string
		setup  func(f *upstreamtest.Server) vars
		header map[string]string
		faults []upstreamtest.Fault
		// wantUpstream is exact; wantTyped the requests per typed endpoint.
		wantUpstream int
		wantTyped    map[string]int
	}{
		// The query (at most 5): the flow, its bindings, and one
		// request for each of the three types it asks settings of.
		{name: "stagetypes-auth-flow", wantUpstream: 5, wantTyped: map[string]int{
			"stages/identification/": 1, "stages/authenticator/validate/": 1, "stages/password/": 1,
		}},
		// Every flow (at most 2 + types met): the flows page, every binding
		// in one page, and the same three types (identification is met twice:
		// the recovery flow has one too, both answered by one listing).
		{name: "stagetypes-all-flows", wantUpstream: 2 + 3, wantTyped: map[string]int{
			"stages/identification/": 1, "stages/authenticator/validate/": 1, "stages/password/": 1,
		}},
		// Every type's settings: 2 + the 11 types with settings the install
		// binds + 1 for prompts. The flows' configure flows come from the
		// flows page already loaded; user logout and delete have no settings.
		{name: "stagetypes-every-type", wantUpstream: 2 + 11 + 1, wantTyped: map[string]int{
			"stages/identification/": 1, "stages/password/": 1, "stages/authenticator/validate/": 1,
			"stages/user_login/": 1, "stages/user_write/": 1, "stages/prompt/stages/": 1, "stages/prompt/prompts/": 1,
			"stages/consent/": 1, "stages/email/": 1, "stages/authenticator/static/": 1,
			"stages/authenticator/totp/": 1, "stages/authenticator/webauthn/": 1,
		}},
		// A single stage: /stages/all/{pk}/ and its type's listing.
		{name: "stagetypes-stage-by-pk", setup: func(f *upstreamtest.Server) vars {
			return vars{"pk": stagePK(t, f, "default-authentication-login")}
		}, wantUpstream: 2, wantTyped: map[string]int{"stages/user_login/": 1}},
		// A newer authentik's stage type: GenericStage, its common fields
		// without error, no typed request (the IdentificationStage fragment
		// does not apply).
		{name: "stagetypes-unknown-component", setup: func(f *upstreamtest.Server) vars {
			return vars{"pk": f.AddStage("future-stage", "authentik_stages_future.futurestage", "ak-stage-future-form", "Future Stage")}
		}, wantUpstream: 2, wantTyped: map[string]int{}},
		// An unknown user field fails userFields only.
		{name: "stagetypes-unknown-enum", faults: []upstreamtest.Fault{{PathPrefix: "/api/v3/stages/identification/", Replace: func(b []byte) []byte {
			return []byte(strings.ReplaceAll(string(b), `"user_fields":["email","username"]`, `"user_fields":["email","nickname"]`))
		}}}, wantUpstream: 3, wantTyped: map[string]int{"stages/identification/": 1}},
		// The limited token: its three flows' stages (three types asked);
		// prompts are refused (no view_prompt), the prompt stage's other
		// settings are served.
		{name: "stagetypes-limited-token", header: bearer(upstreamtest.LimitedToken), wantUpstream: 2 + 3 + 1, wantTyped: map[string]int{
			"stages/identification/": 1, "stages/user_login/": 1, "stages/prompt/stages/": 1, "stages/prompt/prompts/": 1,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, envOptions{})
			for _, f := range tt.faults {
				e.fake.Inject(f)
			}
			var v vars
			if tt.setup != nil {
				v = tt.setup(e.fake)
			}
			e.fake.Reset()
			resp := e.post(t, readQuery(t, tt.name), v, tt.header)
			if resp.Status != 200 {
				t.Errorf("status = %d", resp.Status)
			}
			golden(t, tt.name, resp.Raw)
			if got := e.fake.RequestCount(); got != tt.wantUpstream {
				t.Errorf("upstream requests = %d, want %d:\n%s", got, tt.wantUpstream, describe(e.fake))
			}
			if got := typedPaths(e.fake); fmt.Sprint(got) != fmt.Sprint(tt.wantTyped) {
				t.Errorf("typed requests = %v, want %v", got, tt.wantTyped)
			}
			for _, r := range resp.Errors {
				if r.Extensions["code"] == nil {
					t.Errorf("error without a code: %+v", r)
				}
			}
		})
	}
}

// A query that asks only for the common fields (and __typename, which
// needs only the component) costs what it cost before stages had types.
func TestStageTypes_CommonFieldsCostNothingMore(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Reset()
	resp := e.post(t, `{ flows(first: 50) { nodes { slug bindings { order stage { __typename pk name component verboseName verboseNamePlural metaModelName flows { slug } } } } } }`, nil, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %s", resp.Raw)
	}
	if got := e.fake.RequestCount(); got != 2 {
		t.Errorf("upstream requests = %d, want 2:\n%s", got, describe(e.fake))
	}
	// Every stage of the install answers as its type.
	types := map[string]bool{}
	for _, f := range resp.Data["flows"].(map[string]any)["nodes"].([]any) {
		for _, b := range f.(map[string]any)["bindings"].([]any) {
			types[b.(map[string]any)["stage"].(map[string]any)["__typename"].(string)] = true
		}
	}
	got := make([]string, 0, len(types))
	for k := range types {
		got = append(got, k)
	}
	sort.Strings(got)
	want := "[AuthenticatorStaticStage AuthenticatorTotpStage AuthenticatorValidateStage AuthenticatorWebAuthnStage ConsentStage EmailStage IdentificationStage PasswordStage PromptStage UserDeleteStage UserLoginStage UserLogoutStage UserWriteStage]"
	if fmt.Sprint(got) != want {
		t.Errorf("types = %v\nwant    %s", got, want)
	}
}

// On the large install (2,000 flows x 8 bindings over 200 stages of every
// type) the typed settings of 50 flows' stages add exactly one request per
// type met, plus one for prompts, to what the same query costs without
// them; the count is the same on every run.
func TestStageTypes_LargeInstall(t *testing.T) {
	skipIfShort(t)
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	const common = `{ flows(first: 50) { nodes { slug stages { __typename name } } } }`
	typedQ := readQuery(t, "stagetypes-every-type")

	run := func(q string) (*gqlResponse, int, map[string]int) {
		e.fake.Reset()
		resp := e.post(t, q, nil, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %.2000s", resp.Raw)
		}
		return resp, e.fake.RequestCount(), typedPaths(e.fake)
	}
	_, base, baseTyped := run(common)
	if len(baseTyped) != 0 {
		t.Errorf("common fields made typed requests: %v", baseTyped)
	}
	resp, n, typed := run(typedQ)

	// The types met that have settings, from the answer itself.
	met := map[string]bool{}
	prompts := false
	for _, f := range resp.Data["flows"].(map[string]any)["nodes"].([]any) {
		for _, s := range f.(map[string]any)["stages"].([]any) {
			st := s.(map[string]any)
			switch tn := st["__typename"].(string); tn {
			case "GenericStage", "UserLogoutStage", "UserDeleteStage":
			default:
				met[tn] = true
				if fs, ok := st["fields"].([]any); ok && len(fs) > 0 {
					prompts = true
				}
			}
		}
	}
	want := base + len(met)
	if prompts {
		want++
	}
	if n != want {
		t.Errorf("typed query: %d upstream requests, want %d (common %d + %d types + prompts %v):\n%v", n, want, base, len(met), prompts, typed)
	}
	for ep, c := range typed {
		if c != 1 {
			t.Errorf("%s requested %d times, want once", ep, c)
		}
	}
	if len(met) < 11 {
		t.Errorf("only %d types met: %v", len(met), met)
	}
	// Deterministic: the same count on further runs.
	for i := 0; i < 3; i++ {
		if _, again, _ := run(typedQ); again != n {
			t.Errorf("run %d: %d upstream requests, first run %d", i+2, again, n)
		}
	}
	t.Logf("large install, 50 flows: common fields %d requests, every type's settings %d (%d types, prompts %v)", base, n, len(met), prompts)
}

func TestStageTypes_Mutations(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	ident := stagePK(t, f, "default-authentication-identification")
	enroll := flowPK(t, f, "default-enrollment-flow")
	pw := stagePK(t, f, "default-authentication-password")
	mfa := stagePK(t, f, "default-authentication-mfa-validation")
	totp := stagePK(t, f, "default-authenticator-totp-setup")
	prompt := stagePK(t, f, "default-password-change-prompt")
	p1, _ := f.PromptPK("default-password-change-field-password")

	type step struct {
		name  string
		query string
		vars  map[string]any
		// want is the answer's data; wantUpstream the exact requests.
		want         string
		wantUpstream int
	}
	steps := []step{
		// Neither userFields nor sources given: the stage is read first so
		// that authentik gets both (its rule reads the request only).
		{"identification", `mutation ($pk: ID!, $flow: ID!) { updateIdentificationStage(pk: $pk, input: {enrollmentFlowPk: $flow, showMatchedUser: false}) {
			name userFields showMatchedUser enrollmentFlow { slug } recoveryFlow { slug } } }`,
			map[string]any{"pk": ident, "flow": enroll},
			`{"updateIdentificationStage":{"name":"default-authentication-identification","userFields":["EMAIL","USERNAME"],"showMatchedUser":false,"enrollmentFlow":{"slug":"default-enrollment-flow"},"recoveryFlow":null}}`, 3},
		{"identification read back", `query ($pk: ID!) { stage(pk: $pk) { ... on IdentificationStage { showMatchedUser enrollmentFlow { slug } } } }`,
			map[string]any{"pk": ident}, `{"stage":{"showMatchedUser":false,"enrollmentFlow":{"slug":"default-enrollment-flow"}}}`, 3},
		// Both given: no read first. clear unsets the reference.
		{"identification clear", `mutation ($pk: ID!) { updateIdentificationStage(pk: $pk, input: {userFields: [USERNAME], sourcePks: [], clear: [ENROLLMENT_FLOW]}) {
			userFields sourcePks enrollmentFlow { slug } } }`,
			map[string]any{"pk": ident}, `{"updateIdentificationStage":{"userFields":["USERNAME"],"sourcePks":[],"enrollmentFlow":null}}`, 1},
		{"password", `mutation ($pk: ID!) { updatePasswordStage(pk: $pk, input: {backends: [INBUILT, TOKEN], failedAttemptsBeforeCancel: 3, allowShowPassword: true}) {
			backends failedAttemptsBeforeCancel allowShowPassword configureFlow { slug } } }`,
			map[string]any{"pk": pw}, `{"updatePasswordStage":{"backends":["INBUILT","TOKEN"],"failedAttemptsBeforeCancel":3,"allowShowPassword":true,"configureFlow":{"slug":"default-password-change"}}}`, 2},
		// The PATCH, then the prompts listing for the fields.
		{"prompt", `mutation ($pk: ID!, $p: ID!) { updatePromptStage(pk: $pk, input: {fieldPks: [$p]}) { name fields { fieldKey type order stages { name } } validationPolicyPks } }`,
			map[string]any{"pk": prompt, "p": p1}, `{"updatePromptStage":{"name":"default-password-change-prompt","fields":[{"fieldKey":"password","type":"PASSWORD","order":300,"stages":[{"name":"default-password-change-prompt"}]}],"validationPolicyPks":[]}}`, 2},
		// The PATCH, then the configuration stage (stages/all/{pk}/).
		{"authenticator validate", `mutation ($pk: ID!, $totp: ID!) { updateAuthenticatorValidateStage(pk: $pk, input: {notConfiguredAction: CONFIGURE, deviceClasses: [TOTP, WEBAUTHN], configurationStagePks: [$totp], webauthnHints: [SECURITY_KEY]}) {
			notConfiguredAction deviceClasses webauthnHints configurationStages { __typename name ... on AuthenticatorTotpStage { digits } } } }`,
			map[string]any{"pk": mfa, "totp": totp}, `{"updateAuthenticatorValidateStage":{"notConfiguredAction":"CONFIGURE","deviceClasses":["TOTP","WEBAUTHN"],"webauthnHints":["SECURITY_KEY"],"configurationStages":[{"__typename":"AuthenticatorTotpStage","name":"default-authenticator-totp-setup","digits":6}]}}`, 3},
	}
	for _, s := range steps {
		f.Reset()
		resp := e.post(t, s.query, s.vars, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("%s: errors: %s", s.name, resp.Raw)
		}
		var body struct{ Data json.RawMessage }
		_ = json.Unmarshal(resp.Raw, &body)
		if got := string(body.Data); got != s.want {
			t.Errorf("%s:\n got %s\nwant %s", s.name, got, s.want)
		}
		if n := f.RequestCount(); n != s.wantUpstream {
			t.Errorf("%s: %d upstream requests, want %d:\n%s", s.name, n, s.wantUpstream, describe(f))
		}
	}
}

func TestStageTypes_MutationErrors(t *testing.T) {
	e := newEnv(t, envOptions{})
	f := e.fake
	ident := stagePK(t, f, "default-authentication-identification")
	pw := stagePK(t, f, "default-authentication-password")
	before := f.Snapshot()
	for _, tt := range []struct {
		name, query  string
		vars         map[string]any
		header       map[string]string
		want         string
		wantUpstream int
	}{
		// The read-only token: authentik refuses the PATCH.
		{"readonly", `mutation ($pk: ID!) { updatePasswordStage(pk: $pk, input: {allowShowPassword: true}) { name } }`,
			map[string]any{"pk": pw}, bearer(upstreamtest.ReadOnlyToken),
			`[{"message":"upstream denied access","path":["updatePasswordStage"],"extensions":{"code":"FORBIDDEN","upstreamStatus":403}}]`, 1},
		{"readonly identification", `mutation ($pk: ID!) { updateIdentificationStage(pk: $pk, input: {userFields: [EMAIL], sourcePks: []}) { name } }`,
			map[string]any{"pk": ident}, bearer(upstreamtest.ReadOnlyToken),
			`[{"message":"upstream denied access","path":["updateIdentificationStage"],"extensions":{"code":"FORBIDDEN","upstreamStatus":403}}]`, 1},
		// authentik's rule: no user field and no source.
		{"no user field", `mutation ($pk: ID!) { updateIdentificationStage(pk: $pk, input: {userFields: []}) { name } }`,
			map[string]any{"pk": ident}, nil,
			`[{"message":"When no user fields are selected, at least one source must be selected","path":["updateIdentificationStage"],"extensions":{"code":"BAD_USER_INPUT","fields":{},"nonFieldErrors":["When no user fields are selected, at least one source must be selected"],"upstreamStatus":400}}]`, 2},
		// Caught before any request: a bad uuid, a blank name, set and clear.
		{"precheck", `mutation ($pk: ID!) { updateIdentificationStage(pk: $pk, input: {name: " ", enrollmentFlowPk: "nope", recoveryFlowPk: "3fa85f64-5717-4562-b3fc-2c963f66afa6", clear: [RECOVERY_FLOW]}) { name } }`,
			map[string]any{"pk": ident}, nil,
			`[{"message":"input.clear: Give a value or clear it, not both.","path":["updateIdentificationStage"],"extensions":{"code":"BAD_USER_INPUT","fields":{"input.clear":["Give a value or clear it, not both."],"input.enrollmentFlowPk":["“nope” is not a valid UUID."],"input.name":["This field may not be blank."]},"nonFieldErrors":[]}}]`, 0},
		// A pk that would leave the route: refused before any request.
		{"hostile pk", `mutation { updatePromptStage(pk: "../../core/users", input: {name: "x"}) { name } }`,
			nil, nil,
			`[{"message":"pk: “../../core/users” is not a valid UUID.","path":["updatePromptStage"],"extensions":{"code":"BAD_USER_INPUT","fields":{"pk":["“../../core/users” is not a valid UUID."]},"nonFieldErrors":[]}}]`, 0},
		// authentik's field error, under the input's name for the field.
		{"unknown flow", `mutation ($pk: ID!) { updatePasswordStage(pk: $pk, input: {configureFlowPk: "3fa85f64-5717-4562-b3fc-2c963f66afa6"}) { name } }`,
			map[string]any{"pk": pw}, nil,
			`[{"message":"input.configureFlowPk: Invalid pk \"3fa85f64-5717-4562-b3fc-2c963f66afa6\" - object does not exist.","path":["updatePasswordStage"],"extensions":{"code":"BAD_USER_INPUT","fields":{"input.configureFlowPk":["Invalid pk \"3fa85f64-5717-4562-b3fc-2c963f66afa6\" - object does not exist."]},"nonFieldErrors":[],"upstreamStatus":400}}]`, 1},
		// A stage of another type is not found on this type's endpoint.
		{"wrong type", `mutation ($pk: ID!) { updatePasswordStage(pk: $pk, input: {allowShowPassword: true}) { name } }`,
			map[string]any{"pk": ident}, nil,
			`[{"message":"not found","path":["updatePasswordStage"],"extensions":{"code":"NOT_FOUND","upstreamStatus":404}}]`, 1},
	} {
		f.Reset()
		resp := e.post(t, tt.query, tt.vars, tt.header)
		got, _ := json.Marshal(resp.Errors)
		if string(got) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
		if n := f.RequestCount(); n != tt.wantUpstream {
			t.Errorf("%s: %d upstream requests, want %d:\n%s", tt.name, n, tt.wantUpstream, describe(f))
		}
	}
	if f.Snapshot() != before {
		t.Error("a refused mutation changed authentik's data")
	}
}

// With authentik's page cap at 2 every typed listing and the prompts span
// several pages; the answer is the same as with the default cap.
func TestStageTypes_PageCap(t *testing.T) {
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithMaxPageSize(2)}})
	resp := e.post(t, readQuery(t, "stagetypes-every-type"), nil, nil)
	var got, want struct{ Data any }
	_ = json.Unmarshal(resp.Raw, &got)
	b, err := os.ReadFile(filepath.Join("testdata", "golden", "stagetypes-every-type.json"))
	if err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal(b, &want)
	g, _ := json.Marshal(got.Data)
	w, _ := json.Marshal(want.Data)
	if len(resp.Errors) > 0 || string(g) != string(w) {
		t.Errorf("with a page cap of 2 the answer differs:\n%s", lineDiff(string(w), string(g)))
	}
	t.Logf("page cap 2: %d upstream requests; typed: %v", e.fake.RequestCount(), typedPaths(e.fake))
}
