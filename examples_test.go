package main

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"flowgate/web"
)

// TestExamples: every document in testdata/queries is offered in GraphiQL,
// in its group, with a variables skeleton, and travels in the page.
func TestExamples(t *testing.T) {
	files, err := os.ReadDir("testdata/queries")
	if err != nil {
		t.Fatal(err)
	}
	ex := examples()
	if len(ex) != len(files) || len(ex) < 40 {
		t.Fatalf("%d examples for %d files", len(ex), len(files))
	}
	byName := map[string]web.Example{}
	groups := map[string]int{}
	for _, e := range ex {
		byName[e.Name] = e
		groups[e.Group]++
	}
	for name, want := range map[string]web.Example{
		"flows-default-install": {Group: "Queries", Variables: ""},
		"flow-by-pk":            {Group: "Queries", Variables: "{\n  \"pk\": \"\"\n}"},
		"mutation-reorder":      {Group: "Mutations", Variables: "{\n  \"pks\": []\n}"},
		"malformed-document":    {Group: "Refused"},
		"unknown-field":         {Group: "Refused"},
	} {
		got, ok := byName[name]
		if !ok || got.Group != want.Group || got.Variables != want.Variables || got.Query != readQuery(t, name) {
			t.Errorf("%s: %+v, want group %q variables %q", name, got, want.Group, want.Variables)
		}
	}
	if groups["Queries"] < 20 || groups["Mutations"] < 10 || groups["Refused"] != 2 {
		t.Errorf("groups: %v", groups)
	}
	// Queries first, then mutations, then the refused documents.
	if ex[0].Group != "Queries" || ex[len(ex)-1].Group != "Refused" {
		t.Errorf("order: first %s, last %s", ex[0].Group, ex[len(ex)-1].Group)
	}

	e := newEnv(t, envOptions{})
	resp, err := http.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`data-examples="([^"]*)"`).FindSubmatch(body)
	if m == nil || !strings.Contains(string(body), `data-trace="true"`) {
		t.Fatalf("the page lacks its examples or trace setting:\n%s", body)
	}
	var inPage []web.Example
	if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &inPage); err != nil {
		t.Fatal(err)
	}
	if len(inPage) != len(ex) || inPage[3] != ex[3] {
		t.Errorf("the page holds %d examples, want %d", len(inPage), len(ex))
	}
}
