package upstream

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"flowgate/upstream/upstreamtest"
)

// What a body is decoded as, old (encoding/json, stream_oracle_test.go)
// and new (wire.go).
type decodeKind byte

const (
	flowsPage decodeKind = iota
	bindingsPage
	stagesPage
	flowObject
	stageObject
	bindingObject
	numKinds
)

func (k decodeKind) String() string {
	return [...]string{"flows page", "bindings page", "stages page", "flow", "stage", "binding"}[k%numKinds]
}

// chunkReader returns at most n bytes per Read: values straddle the
// tokenizer's buffer refills.
type chunkReader struct {
	b []byte
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), c.n)], c.b)
	c.b = c.b[n:]
	return n, nil
}

// decodeOld decodes body as kind with encoding/json, through the request
// table t (nil: none), and validates it as the client does.
func decodeOld(kind decodeKind, body []byte, t *Stages) (any, error) {
	ctx := context.Background()
	if t != nil {
		ctx = WithStages(ctx, t)
	}
	page := func(r interface {
		readFrom(io.Reader) error
		validate() error
	}) error {
		if err := r.readFrom(bytes.NewReader(body)); err != nil {
			return err
		}
		return r.validate()
	}
	switch kind {
	case flowsPage:
		var r v1PageReader[Flow, Flow]
		err := page(&r)
		return r.page, err
	case bindingsPage:
		r := v1BindingReader(ctx)
		err := page(r)
		return r.page, err
	case stagesPage:
		r := v1StageReader(ctx)
		err := page(r)
		return r.page, err
	case flowObject:
		var f Flow
		return &f, object(json.Unmarshal(body, &f), &f)
	case stageObject:
		var s Stage
		return &s, object(json.Unmarshal(body, &s), &s)
	default:
		var b FlowStageBinding
		return &b, object(json.Unmarshal(body, &b), &b)
	}
}

// decodeNew decodes body as kind with the wire decoders: streamed from a
// reader returning chunk bytes at a time, or, with chunk 0, from bytes in
// memory (decodeInto, as for a cached body).
func decodeNew(kind decodeKind, body []byte, t *Stages, chunk int) (any, error) {
	ctx := context.Background()
	if t != nil {
		ctx = WithStages(ctx, t)
	}
	page := func(r interface {
		readFrom(io.Reader) error
		validate() error
	}) error {
		var err error
		if chunk > 0 {
			err = r.readFrom(&chunkReader{body, chunk})
		} else {
			err = decodeInto(body, r)
		}
		if err != nil {
			return err
		}
		return r.validate()
	}
	switch kind {
	case flowsPage:
		r := pageReader[Flow]{t: t}
		err := page(&r)
		return r.page, err
	case bindingsPage:
		r := bindingReader(ctx)
		err := page(r)
		return r.page, err
	case stagesPage:
		r := stageReader(ctx)
		err := page(r)
		return r.page, err
	case flowObject:
		var f Flow
		return &f, object(decodeInto(body, &f), &f)
	case stageObject:
		var s Stage
		return &s, object(decodeInto(body, &s), &s)
	default:
		var b FlowStageBinding
		return &b, object(decodeInto(body, &b), &b)
	}
}

func object(err error, v interface{ validate() error }) error {
	if err != nil {
		return err
	}
	return v.validate()
}

// allowedDifference names the cases where the new decoder fails where
// encoding/json's path did not, on junk only:
//   - a binding's stage_obj whose pk member is repeated with another
//     stage's pk after members that were skipped because the first pk
//     named a stage the request had;
//   - a binding's stage_obj.flow_set that is junk (not an array, an entry
//     of the wrong shape) where the old path never read it: the stage was
//     one the request already had.
func allowedDifference(oldErr, newErr error) bool {
	if oldErr != nil || newErr == nil {
		return false
	}
	e := newErr.Error()
	return strings.Contains(e, "a duplicate pk member named another stage") || strings.Contains(e, "stage_obj.flow_set")
}

