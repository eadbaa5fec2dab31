package main

import (
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// TestAnswerBudget: an answer that grows past MAX_ANSWER_BYTES while it is
// built stops there: the list that passes the budget and everything still
// to build are null, with one ANSWER_TOO_LARGE error at that list's path;
// the upstream requests are those of the query (the budget is the
// answer's, not authentik's). Under the budget the answer is whole.
func TestAnswerBudget(t *testing.T) {
	const query = `{ flows(first: 4) { nodes { slug stages { name } } } }`
	const whole = `{"data":{"flows":{"nodes":[{"slug":"default-authentication-flow","stages":[{"name":"default-authentication-identification"},{"name":"default-authentication-password"},{"name":"default-authentication-mfa-validation"},{"name":"default-authentication-login"}]},{"slug":"default-authenticator-static-setup","stages":[{"name":"default-authenticator-static-setup"}]},{"slug":"default-authenticator-totp-setup","stages":[{"name":"default-authenticator-totp-setup"}]},{"slug":"default-authenticator-webauthn-setup","stages":[{"name":"default-authenticator-webauthn-setup"}]}]}},"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":6}}}`
	tests := []struct {
		name  string
		limit int64
		want  string
	}{
		{"off", 0, whole},
		{"enough", 600, whole},
		// The 4 flows' list (539 bytes) passes 400: its elements are null.
		{"the outer list passes it", 400, `{"errors":[{"message":"the answer is larger than the limit of 400 bytes (ask for fewer items with first, or nest fewer lists)","path":["flows","nodes"],"extensions":{"actual":539,"code":"ANSWER_TOO_LARGE","limit":400}}],"data":{"flows":{"nodes":[null,null,null,null]}},"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":6}}}`},
		// The first flow's 4 stages (180 bytes) pass 150: that non-null list
		// makes its flow null, and the flows after it are not built.
		{"an inner list passes it", 150, `{"errors":[{"message":"the answer is larger than the limit of 150 bytes (ask for fewer items with first, or nest fewer lists)","path":["flows","nodes",0,"stages"],"extensions":{"actual":180,"code":"ANSWER_TOO_LARGE","limit":150}}],"data":{"flows":{"nodes":[null,null,null,null]}},"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":6}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, envOptions{cfg: func(c *config) { c.MaxAnswerBytes = tt.limit }})
			e.fake.Reset()
			r := e.post(t, query, nil, nil)
			if r.Status != 200 || string(r.Raw) != tt.want {
				t.Errorf("got %d %s\nwant 200 %s", r.Status, r.Raw, tt.want)
			}
			if n := e.fake.RequestCount(); n != 2 {
				t.Errorf("upstream requests = %d, want 2", n)
			}
		})
	}
}

// TestAnswerBudget_GoroutinePath: lists marshalled by gqlgen's goroutines
// (naive mode; a field below that waits upstream on its own) are under the
// same budget: the same refusal as in order, and one error where lists race.
func TestAnswerBudget_GoroutinePath(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.MaxAnswerBytes = 400; c.Naive = true }})
	e.fake.Reset()
	r := e.post(t, `{ flows(first: 4) { nodes { slug stages { name } } } }`, nil, nil)
	const want = `{"errors":[{"message":"the answer is larger than the limit of 400 bytes (ask for fewer items with first, or nest fewer lists)","path":["flows","nodes"],"extensions":{"actual":539,"code":"ANSWER_TOO_LARGE","limit":400}}],"data":{"flows":{"nodes":[null,null,null,null]}},"extensions":{"cost":{"upstreamRequests":5,"estimatedUpstreamRequests":6}}}`
	if r.Status != 200 || string(r.Raw) != want {
		t.Errorf("naive: got %d %s\nwant 200 %s", r.Status, r.Raw, want)
	}

	// usedBy waits upstream per flow: its lists run concurrently, and
	// which one passes the budget first is the scheduler's choice.
	e = newEnv(t, envOptions{cfg: func(c *config) { c.MaxAnswerBytes = 400 }})
	r = e.post(t, `{ flows(first: 4) { nodes { slug stages { name } usedBy { pk } } } }`, nil, nil)
	if r.Status != 200 || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "ANSWER_TOO_LARGE" || !strings.Contains(string(r.Raw), `"limit":400`) {
		t.Errorf("usedBy below: got %d %s; want one ANSWER_TOO_LARGE error", r.Status, r.Raw)
	}
}

// TestAnswerBudget_LargeInstall: on the 2,000-flow install, a query that
// passes every other default limit with 162 upstream requests would answer
// 101 MB (a stage's flows' stages' flows come from flow_set, without a
// request); under the default MAX_ANSWER_BYTES it stops at 16 MiB.
func TestAnswerBudget_LargeInstall(t *testing.T) {
	skipIfShort(t)
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}, cfg: slowMachine})
	r := e.post(t, `{ stages(first: 100) { nodes { flows { stages { flows { slug } } } } } }`, nil, nil)
	if r.Status != 200 || len(r.Errors) != 1 || r.codes()[0] != "ANSWER_TOO_LARGE" || r.Errors[0].Extensions["limit"] != float64(16<<20) {
		t.Fatalf("got %d %.600s", r.Status, r.Raw)
	}
	if len(r.Raw) > 16<<20+64<<10 || !strings.HasPrefix(string(r.Raw), `{"errors":[{"message":"the answer is larger than the limit of 16777216 bytes`) {
		t.Errorf("answer of %d bytes: %.300s", len(r.Raw), r.Raw)
	}
	// A query of the issue stays under it.
	r = e.post(t, `{ flows(first: 50) { nodes { stages { flows { bindings { stage { name } } } } } } }`, nil, nil)
	if r.Status != 200 || len(r.Errors) != 0 {
		t.Errorf("deep query: %d %.300s", r.Status, r.Raw)
	}
}
