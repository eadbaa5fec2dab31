package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// The hostile-input corpus lives in testdata/hostile as data: targets.json
// (every argument that reaches authentik), values.json (what to put there,
// with the expected outcome per kind of argument) and documents.json (whole
// hostile requests). TestHostileInput runs all of it.

type hostileTarget struct {
	Name, Kind, Type, Field string
	Param, Path             string
}

type hostileValue struct {
	Name   string
	Value  json.RawMessage
	Repeat *struct {
		Value string
		Times int
	}
	Expect map[string]string
}

// raw returns the value as JSON, and as a Go string when it is one.
func (v *hostileValue) raw(t *testing.T) (json.RawMessage, string, bool) {
	t.Helper()
	if v.Repeat != nil {
		s := strings.Repeat(v.Repeat.Value, v.Repeat.Times)
		b, _ := json.Marshal(s)
		return b, s, true
	}
	var s string
	if bytes.HasPrefix(v.Value, []byte(`"`)) && json.Unmarshal(v.Value, &s) == nil {
		return v.Value, s, true
	}
	return v.Value, "", false
}

type hostileDoc struct {
	Name        string
	Query       string
	Parts       [][2]any
	Variables   json.RawMessage
	Body        string
	BodyParts   [][2]any
	Latin1      bool
	Method, URL string
	ContentType string
	Want        string
	MaxUpstream *int
	Status      int
	Gap         string
}

// expand builds text from [text, n] parts: text n times, {i} and {i+1}
// replaced by the repetition's index (and the next).
func expand(parts [][2]any) string {
	var b strings.Builder
	for _, p := range parts {
		text, _ := p[0].(string)
		n, _ := p[1].(float64)
		for i := range int(n) {
			s := text
			if strings.Contains(s, "{i") {
				s = strings.ReplaceAll(s, "{i+1}", strconv.Itoa(i+1))
				s = strings.ReplaceAll(s, "{i}", strconv.Itoa(i))
			}
			b.WriteString(s)
		}
	}
	return b.String()
}

// graphqlString renders s as a GraphQL string literal (JSON's escapes are
// GraphQL's).
func graphqlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// outcome checks a response against an expectation (see values.json and
// documents.json) and returns what is wrong. A limit code (isLimitCode) is
// accepted wherever a refusal is expected: a limit may refuse first.
func outcome(want string, p *parsed, reqs []upstreamtest.Request, documented map[string]bool) []string {
	var bad []string
	refusal := func(ok func(code string) bool, what string) {
		if len(p.Errors) == 0 {
			bad = append(bad, "no error, want "+what)
		}
		for _, c := range p.codes() {
			if !ok(c) && !isLimitCode(c, documented) {
				bad = append(bad, "code "+c+", want "+what)
			}
		}
		if len(reqs) > 0 {
			bad = append(bad, fmt.Sprintf("%d upstream requests, want 0: %s %s?%s", len(reqs), reqs[0].Method, reqs[0].Path, reqs[0].RawQuery))
		}
	}
	switch want {
	case "pass":
		if len(p.Errors) > 0 {
			bad = append(bad, fmt.Sprintf("errors %v, want none", p.codes()))
		}
	case "bounded":
		if len(p.Errors) > 0 {
			refusal(func(c string) bool { return !dataCodes[c] }, "no error or a refusal")
		}
	case "upstream":
		if len(reqs) == 0 {
			bad = append(bad, "no upstream request")
		}
	case "refused":
		refusal(func(c string) bool { return !dataCodes[c] }, "a refusal")
	default:
		refusal(func(c string) bool { return c == want }, want)
	}
	return bad
}

// paramsAt returns the query parameters of the requests to path.
func paramsAt(reqs []upstreamtest.Request, path string) []url.Values {
	var out []url.Values
	for _, r := range reqs {
		if r.Path == path {
			q, _ := url.ParseQuery(r.RawQuery)
			out = append(out, q)
		}
	}
	return out
}

