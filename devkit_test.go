package main

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"flowgate/graph"
	"flowgate/web"
)

// TestSchemaFile checks that the committed schema.graphql, the SDL served at
// GET /graphql/schema.graphql and the running schema's introspection
// describe the same schema: the file and the served body byte for byte, and
// the introspection answer (GraphiQL's own query) type by type, field by
// field, with arguments, defaults, descriptions, interfaces and enum values.
func TestSchemaFile(t *testing.T) {
	file, err := os.ReadFile("schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if string(file) != string(graph.SDL()) {
		t.Fatal("schema.graphql differs from graph.SDL(): run `make generate` and commit")
	}

	e := newEnv(t, envOptions{})
	resp, err := http.Get(e.srv.URL + "/graphql/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" || resp.Header.Get("ETag") == "" {
		t.Fatalf("GET /graphql/schema.graphql: %d %q etag %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("ETag"))
	}
	if string(served) != string(file) {
		t.Fatal("the served SDL differs from schema.graphql")
	}
	// Revalidation by ETag.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/graphql/schema.graphql", nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	if r2, err := http.DefaultClient.Do(req); err != nil || r2.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match: %v %v", r2.StatusCode, err)
	}

	parsed, gqlErr := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: string(file)})
	if gqlErr != nil {
		t.Fatalf("schema.graphql does not load: %v", gqlErr)
	}
	before := len(e.fake.Requests())
	r := e.post(t, readFile(t, "graph/guard/testdata/graphiql-introspection.graphql"), nil, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("introspection: %s", r.Raw)
	}
	if n := len(e.fake.Requests()) - before; n != 0 {
		t.Errorf("introspection cost %d upstream requests, want 0", n)
	}
	var intro struct {
		Data struct {
			Schema introSchema `json:"__schema"`
		} `json:"data"`
	}
	if err := json.Unmarshal(r.Raw, &intro); err != nil {
		t.Fatal(err)
	}
	got, want := intro.Data.Schema.lines(), schemaLines(parsed)
	if len(want) < 200 {
		t.Fatalf("only %d lines describe schema.graphql: the comparison would prove little", len(want))
	}
	if d := diffLines(want, got); d != "" {
		t.Errorf("introspection and schema.graphql disagree (- file, + introspection):\n%s", d)
	}
}

