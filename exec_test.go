package main

import (
	"encoding/json"
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// TestExec_UnplannedFieldsWaitTogether: planned lists are marshalled in
// order on one goroutine (graph/inline.go), but a field the planner does not
// load (usedBy, one upstream request per object) still waits together with
// its siblings: while the first flow's used_by request is held upstream,
// the other flows' are sent.
func TestExec_UnplannedFieldsWaitTogether(t *testing.T) {
	e := newEnv(t, envOptions{})
	const query = `{ flows(first: 3) { nodes { slug usedBy { pk } } } }`
	r := e.post(t, query, nil, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("errors: %s", r.Raw)
	}
	var slugs []string
	for _, n := range strings.Split(string(r.Raw), `"slug":"`)[1:] {
		slugs = append(slugs, n[:strings.IndexByte(n, '"')])
	}
	if len(slugs) != 3 {
		t.Fatalf("slugs %q from %s", slugs, r.Raw)
	}
	path := func(slug string) string { return "/api/v3/flows/instances/" + slug + "/used_by/" }

	hold := make(chan struct{})
	e.fake.Inject(upstreamtest.Fault{PathPrefix: path(slugs[0]), Block: hold})
	e.fake.Reset()
	done := make(chan *gqlResponse, 1)
	go func() { done <- e.post(t, query, nil, nil) }()
	waitFor(t, "every flow's used_by request while the first is held", func() bool {
		return e.fake.CountPath(path(slugs[0])) == 1 && e.fake.CountPath(path(slugs[1])) == 1 && e.fake.CountPath(path(slugs[2])) == 1
	})
	close(hold)
	held := <-done
	if string(held.Raw) != string(r.Raw) {
		t.Errorf("answer with a held request:\n got %s\nwant %s", held.Raw, r.Raw)
	}
	if n := e.fake.RequestCount(); n != 4 {
		t.Errorf("upstream requests = %d, want 4 (the page, 3 used_by)", n)
	}
}

// TestExec_PlannedListsInOrder: a nested planned query answers the same
// data, in order, with exact upstream requests, whether or not it is
// marshalled concurrently (the naive loaders keep gqlgen's goroutines).
func TestExec_PlannedListsInOrder(t *testing.T) {
	const query = `{ stages(first: 5) { nodes { name flows { slug bindings { order stage { name flows { slug } } } } } } }`
	var answers []string
	for _, naive := range []bool{false, true} {
		e := newEnv(t, envOptions{cfg: func(c *config) { c.Naive = naive }})
		r := e.post(t, query, nil, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("naive=%v errors: %s", naive, r.Raw)
		}
		if !naive {
			if n := e.fake.RequestCount(); n != 2 {
				t.Errorf("upstream requests = %d, want 2 (the stages page, the bindings listing)", n)
			}
		}
		data, _ := json.Marshal(r.Data)
		answers = append(answers, string(data))
	}
	if answers[0] != answers[1] {
		t.Errorf("batched and naive answers differ:\n%s\n%s", answers[0], answers[1])
	}
	if !strings.Contains(answers[0], `"bindings":[{"order":`) {
		t.Errorf("no bindings in %s", answers[0])
	}
}

// TestExec_FieldsCachedPerDocument: the object fields collected for a
// document are cached with it (graph/collect.go) and reused by every request
// that sends it, whatever its variables; a document whose @skip/@include
// take a variable is collected per request, so each request gets the fields
// its own variables select. Whole bodies, alternating, on one server.
func TestExec_FieldsCachedPerDocument(t *testing.T) {
	e := newEnv(t, envOptions{})
	const slug = "default-authentication-flow"
	fixed := `query($slug: String!) { flow(slug: $slug) { slug ...F bindings { order ... on FlowStageBinding @skip(if: true) { pk } } } } fragment F on Flow { title }`
	byVar := `query($slug: String!, $more: Boolean!) { flow(slug: $slug) { slug title @include(if: $more) bindings { order stage @include(if: $more) { name } } } }`
	var want [2]string // without, with $more
	for i, more := range []bool{false, true} {
		r := e.post(t, byVar, map[string]any{"slug": slug, "more": more}, nil)
		if len(r.Errors) > 0 {
			t.Fatalf("more=%v: %s", more, r.Raw)
		}
		want[i] = string(r.Raw)
	}
	if !strings.Contains(want[1], `"title":"Welcome to authentik!"`) || strings.Contains(want[0], `"title"`) ||
		!strings.Contains(want[1], `"stage":{"name":"default-authentication-identification"}`) || strings.Contains(want[0], `"stage"`) {
		t.Fatalf("answers do not follow $more:\n false: %s\n true: %s", want[0], want[1])
	}
	var first string
	for i := range 6 {
		more := i%2 == 1
		r := e.post(t, byVar, map[string]any{"slug": slug, "more": more}, nil)
		if got := string(r.Raw); got != want[i%2] {
			t.Errorf("run %d, more=%v:\n got %s\nwant %s", i, more, got, want[i%2])
		}
		r = e.post(t, fixed, map[string]any{"slug": slug}, nil)
		if len(r.Errors) > 0 || !strings.Contains(string(r.Raw), `"title":"Welcome to authentik!"`) || strings.Contains(string(r.Raw), `"pk"`) {
			t.Fatalf("fixed document: %s", r.Raw)
		}
		if first == "" {
			first = string(r.Raw)
		} else if string(r.Raw) != first {
			t.Errorf("fixed document, run %d:\n got %s\nwant %s", i, r.Raw, first)
		}
	}
}
