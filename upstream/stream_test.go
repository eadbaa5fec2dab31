package upstream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
)

func TestEachElement(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{`[]`, nil},
		{` [ ] `, nil},
		{`[1]`, []string{`1`}},
		{`[ 1 , "a" ,null,true ]`, []string{`1`, `"a"`, `null`, `true`}},
		{`[{"a":[1,2],"b":{"c":"]}"}},{}]`, []string{`{"a":[1,2],"b":{"c":"]}"}}`, `{}`}},
		{`["x\"],[{", "\\", "\\\""]`, []string{`"x\"],[{"`, `"\\"`, `"\\\""`}},
		{"[\n\t{\"pk\": \"p,1\"}\n,\n{\"pk\":\"p2\"}\n]", []string{`{"pk": "p,1"}`, `{"pk":"p2"}`}},
		{`[[],[[]],"é"]`, []string{`[]`, `[[]]`, `"é"`}},
	} {
		var got []string
		err := eachElement([]byte(tc.in), func(i int, e []byte) error {
			if i != len(got) {
				t.Errorf("%s: index %d, want %d", tc.in, i, len(got))
			}
			got = append(got, string(e))
			return nil
		})
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("eachElement(%s) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{``, `{}`, `null`, `[1`, `[1,`} {
		if err := eachElement([]byte(bad), func(int, []byte) error { return nil }); err == nil {
			t.Errorf("eachElement(%s): no error", bad)
		}
	}
}

// readPage must decode exactly what json.Unmarshal decodes.
func TestReadPage_AsUnmarshal(t *testing.T) {
	for _, body := range []string{
		`{"pagination":{"next":2,"previous":0,"count":3,"current":1,"total_pages":2,"start_index":1,"end_index":2},"results":[{"pk":"a","slug":"s","stages":["x"],"background_url":null},{"pk":"b","slug":"t","background_themed_urls":{"light":"l","dark":null}}],"autocomplete":{"x":[1,{"y":"]"}]}}`,
		`{"autocomplete":{},"results":[],"pagination":{"count":0}}`,
		`  {"Pagination":{"count":1.0},"RESULTS":[{"pk":"a","slug":"s","unknown":[{}]}]}  `,
		`{"pagination":{"count":1},"results":[{"pk":"a","slug":"s"}],"results":[]}`,
		`{"pagination":null,"results":null}`,
		`{}`,
	} {
		var want Page[Flow]
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatal(err)
		}
		got, err := readPage[Flow](iotest.OneByteReader(strings.NewReader(body)), nil, nil)
		if err != nil {
			t.Errorf("%s: %v", body, err)
			continue
		}
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", body, *got, want)
		}
	}
	for _, body := range []string{
		``, `null`, `[]`, `{"results":{}}`, `{"results":[1]}`, `{"pagination":{"count":"x"},"results":[]}`,
		`{"pagination":{"count":1},"results":[{"pk":"a"}]}x`, `{"pagination":{"count":1},"results":[{"pk":"a"}]`,
		`{"pagination":{"count":1},"results":[{"pk":"a"},]}`,
	} {
		if _, err := readPage[Flow](strings.NewReader(body), nil, nil); err == nil {
			t.Errorf("%s: no error", body)
		}
	}
}