// TestSchemaFile_IntrospectionOff: the file reveals what introspection
// does, so it is refused with it.
func TestSchemaFile_IntrospectionOff(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.Introspection = false }})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, e.srv.URL+"/graphql/schema.graphql", nil)
	r := e.send(t, req)
	if r.Status != graph.HTTPStatus(graph.CodeIntrospectionDisabled) || len(r.Errors) != 1 || r.codes()[0] != graph.CodeIntrospectionDisabled {
		t.Fatalf("got %d %s", r.Status, r.Raw)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type introTypeRef struct {
	Kind   string        `json:"kind"`
	Name   *string       `json:"name"`
	OfType *introTypeRef `json:"ofType"`
}

func (r *introTypeRef) String() string {
	switch r.Kind {
	case "NON_NULL":
		return r.OfType.String() + "!"
	case "LIST":
		return "[" + r.OfType.String() + "]"
	}
	return *r.Name
}

type introInput struct {
	Name         string       `json:"name"`
	Description  *string      `json:"description"`
	Type         introTypeRef `json:"type"`
	DefaultValue *string      `json:"defaultValue"`
}

type introSchema struct {
	QueryType    struct{ Name string }  `json:"queryType"`
	MutationType *struct{ Name string } `json:"mutationType"`
	Types        []struct {
		Kind        string  `json:"kind"`
		Name        string  `json:"name"`
		Description *string `json:"description"`
		Fields      []struct {
			Name              string       `json:"name"`
			Description       *string      `json:"description"`
			Args              []introInput `json:"args"`
			Type              introTypeRef `json:"type"`
			IsDeprecated      bool         `json:"isDeprecated"`
			DeprecationReason *string      `json:"deprecationReason"`
		} `json:"fields"`
		InputFields []introInput   `json:"inputFields"`
		Interfaces  []introTypeRef `json:"interfaces"`
		EnumValues  []struct {
			Name         string  `json:"name"`
			Description  *string `json:"description"`
			IsDeprecated bool    `json:"isDeprecated"`
		} `json:"enumValues"`
		PossibleTypes []introTypeRef `json:"possibleTypes"`
	} `json:"types"`
	Directives []struct {
		Name      string       `json:"name"`
		Locations []string     `json:"locations"`
		Args      []introInput `json:"args"`
	} `json:"directives"`
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func inputLine(prefix, name, typ, def, desc string) string {
	if def != "" {
		def = " = " + def
	}
	return fmt.Sprintf("%s.%s: %s%s %q", prefix, name, typ, def, desc)
}

// lines describes the introspected schema one fact per line (sorted).
func (s *introSchema) lines() []string {
	out := []string{"query " + s.QueryType.Name}
	if s.MutationType != nil {
		out = append(out, "mutation "+s.MutationType.Name)
	}
	for _, ty := range s.Types {
		if strings.HasPrefix(ty.Name, "__") {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %q", ty.Kind, ty.Name, deref(ty.Description)))
		for _, f := range ty.Fields {
			out = append(out, fmt.Sprintf("%s.%s: %s %q deprecated=%v %q", ty.Name, f.Name, f.Type.String(), deref(f.Description), f.IsDeprecated, deref(f.DeprecationReason)))
			for _, a := range f.Args {
				out = append(out, inputLine(ty.Name+"."+f.Name, a.Name, a.Type.String(), deref(a.DefaultValue), deref(a.Description)))
			}
		}
		for _, f := range ty.InputFields {
			out = append(out, inputLine(ty.Name, f.Name, f.Type.String(), deref(f.DefaultValue), deref(f.Description)))
		}
		for _, i := range ty.Interfaces {
			out = append(out, ty.Name+" implements "+i.String())
		}
		for _, p := range ty.PossibleTypes {
			out = append(out, ty.Name+" has possible type "+p.String())
		}
		for _, v := range ty.EnumValues {
			out = append(out, fmt.Sprintf("%s.%s %q deprecated=%v", ty.Name, v.Name, deref(v.Description), v.IsDeprecated))
		}
	}
	for _, d := range s.Directives {
		out = append(out, "@"+d.Name+" on "+strings.Join(d.Locations, "|"))
		for _, a := range d.Args {
			out = append(out, inputLine("@"+d.Name, a.Name, a.Type.String(), deref(a.DefaultValue), deref(a.Description)))
		}
	}
	slices.Sort(out)
	return out
}

// schemaLines describes a parsed schema as introSchema.lines does.
func schemaLines(s *ast.Schema) []string {
	out := []string{"query " + s.Query.Name}
	if s.Mutation != nil {
		out = append(out, "mutation "+s.Mutation.Name)
	}
	def := func(v *ast.Value) string {
		if v == nil {
			return ""
		}
		return v.String()
	}
	for name, ty := range s.Types {
		if strings.HasPrefix(name, "__") {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s %q", ty.Kind, name, ty.Description))
		for _, f := range ty.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if ty.Kind == ast.InputObject {
				out = append(out, inputLine(name, f.Name, f.Type.String(), def(f.DefaultValue), f.Description))
				continue
			}
			dep := f.Directives.ForName("deprecated")
			reason := ""
			if dep != nil {
				reason = "No longer supported"
				if a := dep.Arguments.ForName("reason"); a != nil {
					reason = a.Value.Raw
				}
			}
			if dep != nil {
				out = append(out, fmt.Sprintf("%s.%s: %s %q deprecated=%v %q", name, f.Name, f.Type.String(), f.Description, true, reason))
			} else {
				out = append(out, fmt.Sprintf("%s.%s: %s %q deprecated=%v %q", name, f.Name, f.Type.String(), f.Description, false, ""))
			}
			for _, a := range f.Arguments {
				out = append(out, inputLine(name+"."+f.Name, a.Name, a.Type.String(), def(a.DefaultValue), a.Description))
			}
		}
		for _, i := range ty.Interfaces {
			out = append(out, name+" implements "+i)
		}
		if ty.Kind == ast.Interface || ty.Kind == ast.Union {
			for _, p := range s.GetPossibleTypes(ty) {
				out = append(out, name+" has possible type "+p.Name)
			}
		}
		for _, v := range ty.EnumValues {
			out = append(out, fmt.Sprintf("%s.%s %q deprecated=%v", name, v.Name, v.Description, v.Directives.ForName("deprecated") != nil))
		}
	}
	for name, d := range s.Directives {
		locs := make([]string, len(d.Locations))
		for i, l := range d.Locations {
			locs[i] = string(l)
		}
		out = append(out, "@"+name+" on "+strings.Join(locs, "|"))
		for _, a := range d.Arguments {
			out = append(out, inputLine("@"+name, a.Name, a.Type.String(), def(a.DefaultValue), a.Description))
		}
	}
	slices.Sort(out)
	return out
}

// diffLines lists the lines only in want (-) and only in got (+).
func diffLines(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if _, ok := slices.BinarySearch(got, w); !ok {
			b.WriteString("- " + w + "\n")
		}
	}
	for _, g := range got {
		if _, ok := slices.BinarySearch(want, g); !ok {
			b.WriteString("+ " + g + "\n")
		}
	}
	return b.String()
}

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