// compareDecode decodes body both ways and reports a difference.
func compareDecode(t *testing.T, name string, kind decodeKind, body []byte, oldT, newT *Stages, chunk int) {
	t.Helper()
	ov, oerr := decodeOld(kind, body, oldT)
	nv, nerr := decodeNew(kind, body, newT, chunk)
	switch {
	case (oerr == nil) != (nerr == nil):
		if allowedDifference(oerr, nerr) {
			return
		}
		t.Fatalf("%s (%s, chunk %d): encoding/json: %v; wire: %v\nbody: %.400q", name, kind, chunk, oerr, nerr, body)
	case oerr == nil && !reflect.DeepEqual(ov, nv):
		t.Fatalf("%s (%s, chunk %d): values differ\nencoding/json: %s\nwire:          %s", name, kind, chunk, dump(ov), dump(nv))
	}
}

func dump(v any) string {
	b, _ := json.Marshal(v)
	return fmt.Sprintf("%.2000s", b)
}

type fakeBody struct {
	path string
	kind decodeKind
	body []byte
}

// fakeBodies fetches the bodies the shapes' listings and lookups read
// from a fake with opts: every page of flows and stages, bindings pages
// (the first maxBindingPages and the last; all when 0), one flow's
// bindings, and a few single objects.
func fakeBodies(t testing.TB, maxBindingPages int, opts ...upstreamtest.Option) []fakeBody {
	srv := upstreamtest.NewServer(opts...)
	defer srv.Close()
	get := func(path string) []byte {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v3/"+path, nil)
		req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v %.200s", path, resp.StatusCode, err, b)
		}
		return b
	}
	var out []fakeBody
	pages := func(path string, kind decodeKind, max int) {
		first := get(path + "&page=1")
		out = append(out, fakeBody{path + "&page=1", kind, first})
		var p struct {
			Pagination struct {
				TotalPages int `json:"total_pages"`
			} `json:"pagination"`
		}
		if err := json.Unmarshal(first, &p); err != nil {
			t.Fatal(err)
		}
		for n := 2; n <= p.Pagination.TotalPages; n++ {
			if max > 0 && n > max && n != p.Pagination.TotalPages {
				continue
			}
			q := fmt.Sprintf("%s&page=%d", path, n)
			out = append(out, fakeBody{q, kind, get(q)})
		}
	}
	pages("flows/instances/?page_size=100&ordering=slug", flowsPage, 0)
	pages("flows/bindings/?page_size=100&ordering=target,order", bindingsPage, maxBindingPages)
	pages("stages/all/?page_size=100&ordering=name", stagesPage, 0)
	var flows struct {
		Results []Flow `json:"results"`
	}
	if err := json.Unmarshal(get("flows/instances/?page_size=5&ordering=slug&page=1"), &flows); err != nil {
		t.Fatal(err)
	}
	var bindings struct {
		Results []FlowStageBinding `json:"results"`
	}
	for _, f := range flows.Results {
		out = append(out, fakeBody{"flow " + f.Slug, flowObject, get("flows/instances/" + f.Slug + "/")})
		q := "flows/bindings/?page_size=100&page=1&target=" + f.PK
		b := get(q)
		out = append(out, fakeBody{q, bindingsPage, b})
		if err := json.Unmarshal(b, &bindings); err != nil {
			t.Fatal(err)
		}
		for _, b := range bindings.Results[:min(2, len(bindings.Results))] {
			out = append(out, fakeBody{"binding " + b.PK, bindingObject, get("flows/bindings/" + b.PK + "/")})
			out = append(out, fakeBody{"stage " + b.Stage, stageObject, get("stages/all/" + b.Stage + "/")})
		}
	}
	return out
}

