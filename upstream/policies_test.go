package upstream_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"flowgate/upstream"
)

func TestClient_ListPolicyBindings_TargetIn(t *testing.T) {
	var query string
	c, n := setup(t, func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		if len(r.URL.Query()["target_in"]) == 3 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"target_in":["Select a valid choice. c is not one of the available choices."]}`))
			return
		}
		_, _ = w.Write([]byte(`{"pagination":{"next":0,"previous":0,"count":1,"current":1,"total_pages":1,"start_index":1,"end_index":1},
			"results":[{"pk":"p1","policy":"x","group":null,"user":null,"policy_obj":{"pk":"x","name":"n","execution_logging":false,
			"component":"ak-policy-expression-form","verbose_name":"Expression Policy","verbose_name_plural":"Expression Policies",
			"meta_model_name":"authentik_policies_expression.expressionpolicy","bound_to":1},"group_obj":null,"user_obj":null,
			"target":"t1","negate":false,"enabled":true,"order":0,"timeout":30,"failure_result":false}],"autocomplete":{}}`))
	}, upstream.Options{Token: secret})
	p, err := c.ListPolicyBindings(t.Context(), upstream.ListPolicyBindingsOptions{TargetIn: []string{"a", "b"}, ListOptions: upstream.ListOptions{Ordering: "order,pk"}})
	if err != nil {
		t.Fatal(err)
	}
	if query != "ordering=order%2Cpk&page=1&page_size=100&target_in=a&target_in=b" {
		t.Errorf("query = %s", query)
	}
	if len(p.Results) != 1 || p.Results[0].PolicyObj == nil || p.Results[0].PolicyObj.BoundTo != 1 || p.Results[0].Target != "t1" || p.Results[0].Timeout != 30 {
		t.Errorf("decoded %+v", p.Results)
	}
	_, err = c.ListPolicyBindings(t.Context(), upstream.ListPolicyBindingsOptions{TargetIn: []string{"a", "b", "c"}})
	var ue *upstream.Error
	if !errors.As(err, &ue) || !errors.Is(err, upstream.ErrBadRequest) || !strings.Contains(ue.Fields["target_in"][0], " c is not one") {
		t.Errorf("400: %v", err)
	}
	if n.Load() != 2 {
		t.Errorf("requests = %d (a 400 is not retried)", n.Load())
	}
}

func TestClient_PolicyBindingRequest_Body(t *testing.T) {
	order := 3
	b, _ := json.Marshal(upstream.PolicyBindingRequest{
		Target: &[]string{"t"}[0], Policy: upstream.JSONNull, Group: upstream.JSONString("g"), User: upstream.JSONNull, Order: &order,
	})
	if string(b) != `{"target":"t","policy":null,"group":"g","user":null,"order":3}` {
		t.Errorf("body = %s", b)
	}
	b, _ = json.Marshal(upstream.PolicyBindingRequest{User: upstream.JSONInt(7)})
	if string(b) != `{"user":7}` {
		t.Errorf("body = %s", b)
	}
}