func TestHostileInput(t *testing.T) {
	documented := documentedCodes(t)
	var targets struct {
		Comment string `json:"//"`
		Targets []hostileTarget
	}
	var values struct {
		Comment  []string `json:"//"`
		Defaults map[string]string
		Values   []hostileValue
	}
	var docs struct {
		Comment   []string `json:"//"`
		Documents []hostileDoc
	}
	loadJSON(t, "targets.json", &targets)
	loadJSON(t, "values.json", &values)
	loadJSON(t, "documents.json", &docs)

	t.Run("arguments", func(t *testing.T) {
		for _, tg := range targets.Targets {
			t.Run(tg.Name, func(t *testing.T) {
				t.Parallel()
				e := newEnv(t, envOptions{})
				send := func(t *testing.T, query string, vars json.RawMessage) (int, []byte, []upstreamtest.Request) {
					body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
					return e.exchange(t, e.postBody(t, "application/json", body))
				}
				varQuery := "query($v: " + tg.Type + ") { " + tg.Field + " }"
				// What a plain value sends, to compare the hostile ones with.
				var control []url.Values
				if tg.Param != "" {
					_, raw, reqs := send(t, varQuery, json.RawMessage(`{"v":"plain"}`))
					control = paramsAt(reqs, tg.Path)
					if len(control) == 0 || control[0].Get(tg.Param) != "plain" {
						t.Fatalf("a plain value sends no %s parameter to %s: %s %v", tg.Param, tg.Path, raw, reqs)
					}
				}
				ran := 0
				for _, v := range values.Values {
					raw, str, isString := v.raw(t)
					forms := []string{"variable"}
					if isString {
						forms = append(forms, "literal")
					}
					for _, form := range forms {
						want := v.Expect[tg.Name]
						if want == "" && form == "literal" {
							want = v.Expect[tg.Kind+"@literal"]
						}
						if want == "" {
							want = v.Expect[tg.Kind]
						}
						if want == "" && isString {
							want = values.Defaults[tg.Kind]
						}
						if want == "" {
							continue
						}
						ran++
						t.Run(v.Name+"/"+form, func(t *testing.T) {
							var (
								raws []byte
								reqs []upstreamtest.Request
							)
							if form == "variable" {
								_, raws, reqs = send(t, varQuery, json.RawMessage(`{"v":`+string(raw)+`}`))
							} else {
								_, raws, reqs = send(t, "{ "+strings.Replace(tg.Field, "$v", graphqlString(str), 1)+" }", nil)
							}
							p, bad := baseChecks(raws, reqs, documented)
							if p != nil {
								bad = append(bad, outcome(want, p, reqs, documented)...)
							}
							if want == "pass" && len(reqs) == 0 {
								bad = append(bad, "no upstream request")
							}
							if want == "pass" && tg.Param != "" && p != nil {
								bad = append(bad, checkParam(tg, str, control, paramsAt(reqs, tg.Path))...)
							}
							if len(bad) > 0 {
								t.Errorf("want %s:\n  %s\nresponse: %.600s", want, strings.Join(bad, "\n  "), raws)
							}
						})
					}
				}
				if ran < 10 {
					t.Errorf("only %d values apply to %s (kind %s)", ran, tg.Name, tg.Kind)
				}
			})
		}
	})

	t.Run("documents", func(t *testing.T) {
		e := newEnv(t, envOptions{})
		for _, d := range docs.Documents {
			t.Run(d.Name, func(t *testing.T) {
				var req *http.Request
				switch {
				case d.Method == http.MethodGet:
					req, _ = http.NewRequestWithContext(t.Context(), http.MethodGet, e.srv.URL+"/graphql?"+d.URL, nil)
					req.Header.Set("GraphQL-Preflight", "1") // default credentials: not a cross-site request
				case d.Body != "" || d.BodyParts != nil:
					body := d.Body
					if d.BodyParts != nil {
						body = expand(d.BodyParts)
					}
					b := []byte(body)
					if d.Latin1 {
						b = b[:0:0]
						for _, r := range body {
							b = append(b, byte(r))
						}
					}
					ct := d.ContentType
					if ct == "" {
						ct = "application/json"
					}
					req = e.postBody(t, ct, b)
				default:
					q := d.Query
					if d.Parts != nil {
						q = expand(d.Parts)
					}
					body, _ := json.Marshal(map[string]any{"query": q, "variables": d.Variables})
					req = e.postBody(t, "application/json", body)
				}
				status, raw, reqs := e.exchange(t, req)
				p, bad := baseChecks(raw, reqs, documented)
				if len(bad) > 0 {
					t.Fatalf("%s\nresponse: %.600s", strings.Join(bad, "\n"), raw)
				}
				bad = outcome(d.Want, p, reqs, documented)
				if d.MaxUpstream != nil && len(reqs) > *d.MaxUpstream {
					bad = append(bad, fmt.Sprintf("%d upstream requests, want at most %d", len(reqs), *d.MaxUpstream))
				}
				limited := slices.ContainsFunc(p.codes(), func(c string) bool { return isLimitCode(c, documented) })
				if d.Status != 0 && status != d.Status && !limited && (d.Want != "bounded" || len(p.Errors) == 0) {
					bad = append(bad, fmt.Sprintf("status %d, want %d", status, d.Status))
				}
				switch {
				case d.Gap != "" && len(bad) > 0:
					t.Skipf("known gap: %s (%s)", d.Gap, strings.Join(bad, "; "))
				case d.Gap != "":
					t.Errorf("known gap %q no longer applies: remove it from testdata/hostile/documents.json", d.Gap)
				case len(bad) > 0:
					t.Errorf("want %s:\n  %s\nresponse: %.600s", d.Want, strings.Join(bad, "\n  "), raw)
				}
			})
		}
	})
}

// checkParam checks that a passed value reached authentik as exactly one
// parameter holding exactly the value (none for ""), with every other
// parameter as a plain value leaves it.
func checkParam(tg hostileTarget, value string, control, got []url.Values) []string {
	if len(got) == 0 {
		return []string{"no upstream request to " + tg.Path}
	}
	var bad []string
	for _, q := range got {
		if value == "" {
			if _, ok := q[tg.Param]; ok {
				bad = append(bad, fmt.Sprintf("%s=%q sent for an empty value", tg.Param, q[tg.Param]))
			}
		} else if !reflect.DeepEqual(q[tg.Param], []string{value}) {
			bad = append(bad, fmt.Sprintf("%s arrived as %q, want exactly [%q]", tg.Param, q[tg.Param], value))
		}
		rest, want := cloneWithout(q, tg.Param), cloneWithout(control[0], tg.Param)
		if !reflect.DeepEqual(rest, want) {
			bad = append(bad, fmt.Sprintf("other parameters changed: %v, want %v", rest, want))
		}
	}
	return bad
}

func cloneWithout(q url.Values, key string) url.Values {
	out := url.Values{}
	for k, v := range q {
		if k != key {
			out[k] = v
		}
	}
	return out
}
