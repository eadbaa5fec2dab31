package upstreamtest_test

import (
	"fmt"
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

func flowField(t *testing.T, s *upstreamtest.Server, slug, field string) string {
	t.Helper()
	return strField(get(t, s, api+"/flows/instances/"+slug+"/").json(t), field)
}

func bindingField(t *testing.T, s *upstreamtest.Server, pk, field string) string {
	t.Helper()
	return strField(get(t, s, api+"/flows/bindings/"+pk+"/").json(t), field)
}

func TestPolicyBindingsSeed(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	p := listPage(t, get(t, s, api+"/policies/bindings/?page_size=100"))
	if p.Pagination.Count != 9 || len(p.Results) != 9 {
		t.Fatalf("count %d, %d results; want the 8 of the default install plus the recovery example's", p.Pagination.Count, len(p.Results))
	}
	// Shape: every key of PolicyBinding, in serializer order; the target is
	// the object's own pk; the policy is embedded.
	r := p.Results[0]
	var keys []string
	for k := range r {
		keys = append(keys, k)
	}
	if len(keys) != 13 {
		t.Errorf("keys %v", keys)
	}
	flowPK := flowField(t, s, "default-source-authentication", "pk")
	pbm := flowField(t, s, "default-source-authentication", "policybindingmodel_ptr_id")
	one := listPage(t, get(t, s, api+"/policies/bindings/?target="+pbm))
	if len(one.Results) != 1 || strField(one.Results[0], "target") != flowPK {
		t.Fatalf("target filter: %+v", one.Results)
	}
	pol := one.Results[0]["policy_obj"].(map[string]any)
	if pol["name"] != "default-source-authentication-if-sso" || pol["component"] != "ak-policy-expression-form" ||
		pol["verbose_name"] != "Expression Policy" || pol["bound_to"] != float64(1) || pol["execution_logging"] != false {
		t.Errorf("policy_obj %v", pol)
	}
	if one.Results[0]["group_obj"] != nil || one.Results[0]["user"] != nil || one.Results[0]["timeout"] != float64(30) || one.Results[0]["enabled"] != true {
		t.Errorf("binding %v", one.Results[0])
	}
	// The flow's pk is no PolicyBindingModel pk: the filter refuses it.
	expect(t, get(t, s, api+"/policies/bindings/?target="+flowPK), 400,
		`{"target":["Select a valid choice. That choice is not one of the available choices."]}`)
}

func TestPolicyBindingsTargetIn(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	a := flowField(t, s, "default-source-authentication", "policybindingmodel_ptr_id")
	b := flowField(t, s, "initial-setup", "policybindingmodel_ptr_id")
	pwd := bindingField(t, s, s.BindingPKs("default-authentication-flow")[1], "policybindingmodel_ptr_id")
	p := listPage(t, get(t, s, api+"/policies/bindings/?target_in="+a+"&target_in="+b+"&target_in="+pwd))
	if len(p.Results) != 3 {
		t.Fatalf("target_in: %d results", len(p.Results))
	}
	// One unknown value fails the whole request and is named.
	ghost := "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	expect(t, get(t, s, api+"/policies/bindings/?target_in="+a+"&target_in="+ghost),
		400, `{"target_in":["Select a valid choice. `+ghost+` is not one of the available choices."]}`)
	// authentik compares strings: an upper-case spelling of a real one fails.
	expect(t, get(t, s, api+"/policies/bindings/?target_in="+strings.ToUpper(a)),
		400, `{"target_in":["Select a valid choice. `+strings.ToUpper(a)+` is not one of the available choices."]}`)
	expect(t, get(t, s, api+"/policies/bindings/?target_in=zzz"), 400, `{"target_in":["“zzz” is not a valid UUID."]}`)
	expect(t, get(t, s, api+"/policies/bindings/?target_in="), 400, `{"target_in":["“” is not a valid UUID."]}`)
	// A deleted binding's pbm is unknown from then on.
	if !s.DeleteBinding(s.BindingPKs("default-authentication-flow")[1]) {
		t.Fatal("delete")
	}
	if r := get(t, s, api+"/policies/bindings/?target_in="+pwd); r.status != 400 {
		t.Errorf("deleted target: %d", r.status)
	}
}

func TestPolicyBindingsPageCapAndLargeInstall(t *testing.T) {
	s := upstreamtest.NewServer(upstreamtest.WithLargeInstall())
	defer s.Close()
	p := listPage(t, get(t, s, api+"/policies/bindings/?page_size=1000"))
	// 9 seeded; every third of 2,000 flows has 1; binding order 20 of
	// every fourth flow has 2.
	want := 9 + 2000/3 + 2*(2000/4)
	if p.Pagination.Count != want || len(p.Results) != 100 || p.Pagination.TotalPages != (want+99)/100 {
		t.Errorf("count %d (want %d), page of %d, %d pages", p.Pagination.Count, want, len(p.Results), p.Pagination.TotalPages)
	}
	if n := s.PolicyBindingCount(); n != want {
		t.Errorf("PolicyBindingCount = %d, want %d", n, want)
	}
	pols := listPage(t, get(t, s, api+"/policies/all/?page_size=100"))
	if pols.Pagination.Count != upstreamtest.SeedPolicies+upstreamtest.SeedValidationPolicies+upstreamtest.LargePolicies {
		t.Errorf("policies: %d", pols.Pagination.Count)
	}
}

