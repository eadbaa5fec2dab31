package main

import (
	"fmt"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// Credentials: whose rights a request uses.

// TestCredentials_OnlyAuthorizationIsForwarded sends cookies and other
// headers and checks that authentik sees only the Authorization header.
func TestCredentials_OnlyAuthorizationIsForwarded(t *testing.T) {
	e := newEnv(t, envOptions{})
	e.fake.Reset()
	resp := e.post(t, `{ flows(first: 1) { totalCount } }`, nil, map[string]string{
		"Authorization":    "Bearer " + upstreamtest.ReadOnlyToken,
		"Cookie":           "authentik_session=abc; authentik_csrf=def",
		"X-Authentik-CSRF": "def",
		"X-Api-Key":        "other",
	})
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %s", resp.Raw)
	}
	reqs := e.fake.Requests()
	if len(reqs) != 1 {
		t.Fatalf("upstream requests = %d", len(reqs))
	}
	r := reqs[0]
	if r.Authorization != "Bearer "+upstreamtest.ReadOnlyToken {
		t.Errorf("Authorization = %q", r.Authorization)
	}
	if r.Cookie != "" || r.Header.Get("X-Authentik-Csrf") != "" || r.Header.Get("X-Api-Key") != "" {
		t.Errorf("caller headers leaked upstream: %v", r.Header)
	}
}

// TestCredentials_CallersDoNotShareCaches interleaves two callers with
// different rights in concurrent requests.
func TestCredentials_CallersDoNotShareCaches(t *testing.T) {
	e := newEnv(t, envOptions{})
	q := `{ flows(first: 100) { totalCount nodes { slug bindings { stage { name } } } } }`
	done := make(chan error, 40)
	for i := range 40 {
		go func() {
			token, want := upstreamtest.AdminToken, 17.0
			if i%2 == 1 {
				token, want = upstreamtest.LimitedToken, 3.0
			}
			resp := e.post(t, q, nil, bearer(token))
			got, _ := resp.Data["flows"].(map[string]any)["totalCount"].(float64)
			n := len(resp.Data["flows"].(map[string]any)["nodes"].([]any))
			if got != want || float64(n) != want || len(resp.Errors) > 0 {
				done <- fmt.Errorf("caller %d saw %v flows (%d nodes), want %v: %s", i, got, n, want, resp.Raw)
				return
			}
			done <- nil
		}()
	}
	for range 40 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
