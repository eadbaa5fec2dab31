package upstreamtest_test

import (
	"encoding/json"
	"testing"

	"flowgate/upstream/upstreamtest"
)

func TestTypedStages_Settings(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	pk := mustPK(t)
	ident := pk(s.StagePK("default-authentication-identification"))
	r := get(t, s, api+"/stages/identification/"+ident+"/")
	m := r.json(t)
	if m["component"] != "ak-stage-identification-form" || m["name"] != "default-authentication-identification" {
		t.Fatalf("common fields: %s", r.body)
	}
	if got := string(mustJSON(t, m["user_fields"])); got != `["email","username"]` {
		t.Errorf("user_fields = %s", got)
	}
	if m["enrollment_flow"] != nil || m["case_insensitive_matching"] != true || m["pretend_user_exists"] != true {
		t.Errorf("defaults: %s", r.body)
	}

	p := listPage(t, get(t, s, api+"/stages/password/?page_size=100"))
	if len(p.Results) != 1 || p.Pagination.Count != 1 {
		t.Fatalf("password stages: %d", len(p.Results))
	}
	change := pk(s.FlowBySlug("default-password-change"))
	if p.Results[0]["configure_flow"] != change || p.Results[0]["failed_attempts_before_cancel"] != float64(5) {
		t.Errorf("password stage: %v", p.Results[0])
	}

	// Each type's listing serves only its own stages: every seeded stage
	// appears in exactly one typed listing (user logout and delete too).
	seen := 0
	for _, ep := range []string{"identification", "password", "authenticator/validate", "user_login", "user_logout",
		"user_write", "user_delete", "prompt/stages", "consent", "email", "authenticator/static",
		"authenticator/totp", "authenticator/webauthn"} {
		seen += listPage(t, get(t, s, api+"/stages/"+ep+"/?page_size=100")).Pagination.Count
	}
	if seen != upstreamtest.SeedStages {
		t.Errorf("typed listings hold %d stages, want %d", seen, upstreamtest.SeedStages)
	}

	totp := pk(s.StagePK("default-authenticator-totp-setup"))
	m = get(t, s, api+"/stages/authenticator/totp/"+totp+"/").json(t)
	if m["digits"] != float64(6) || m["friendly_name"] != "TOTP Device" {
		t.Errorf("totp: %v", m)
	}
	// A pk of another type is not found on this type's endpoint.
	expect(t, get(t, s, api+"/stages/password/"+ident+"/"), 404, `{"detail":"No PasswordStage matches the given query."}`)
}

func TestTypedStages_Prompts(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	p := listPage(t, get(t, s, api+"/stages/prompt/prompts/?page_size=100"))
	if p.Pagination.Count != upstreamtest.SeedPrompts {
		t.Fatalf("prompts = %d, want %d", p.Pagination.Count, upstreamtest.SeedPrompts)
	}
	st := mustPK(t)(s.StagePK("default-user-settings"))
	m := get(t, s, api+"/stages/prompt/stages/"+st+"/").json(t)
	fields, _ := m["fields"].([]any)
	pols, _ := m["validation_policies"].([]any)
	if len(fields) != 4 || len(pols) != 1 {
		t.Fatalf("user settings prompt stage: %v", m)
	}
	pr := get(t, s, api+"/stages/prompt/prompts/"+fields[0].(string)+"/").json(t)
	if pr["field_key"] != "username" || pr["type"] != "username" || pr["order"] != float64(200) {
		t.Errorf("prompt: %v", pr)
	}
	if objs, _ := pr["prompt_stages_obj"].([]any); len(objs) != 1 {
		t.Errorf("prompt_stages_obj: %v", pr["prompt_stages_obj"])
	}
	// view_prompt is needed.
	expect(t, do(t, s, "GET", api+"/stages/prompt/prompts/", upstreamtest.LimitedToken, nil), 403, "")
}

func TestTypedStages_Writes(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	ident := mustPK(t)(s.StagePK("default-authentication-identification"))
	path := api + "/stages/identification/" + ident + "/"
	before := s.Snapshot()
	expect(t, do(t, s, "PATCH", path, upstreamtest.ReadOnlyToken, map[string]any{"user_fields": []string{"email"}}), 403,
		`{"detail":"You do not have permission to perform this action."}`)
	// authentik's quirk: a PATCH with neither user_fields nor sources is refused.
	expect(t, do(t, s, "PATCH", path, upstreamtest.AdminToken, map[string]any{"show_matched_user": false}), 400,
		`{"non_field_errors":["When no user fields are selected, at least one source must be selected"]}`)
	expect(t, do(t, s, "PATCH", path, upstreamtest.AdminToken, map[string]any{"user_fields": []string{"nickname"}, "sources": []string{}}), 400,
		`{"user_fields":["\"nickname\" is not a valid choice."]}`)
	if s.Snapshot() != before {
		t.Fatal("a refused write changed the fake")
	}
	enroll := mustPK(t)(s.FlowBySlug("default-enrollment-flow"))
	r := do(t, s, "PATCH", path, upstreamtest.AdminToken, map[string]any{"user_fields": []string{"username"}, "sources": []string{}, "enrollment_flow": enroll})
	expect(t, r, 200, "")
	m := r.json(t)
	if string(mustJSON(t, m["user_fields"])) != `["username"]` || m["enrollment_flow"] != enroll || m["show_matched_user"] != true {
		t.Errorf("after PATCH: %s", r.body)
	}
	if s.Snapshot() == before {
		t.Error("the write changed nothing")
	}
}

func TestTypedStages_Visibility(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	// The limited token sees the stages of its flows only.
	p := listPage(t, do(t, s, "GET", api+"/stages/user_login/?page_size=100", upstreamtest.LimitedToken, nil))
	if len(p.Results) != 1 || p.Results[0]["name"] != "default-authentication-login" {
		t.Errorf("limited user_login stages: %v", p.Results)
	}
	// … and none of the email stages: 403, as authentik's ObjectFilter.
	expect(t, do(t, s, "GET", api+"/stages/email/", upstreamtest.LimitedToken, nil), 403, "")
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
