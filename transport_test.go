package main

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"flowgate/graph/guard"
)

// TestWriteAnswer_SameBytesAsJSONMarshal: writeAnswer writes exactly what
// gqlgen's json.Marshal of the answer writes, whether or not data can be
// written verbatim.
func TestWriteAnswer_SameBytesAsJSONMarshal(t *testing.T) {
	yes, no := true, false
	errs := gqlerror.List{{Message: "boom <b>", Path: ast.Path{ast.PathName("flow")}, Extensions: map[string]any{"code": "NOT_FOUND"}}}
	ext := map[string]any{"cost": map[string]any{"upstreamRequests": 2, "estimatedUpstreamRequests": 2}, "a&b": "<x>"}
	datas := []string{
		`{"flow":{"slug":"default-authentication-flow","title":"Welcome to authentik!"}}`,
		`null`,
		`{"a":"x\"y","b":"back\\","c":"\\\"","d":[1,2.5,true,false,null],"e":{}}`,
		`{"html":"<script>&amp;</script>"}`,
		`{"sep":"a` + "\u2028" + `b","sep2":"` + "\u2029" + `"}`,
		`{ "spaced": [1, 2] }`,
		"{\"nl\":\n1}",
		`{"unicode":"héllo wörld ✓ \u00e9"}`,
		`{"str":"tab\tinside is escaped by writers, raw here"}`,
	}
	var resps []*graphql.Response
	for _, d := range datas {
		resps = append(resps,
			&graphql.Response{Data: json.RawMessage(d)},
			&graphql.Response{Data: json.RawMessage(d), Errors: errs, Extensions: ext},
			&graphql.Response{Data: json.RawMessage(d), Label: "lbl", Path: ast.Path{ast.PathName("flow"), ast.PathIndex(0)}, HasNext: &yes},
			&graphql.Response{Data: json.RawMessage(d), HasNext: &no, Extensions: map[string]any{}},
		)
	}
	resps = append(resps, &graphql.Response{Errors: errs}, &graphql.Response{}, &graphql.Response{Errors: errs, Extensions: ext})
	// extensions.cost alone (appendCostOnly), every optional member.
	n0, n2, neg := int64(0), int64(2), int64(-7)
	for _, c := range []guard.CostReport{{}, {UpstreamRequests: 2, EstimatedUpstreamRequests: &n2}, {UpstreamRequests: 1 << 40, UpstreamRequestsCached: &n0},
		{UpstreamRequests: -1, EstimatedUpstreamRequests: &neg, UpstreamRequestsCached: &n2}} {
		resps = append(resps,
			&graphql.Response{Data: json.RawMessage(datas[0]), Extensions: map[string]any{"cost": c}},
			&graphql.Response{Data: json.RawMessage(datas[0]), Errors: errs, Extensions: map[string]any{"cost": c}, HasNext: &no},
			&graphql.Response{Data: json.RawMessage(datas[0]), Extensions: map[string]any{"cost": c, "trace": []int{1}}},
			&graphql.Response{Data: json.RawMessage(datas[0]), Extensions: map[string]any{"cost": &c}},
		)
	}
	for _, resp := range resps {
		want, err := json.Marshal(resp)
		if err != nil {
			t.Fatalf("%s: %v", resp.Data, err)
		}
		var got bytes.Buffer
		writeAnswer(&got, resp)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("writeAnswer:\n got %s\nwant %s", got.Bytes(), want)
		}
	}
}

// TestVerbatim: what data encoding/json would leave unchanged.
func TestVerbatim(t *testing.T) {
	for data, want := range map[string]bool{
		`{"a":"b"}`:                    true,
		`{"a":"b c","d":[1,2]}`:        true,
		`{"a":"x\"y z","b":"\\"}`:      true,
		`{"a":"\\\" <"}`:               false,
		`{"a": "b"}`:                   false,
		`{"a":"b"} `:                   false,
		"{\"a\":\r1}":                  false,
		`{"a":"<"}`:                    false,
		`{"a":">"}`:                    false,
		`{"a":"&"}`:                    false,
		"{\"a\":\"\u2028\"}":           false,
		"{\"a\":\"\u2029\"}":           false,
		`{"a":"unterminated}`:          false,
		``:                             false,
		`null`:                         true,
		`{"a":"\\\\\\\"  \\\\","b":1}`: true,
	} {
		if got := verbatim([]byte(data)); got != want {
			t.Errorf("verbatim(%q) = %v, want %v", data, got, want)
		}
		if want {
			// Verbatim data is what encoding/json would write.
			b, err := json.Marshal(json.RawMessage(data))
			if err != nil || string(b) != data {
				t.Errorf("%q: json.Marshal gives %q, %v", data, b, err)
			}
		}
	}
}