func TestPolicyBindingsVisibility(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	// The limited token sees the policy bindings of its flows' bindings
	// (default-authentication-flow's password and MFA stages) only.
	p := listPage(t, do(t, s, "GET", api+"/policies/bindings/?page_size=100", upstreamtest.LimitedToken, nil))
	if len(p.Results) != 2 {
		t.Errorf("limited token sees %d policy bindings, want 2", len(p.Results))
	}
	// It may not list policies (no view_policy), but reads them embedded.
	expect(t, do(t, s, "GET", api+"/policies/all/", upstreamtest.LimitedToken, nil), 403, "")
	// A token that sees a flow without any policy binding: 403, not an empty list.
	s.AddToken("invalidation-only", upstreamtest.Permissions{VisibleFlowSlugs: []string{"default-invalidation-flow"}})
	expect(t, do(t, s, "GET", api+"/policies/bindings/", "invalidation-only", nil), 403,
		`{"detail":"You do not have permission to perform this action."}`)
	// The read-only token reads everything and writes nothing.
	listPage(t, do(t, s, "GET", api+"/policies/bindings/", upstreamtest.ReadOnlyToken, nil))
	expect(t, do(t, s, "POST", api+"/policies/bindings/", upstreamtest.ReadOnlyToken, map[string]any{}), 403, "")
}

func TestPolicyBindingsWrites(t *testing.T) {
	s := upstreamtest.NewServer()
	defer s.Close()
	flowPK := flowField(t, s, "default-invalidation-flow", "pk")
	pbm := flowField(t, s, "default-invalidation-flow", "policybindingmodel_ptr_id")
	policy := mustPK(t)(s.PolicyPK("default-oobe-password-usable"))
	group := mustPK(t)(upstreamtest.GroupPK("authentik Admins"))

	// Exactly one of policy, group, user.
	expect(t, do(t, s, "POST", api+"/policies/bindings/", upstreamtest.AdminToken, map[string]any{"target": flowPK, "order": 0}),
		400, `{"non_field_errors":["One of 'policy', 'group', 'user' must be set."]}`)
	expect(t, do(t, s, "POST", api+"/policies/bindings/", upstreamtest.AdminToken, map[string]any{"target": flowPK, "order": 0, "policy": policy, "group": group}),
		400, `{"non_field_errors":["Only one of 'policy', 'group', 'user' can be set."]}`)
	expect(t, do(t, s, "POST", api+"/policies/bindings/", upstreamtest.AdminToken, map[string]any{"policy": policy}),
		400, `{"target":["This field is required."],"order":["This field is required."]}`)

	// Create by the flow's pk or by its pbm; the answer names the flow's pk.
	r := do(t, s, "POST", api+"/policies/bindings/", upstreamtest.AdminToken, map[string]any{"target": pbm, "order": 3, "policy": policy, "negate": true})
	expect(t, r, 201, "")
	created := r.json(t)
	if created["target"] != flowPK || created["negate"] != true || created["timeout"] != float64(30) {
		t.Errorf("created %v", created)
	}
	pk := strField(created, "pk")
	expect(t, do(t, s, "POST", api+"/policies/bindings/", upstreamtest.AdminToken, map[string]any{"target": flowPK, "order": 3, "policy": policy}),
		400, `{"non_field_errors":["The fields policy, target, order must make a unique set."]}`)

	// A PATCH without the target is authentik's server error; with the
	// target but nothing bound, its validate() refuses.
	if r := do(t, s, "PATCH", api+"/policies/bindings/"+pk+"/", upstreamtest.AdminToken, map[string]any{"order": 4}); r.status != 500 {
		t.Errorf("PATCH without target: %d", r.status)
	}
	expect(t, do(t, s, "PATCH", api+"/policies/bindings/"+pk+"/", upstreamtest.AdminToken, map[string]any{"target": flowPK, "order": 4}),
		400, `{"non_field_errors":["One of 'policy', 'group', 'user' must be set."]}`)
	r = do(t, s, "PATCH", api+"/policies/bindings/"+pk+"/", upstreamtest.AdminToken, map[string]any{"target": flowPK, "group": group, "policy": nil, "user": nil})
	expect(t, r, 200, "")
	if m := r.json(t); m["policy"] != nil || m["group"] != group || m["order"] != float64(3) || m["negate"] != true {
		t.Errorf("patched %v", m)
	}
	// The flow's policies list only policy bindings, not group bindings.
	if got := get(t, s, api+"/flows/instances/default-invalidation-flow/").json(t)["policies"]; fmt.Sprint(got) != "[]" {
		t.Errorf("flow policies = %v", got)
	}
	expect(t, do(t, s, "DELETE", api+"/policies/bindings/"+pk+"/", upstreamtest.AdminToken, nil), 204, "")
	expect(t, get(t, s, api+"/policies/bindings/"+pk+"/"), 404, `{"detail":"No PolicyBinding matches the given query."}`)
	if n := s.PolicyBindingCount(); n != 9 {
		t.Errorf("%d policy bindings left", n)
	}
}
