package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"flowgate/graph"
)

// Error codes: every code the server can answer is documented.

// TestDocumentedCodes keeps the README's table and the code in step: every
// Code* constant of package graph is documented. (The table may document
// more: gqlgen's codes, such as its GRAPHQL_* and limit codes.)
func TestDocumentedCodes(t *testing.T) {
	documented := documentedCodes(t)
	consts := map[string]bool{}
	files, _ := filepath.Glob("graph/*.go")
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "Code") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						consts[v] = true
					}
				}
			}
		}
	}
	if len(consts) == 0 {
		t.Fatal("found no Code* constants in graph/")
	}
	for c := range consts {
		if !documented[c] {
			t.Errorf("graph defines %s but README.md's Errors table does not document it", c)
		}
	}
	for c := range dataCodes {
		if !documented[c] {
			t.Errorf("dataCodes lists %s, which is not documented", c)
		}
	}
	// The README's status column is graph's table.
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(b), "\n## Errors\n")
	section, _, _ = strings.Cut(section, "\n## ")
	code := regexp.MustCompile("`([A-Z][A-Z0-9_]+)`")
	seen := map[string]bool{}
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 4 {
			continue
		}
		status, err := strconv.Atoi(strings.TrimSpace(cells[2]))
		if err != nil {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(cells[1], -1) {
			seen[m[1]] = true
			if want := graph.HTTPStatus(m[1]); want != status {
				t.Errorf("README.md gives %s HTTP %d; graph's table says %d", m[1], status, want)
			}
		}
	}
	for _, c := range graph.Codes() {
		if !seen[c] {
			t.Errorf("README.md's Errors table has no HTTP status for %s", c)
		}
	}
}

// TestBadUserInput_OneShape: the golden answers of a query's bad argument
// and of a mutation's bad input have the same shape: message (the first
// problem), path, locations, and extensions with exactly code, fields
// (argument path -> messages) and nonFieldErrors; the message is the first
// problem listed in fields.
func TestBadUserInput_OneShape(t *testing.T) {
	shape := func(name string) (keys, ext []string, message string, fields map[string][]string) {
		b, err := os.ReadFile("testdata/golden/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var resp struct {
			Errors []map[string]json.RawMessage `json:"errors"`
		}
		if err := json.Unmarshal(b, &resp); err != nil || len(resp.Errors) != 1 {
			t.Fatalf("%s: %v %s", name, err, b)
		}
		for k := range resp.Errors[0] {
			keys = append(keys, k)
		}
		var e struct {
			Code           string              `json:"code"`
			Fields         map[string][]string `json:"fields"`
			NonFieldErrors []string            `json:"nonFieldErrors"`
		}
		var raw map[string]json.RawMessage
		_ = json.Unmarshal(resp.Errors[0]["extensions"], &raw)
		for k := range raw {
			ext = append(ext, k)
		}
		_ = json.Unmarshal(resp.Errors[0]["extensions"], &e)
		_ = json.Unmarshal(resp.Errors[0]["message"], &message)
		if e.Code != "BAD_USER_INPUT" || e.NonFieldErrors == nil || len(e.Fields) == 0 {
			t.Errorf("%s: extensions %s", name, resp.Errors[0]["extensions"])
		}
		slices.Sort(keys)
		slices.Sort(ext)
		return keys, ext, message, e.Fields
	}
	qKeys, qExt, qMsg, qFields := shape("flows-first-too-large")
	mKeys, mExt, mMsg, mFields := shape("mutation-create-flow-precheck")
	if !slices.Equal(qKeys, mKeys) || !slices.Equal(qExt, mExt) {
		t.Errorf("shapes differ: query %v %v, mutation %v %v", qKeys, qExt, mKeys, mExt)
	}
	if want := []string{"code", "fields", "nonFieldErrors"}; !slices.Equal(qExt, want) {
		t.Errorf("extensions = %v, want %v", qExt, want)
	}
	if qMsg != "first must be between 0 and 100" || !slices.Contains(qFields["first"], qMsg) {
		t.Errorf("query: message %q, fields %v", qMsg, qFields)
	}
	if mMsg != "input.name: This field may not be blank." || !slices.Contains(mFields["input.name"], "This field may not be blank.") {
		t.Errorf("mutation: message %q, fields %v", mMsg, mFields)
	}
}
