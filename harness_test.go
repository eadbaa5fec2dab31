package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// Shared checks of the soak, isolation, hostile-input and fuzz tests. They
// depend only on what flowgate documents, so they hold whatever limits,
// retries or breakers later change: any documented error code is an
// acceptable answer to a failure.

var (
	codesOnce sync.Once
	codesDoc  map[string]bool
	codesErr  error
)

// documentedCodes returns the error codes listed in README.md's Errors
// table: the codes clients may see.
func documentedCodes(t testing.TB) map[string]bool {
	t.Helper()
	codesOnce.Do(func() { codesDoc, codesErr = readmeCodes("README.md") })
	if codesErr != nil {
		t.Fatal(codesErr)
	}
	return codesDoc
}

func readmeCodes(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	_, section, ok := strings.Cut(string(b), "\n## Errors\n")
	if !ok {
		return nil, fmt.Errorf("%s has no ## Errors section", path)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	codes := map[string]bool{}
	code := regexp.MustCompile("`([A-Z][A-Z0-9_]+)`")
	for _, line := range strings.Split(section, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 3 {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(cells[1], -1) {
			codes[m[1]] = true
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("%s: no codes in the Errors table", path)
	}
	return codes, nil
}

// dataCodes are the documented codes that report a failure while data was
// being fetched (or a bug); every other documented code refuses a request
// before anything runs (bad input, GRAPHQL_*, limits).
var dataCodes = map[string]bool{
	"NOT_FOUND": true, "UNAUTHENTICATED": true, "FORBIDDEN": true, "UPSTREAM_ERROR": true,
	"UPSTREAM_UNAVAILABLE": true, "UPSTREAM_TIMEOUT": true, "INTERNAL": true,
}

// knownCodes are the codes these tests know by name. A documented code
// outside them is a limit (query limits, a circuit breaker...): the
// harness accepts it wherever a request may be refused or fail, so that the
// tests hold with or without such features.
var knownCodes = map[string]bool{"BAD_USER_INPUT": true, "GRAPHQL_PARSE_FAILED": true, "GRAPHQL_VALIDATION_FAILED": true}

func isLimitCode(c string, documented map[string]bool) bool {
	return documented[c] && !dataCodes[c] && !knownCodes[c]
}

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
}

// gqlError is one error of a response.
type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string { c, _ := e.Extensions["code"].(string); return c }

// parsed is a response body checked by wellFormed.
type parsed struct {
	Data   any // nil when absent or null
	Errors []gqlError
}

func (p *parsed) codes() []string {
	var out []string
	for _, e := range p.Errors {
		out = append(out, e.code())
	}
	return out
}

// leakMarkers must never appear in a response: upstream HTML pages and the
// fake's tokens.
var leakMarkers = []string{"<html", "<!doctype", "Server Error (500)", upstreamtest.AdminToken, upstreamtest.ReadOnlyToken, upstreamtest.LimitedToken}

// wellFormed checks a GraphQL response body: one JSON object with only
// data, errors and extensions; at least one of data and errors; every error
// with a message and a documented code; nothing leaked.
func wellFormed(raw []byte, documented map[string]bool) (*parsed, error) {
	var top map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&top); err != nil || top == nil {
		return nil, fmt.Errorf("not a JSON object: %.200q", raw)
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the JSON object: %.200q", raw)
	}
	for k := range top {
		if k != "data" && k != "errors" && k != "extensions" {
			return nil, fmt.Errorf("unexpected top-level key %q", k)
		}
	}
	p := &parsed{}
	if d, ok := top["data"]; ok {
		if err := json.Unmarshal(d, &p.Data); err != nil {
			return nil, err
		}
		if _, isObj := p.Data.(map[string]any); p.Data != nil && !isObj {
			return nil, fmt.Errorf("data is neither an object nor null: %.100s", d)
		}
	}
	if e, ok := top["errors"]; ok {
		if err := json.Unmarshal(e, &p.Errors); err != nil {
			return nil, fmt.Errorf("errors is not a list of errors: %w", err)
		}
		if len(p.Errors) == 0 {
			return nil, fmt.Errorf("errors is present but empty")
		}
	}
	if _, hasData := top["data"]; !hasData && len(p.Errors) == 0 {
		return nil, fmt.Errorf("neither data nor errors")
	}
	for _, e := range p.Errors {
		if strings.TrimSpace(e.Message) == "" {
			return nil, fmt.Errorf("error without a message: %+v", e)
		}
		if c := e.code(); !documented[c] {
			return nil, fmt.Errorf("error code %q is not documented: %+v", c, e)
		}
	}
	lower := strings.ToLower(string(raw))
	for _, m := range leakMarkers {
		if strings.Contains(lower, strings.ToLower(m)) {
			return nil, fmt.Errorf("response leaks %q", m)
		}
	}
	return p, nil
}

// upstreamPath is every path flowgate may request from authentik: the
// three lists and their detail routes, with a slug or uuid that cannot
// leave its route.
var upstreamPath = regexp.MustCompile(`^/api/v3/(flows/instances/([-a-zA-Z0-9_]+/)?|flows/bindings/([0-9a-f-]{36}/)?|stages/all/([0-9a-f-]{36}/)?)$`)

// checkUpstreamRequests reports upstream requests that are not reads of an
// allowed path with a canonical, fully escaped query string.
func checkUpstreamRequests(reqs []upstreamtest.Request) []string {
	var bad []string
	for _, r := range reqs {
		switch {
		case r.Method != http.MethodGet:
			bad = append(bad, "method "+r.Method+" "+r.Path)
		case !upstreamPath.MatchString(r.Path):
			bad = append(bad, "path "+strconv.Quote(r.Path))
		case !canonicalQuery(r.RawQuery):
			bad = append(bad, "query "+strconv.Quote(r.RawQuery))
		}
	}
	return bad
}

// canonicalQuery reports whether raw is exactly what url.Values.Encode
// makes of it: sorted keys, every special byte escaped, nothing dropped.
func canonicalQuery(raw string) bool {
	if raw == "" {
		return true
	}
	for _, pair := range strings.Split(raw, "&") {
		k, v, ok := strings.Cut(pair, "=")
		if !ok || k == "" || !escapedOK(k) || !escapedOK(v) {
			return false
		}
	}
	keys := []string{}
	for _, pair := range strings.Split(raw, "&") {
		k, _, _ := strings.Cut(pair, "=")
		keys = append(keys, k)
	}
	return slices.IsSorted(keys)
}

// escapedOK reports whether s uses only what url.QueryEscape leaves
// unescaped, '+' and well-formed %XX escapes.
func escapedOK(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.', c == '~', c == '+':
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