// A page of bindings read through a request's table equals the page
// json.Unmarshal decodes, and shares what is equal.
func TestBindingReader_SharesStagesAndEntries(t *testing.T) {
	entry := func(pk, name string) string {
		return fmt.Sprintf(`{"pk":%q,"policybindingmodel_ptr_id":"pbm-%s","name":%q,"slug":"slug-%s","title":"T","designation":"authentication","background_url":"/bg","policy_engine_mode":"any","compatibility_mode":false,"export_url":"/x","layout":"stacked","denied_action":"message_continue"}`, pk, pk, name, pk)
	}
	stage := func(pk string, entries ...string) string {
		return fmt.Sprintf(`{"pk":%q,"name":"n-%s","component":"ak-stage-dummy-form","verbose_name":"Dummy Stage","verbose_name_plural":"Dummy Stages","meta_model_name":"authentik_stages_dummy.dummystage","flow_set":[%s]}`, pk, pk, strings.Join(entries, ","))
	}
	binding := func(pk, target, st string) string {
		return fmt.Sprintf(`{"pk":%q,"policybindingmodel_ptr_id":"p-%s","target":%q,"stage":"s","stage_obj":%s,"evaluate_on_plan":false,"re_evaluate_policies":true,"order":10,"policy_engine_mode":"any","invalid_response_action":"retry"}`, pk, pk, target, st)
	}
	f1, f2, f2b := entry("f1", "One"), entry("f2", "Two"), entry("f2", "Two, renamed")
	body := `{"pagination":{"count":4,"total_pages":1},"results":[` + strings.Join([]string{
		binding("b1", "f1", stage("s1", f1, f2)),
		binding("b2", "f2", stage("s1", f1, f2)),
		binding("b3", "f1", stage("s2", f2, f1)),
		binding("b4", "f2", stage("s3", f2b)),
	}, ",") + `]}`
	var want Page[FlowStageBinding]
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	for _, shared := range []bool{false, true} {
		ctx := context.Background()
		if shared {
			ctx = WithStages(ctx, NewStages())
		}
		r := bindingReader(ctx)
		if err := r.readFrom(strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
		if err := r.validate(); err != nil {
			t.Fatal(err)
		}
		got := r.page.Results
		if !reflect.DeepEqual(*r.page, want) {
			t.Fatalf("shared=%v: the page differs from json.Unmarshal's", shared)
		}
		if (got[0].StageObj == got[1].StageObj) != shared {
			t.Errorf("shared=%v: b1 and b2 share their stage: %v", shared, got[0].StageObj == got[1].StageObj)
		}
		s1, s2, s3 := got[0].StageObj, got[2].StageObj, got[3].StageObj
		if (s1.FlowSet[0] == s2.FlowSet[1] && s1.FlowSet[1] == s2.FlowSet[0]) != shared {
			t.Errorf("shared=%v: equal flow_set entries of s1 and s2 shared: %v", shared, s1.FlowSet[0] == s2.FlowSet[1])
		}
		if s3.FlowSet[0] == s1.FlowSet[1] || s3.FlowSet[0].Name != "Two, renamed" {
			t.Errorf("shared=%v: a different entry for the same flow is shared", shared)
		}
	}
}

// Through the client: a listing page is decoded from the body as it
// arrives; a body cut by the transport is a transport failure (retried),
// and junk is a bad response (not retried); the meter counts its bytes.
func TestClient_StreamedPages(t *testing.T) {
	page := `{"pagination":{"count":1,"total_pages":1},"results":[{"pk":"a","slug":"s"}]}`
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		switch r.URL.Query().Get("slug") {
		case "cut":
			if n == 1 {
				w.Header().Set("Content-Length", fmt.Sprint(len(page)))
				io.WriteString(w, page[:20])
				return // the server closes a connection whose body is short
			}
		case "junk":
			io.WriteString(w, page+"junk")
			return
		}
		io.WriteString(w, page)
	}))
	defer srv.Close()
	c, err := New(srv.URL, Options{Retries: 1, RetryBackoff: 1})
	if err != nil {
		t.Fatal(err)
	}
	m := NewMeter(0, 0)
	ctx := WithMeter(context.Background(), m)
	p, err := c.ListFlows(ctx, ListFlowsOptions{Slug: "cut"})
	if err != nil || len(p.Results) != 1 || p.Results[0].PK != "a" || calls.Load() != 2 {
		t.Fatalf("cut body: %v, %+v after %d calls; want the retry's page", err, p, calls.Load())
	}
	if got := m.Bytes(); got != int64(20+len(page)) {
		t.Errorf("meter read %d bytes, want %d", got, 20+len(page))
	}
	calls.Store(0)
	if _, err := c.ListFlows(ctx, ListFlowsOptions{Slug: "junk"}); !errors.Is(err, ErrBadResponse) || calls.Load() != 1 {
		t.Errorf("junk: %v after %d calls, want ErrBadResponse, not retried", err, calls.Load())
	}
	// A byte budget smaller than the page: the answer is dropped.
	small := WithMeter(context.Background(), NewMeter(0, 10))
	if _, err := c.ListFlows(small, ListFlowsOptions{}); !errors.Is(err, ErrBudgetExceeded) {
		t.Errorf("over the byte budget: %v, want ErrBudgetExceeded", err)
	}
}

// TestStages_RejectedPageDoesNotLeak: a stage first met on a page that is
// then rejected as junk does not reach later pages of the same request;
// the stages of an accepted page are shared with later pages.
func TestStages_RejectedPageDoesNotLeak(t *testing.T) {
	st := func(name string) string {
		return fmt.Sprintf(`{"pk":"s1","name":%q,"component":"c","verbose_name":"v","verbose_name_plural":"v","meta_model_name":"m","flow_set":[]}`, name)
	}
	b := func(pk, stage string) string {
		return fmt.Sprintf(`{"pk":%q,"policybindingmodel_ptr_id":"p","target":"f","stage":"s1","stage_obj":%s,"evaluate_on_plan":false,"re_evaluate_policies":true,"order":10,"policy_engine_mode":"any","invalid_response_action":"retry"}`, pk, stage)
	}
	pages := map[string]string{
		"1": `{"pagination":{"count":1},"results":[` + b("b1", st("FROM-REJECTED-PAGE")) + `]}junk`,
		"2": `{"pagination":{"count":1},"results":[` + b("b2", st("fresh")) + `]}`,
		"3": `{"pagination":{"count":1},"results":[` + b("b3", st("later")) + `]}`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, pages[r.URL.Query().Get("page")])
	}))
	defer srv.Close()
	c, err := New(srv.URL, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithStages(context.Background(), NewStages())
	list := func(page int) (*Page[FlowStageBinding], error) {
		return c.ListBindings(ctx, ListBindingsOptions{ListOptions: ListOptions{Page: page}})
	}
	if _, err := list(1); !errors.Is(err, ErrBadResponse) {
		t.Fatalf("page 1 (trailing junk): %v, want ErrBadResponse", err)
	}
	p2, err := list(2)
	if err != nil {
		t.Fatal(err)
	}
	if got := p2.Results[0].StageObj.Name; got != "fresh" {
		t.Fatalf("page 2's stage is named %q, want %q: a rejected page's stage leaked", got, "fresh")
	}
	p3, err := list(3)
	if err != nil {
		t.Fatal(err)
	}
	if p3.Results[0].StageObj != p2.Results[0].StageObj {
		t.Error("page 3 does not share the stage page 2 was accepted with")
	}
}