// TestWire_AsEncodingJSON: every page and object the fake renders for the
// shapes' listings, on the default and on the large install, decodes to
// what encoding/json decodes: without a request table, and through one
// table per install (as one GraphQL request reads them, later pages then
// meeting stages and flow_set entries earlier pages brought), streamed in
// odd chunks and from memory.
func TestWire_AsEncodingJSON(t *testing.T) {
	installs := []struct {
		name     string
		maxPages int
		opts     []upstreamtest.Option
	}{
		{"default", 0, nil},
		{"large", 3, []upstreamtest.Option{upstreamtest.WithLargeInstall()}},
	}
	for _, in := range installs {
		t.Run(in.name, func(t *testing.T) {
			bodies := fakeBodies(t, in.maxPages, in.opts...)
			kinds := map[decodeKind]int{}
			for _, b := range bodies {
				kinds[b.kind]++
			}
			if len(kinds) != int(numKinds) {
				t.Fatalf("bodies of %d kinds, want %d: %v", len(kinds), numKinds, kinds)
			}
			for _, chunk := range []int{0, 61, 4096} {
				for _, b := range bodies {
					compareDecode(t, b.path, b.kind, b.body, nil, nil, chunk)
				}
				oldT, newT := NewStages(), NewStages()
				for _, b := range bodies {
					compareDecode(t, b.path, b.kind, b.body, oldT, newT, chunk)
				}
				// The same again: every stage is now in the tables.
				for _, b := range bodies {
					compareDecode(t, b.path, b.kind, b.body, oldT, newT, chunk)
				}
			}
		})
	}
}

func TestPlainASCII(t *testing.T) {
	for _, s := range []string{"", "a", "abcdefg", "abcdefgh", "abcdefghi", "0123456789abcdef-0123", "/static/dist/assets/images/flow_background.jpg"} {
		if !plainASCII([]byte(s)) {
			t.Errorf("plainASCII(%q) = false", s)
		}
		for i := range len(s) + 1 {
			for _, c := range []string{`\`, "é", "\xff", "\x80"} {
				b := s[:i] + c + s[i:]
				if plainASCII([]byte(b)) {
					t.Errorf("plainASCII(%q) = true", b)
				}
			}
		}
	}
}

// A known stage's flow_set is still checked: junk in it fails the page, as
// it does where the stage is met first (review of 16fe0b4).
func TestBindingReader_KnownStageJunkFlowSet(t *testing.T) {
	good := `{"pk":"b1","target":"t","stage":"a","order":1,"stage_obj":{"pk":"a","name":"n","flow_set":[{"pk":"f","slug":"s"}]}}`
	for _, junk := range []string{
		`{"pk":"f","slug":7}`, `"x"`, `[1]`,
	} {
		b2 := `{"pk":"b2","target":"t","stage":"a","order":2,"stage_obj":{"pk":"a","name":"renamed","flow_set":[` + junk + `]}}`
		for _, page := range []string{
			`{"pagination":{"count":2},"results":[` + good + `,` + b2 + `]}`, // known from earlier on the page
			`{"pagination":{"count":1},"results":[` + b2 + `]}`,              // met first
		} {
			r := bindingReader(WithStages(context.Background(), NewStages()))
			if err := decodeInto([]byte(page), r); err == nil {
				err = r.validate()
				t.Errorf("flow_set entry %s: page accepted (%v), want an error", junk, err)
			} else if !strings.Contains(err.Error(), "stage_obj.flow_set") {
				t.Errorf("flow_set entry %s: %v, want a stage_obj.flow_set error", junk, err)
			}
		}
		// A flow_set that is not an array at all, on a known stage.
		r := bindingReader(WithStages(context.Background(), NewStages()))
		b3 := `{"pk":"b3","target":"t","stage":"a","order":3,"stage_obj":{"pk":"a","flow_set":5}}`
		if err := decodeInto([]byte(`{"pagination":{"count":2},"results":[`+good+`,`+b3+`]}`), r); err == nil || !strings.Contains(err.Error(), "not an array") {
			t.Errorf("flow_set 5 on a known stage: %v, want not an array", err)
		}
	}
}