// FuzzWriteAnswer: for any JSON text as data, writeAnswer's bytes equal
// json.Marshal's.
func FuzzWriteAnswer(f *testing.F) {
	for _, s := range []string{`{"a":"b c"}`, `[1, 2]`, `"<&>"`, "\"\u2028\"", `{"x":"\\\""}`, `null`, ` 1 `} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		if !json.Valid([]byte(data)) {
			return
		}
		resp := &graphql.Response{Data: json.RawMessage(data), Extensions: map[string]any{"k": 1}}
		want, err := json.Marshal(resp)
		if err != nil {
			return
		}
		var got bytes.Buffer
		writeAnswer(&got, resp)
		if !bytes.Equal(got.Bytes(), want) {
			t.Fatalf("data %q:\n got %s\nwant %s", data, got.Bytes(), want)
		}
	})
}

// TestMediaType: mediaType is mime.ParseMediaType's media type ("" when it
// does not parse).
func TestMediaType(t *testing.T) {
	for _, v := range []string{"application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "Application/Json ",
		"application/json;", "", "text/plain", "application/json, text/plain", "multipart/form-data; boundary=x", "application/graphql-response+json"} {
		want, _, err := mime.ParseMediaType(v)
		if err != nil {
			want = ""
		}
		if got := mediaType(v); got != want {
			t.Errorf("mediaType(%q) = %q, want %q", v, got, want)
		}
	}
}

// FuzzSimpleBody: a body checkBodyShape calls simple decodes with
// json.Unmarshal exactly as with gqlgen's decoder (UseNumber), which
// jsonPOST.Do uses for the others.
func FuzzSimpleBody(f *testing.F) {
	for _, b := range []string{`{"query":"{ flows { totalCount } }"}`, `{"query":"q","operationName":null}`, `{"operationName":"A\u00e9\"","query":"x"}`,
		`{"query":"q","variables":{"a":1}}`, `{"QUERY":"q"}`, `{"query":"\ud800"}`, `{}`, ` {"query" : "a\nb"} `} {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		msg, simple := checkBodyShape(body)
		if msg != "" || !simple {
			return
		}
		var got, want graphql.RawParams
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatalf("Unmarshal(%s): %v", body, err)
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("Decode(%s): %v", body, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: Unmarshal %+v, Decode %+v", body, got, want)
		}
	})
}

// TestCheckBodyShape_Simple: only query and operationName make a body
// simple.
func TestCheckBodyShape_Simple(t *testing.T) {
	for body, want := range map[string]bool{
		`{"query":"{ a }"}`:                       true,
		`{"query":"{ a }","operationName":"A"}`:   true,
		`{"query":null}`:                          true,
		`{}`:                                      true,
		`{"query":"{ a }","variables":null}`:      false,
		`{"query":"{ a }","variables":{"x":1}}`:   false,
		`{"query":"{ a }","extensions":{}}`:       false,
		`{"Query":"{ a }"}`:                       false,
		`{"query":"{ a }","headers":{"X":["y"]}}`: false,
	} {
		if msg, simple := checkBodyShape([]byte(body)); msg != "" || simple != want {
			t.Errorf("%s: %q, simple %v; want simple %v", body, msg, simple, want)
		}
	}
}

// TestResponseContentType: the answer's media type for an Accept header is
// gqlgen's choice (parsing every part with mime.ParseMediaType).
func TestResponseContentType(t *testing.T) {
	reference := func(accept string) string {
		if accept == "" {
			return "application/json"
		}
		for part := range strings.SplitSeq(accept, ",") {
			mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			switch mediaType {
			case "*/*", "application/*", "application/json":
				return "application/json"
			case graphQLResponseJSON:
				return graphQLResponseJSON
			}
		}
		return graphQLResponseJSON
	}
	for _, accept := range []string{"", "application/json", "application/graphql-response+json, application/json", "*/*",
		"text/html, application/*;q=0.9", "APPLICATION/JSON", "application/json; charset=utf-8", " application/graphql-response+json ;q=1",
		"text/plain", "bad;;", ",", "multipart/mixed, application/json", "application/graphql-response+json", "application/*"} {
		r := httptest.NewRequest("POST", "/graphql", nil)
		if accept != "" {
			r.Header.Set("Accept", accept)
		}
		if got, want := responseContentType(r), reference(accept); got != want {
			t.Errorf("Accept %q: %s, want %s", accept, got, want)
		}
	}
}
