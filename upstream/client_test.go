package upstream_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"flowgate/upstream"
)

const secret = "s3cr3t-token-value"

// setup starts an inline authentik stand-in and a client for it.
func setup(t *testing.T, h http.HandlerFunc, o upstream.Options) (*upstream.Client, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := upstream.New(srv.URL, o)
	if err != nil {
		t.Fatal(err)
	}
	return c, &n
}

func TestNew_RejectsBadBaseURLs(t *testing.T) {
	for _, u := range []string{"", "ftp://x", "http://", "https://user:pw@auth.example.com", "https://auth.example.com/?a=b", "://"} {
		if _, err := upstream.New(u, upstream.Options{}); err == nil {
			t.Errorf("New(%q) = nil error", u)
		} else if strings.Contains(err.Error(), "pw@") {
			t.Errorf("New(%q) error leaks the password: %v", u, err)
		}
	}
	c, err := upstream.New("https://example.com/authentik/", upstream.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.BaseURL(), "https://example.com/authentik/api/v3/"; got != want {
		t.Errorf("BaseURL = %q, want %q", got, want)
	}
}

func TestClient_GetFlow_Request(t *testing.T) {
	tests := []struct {
		name     string
		ctxAuth  string
		token    string
		wantAuth string
	}{
		{"caller credentials win over the token", "Bearer caller", secret, "Bearer caller"},
		{"token when the caller sent none", "", secret, "Bearer " + secret},
		{"nothing when neither", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			c, n := setup(t, func(w http.ResponseWriter, r *http.Request) {
				got = r.Clone(context.Background())
				fmt.Fprint(w, `{"pk":"p1","slug":"a-b","name":"n","designation":"authentication","background_url":"/bg.jpg","unknown_new_field":{"x":1}}`)
			}, upstream.Options{Token: tt.token})
			ctx := upstream.WithCredentials(t.Context(), tt.ctxAuth)
			f, err := c.GetFlow(ctx, "a-b")
			if err != nil {
				t.Fatal(err)
			}
			if n.Load() != 1 {
				t.Errorf("requests = %d, want 1", n.Load())
			}
			if got.Method != http.MethodGet || got.URL.Path != "/api/v3/flows/instances/a-b/" {
				t.Errorf("request = %s %s", got.Method, got.URL.Path)
			}
			if a := got.Header.Get("Authorization"); a != tt.wantAuth {
				t.Errorf("Authorization = %q, want %q", a, tt.wantAuth)
			}
			if f.Slug != "a-b" || f.ResolvedBackground() != "/bg.jpg" {
				t.Errorf("flow = %+v", f)
			}
		})
	}
}

func TestClient_Version2025Shapes(t *testing.T) {
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		// 2025.x: background is the resolved URL, no background_url; no autocomplete key.
		fmt.Fprint(w, `{"pagination":{"next":0,"previous":0,"count":1,"current":1,"total_pages":1,"start_index":1,"end_index":1},
			"results":[{"pk":"p1","slug":"s","background":"/media/old.png"}]}`)
	}, upstream.Options{})
	p, err := c.ListFlows(t.Context(), upstream.ListFlowsOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Results[0].ResolvedBackground(); got != "/media/old.png" {
		t.Errorf("background = %q", got)
	}
}

func TestClient_PathArgumentsCannotEscape(t *testing.T) {
	c, n := setup(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s", r.URL)
	}, upstream.Options{})
	for _, bad := range []string{"../../core/users", "..", ".", "", "a/b", "a?b", "a#b", "%2e%2e", "a\x00b", `a\b`} {
		if _, err := c.GetFlow(t.Context(), bad); !errors.Is(err, upstream.ErrInvalidArgument) {
			t.Errorf("GetFlow(%q) err = %v, want ErrInvalidArgument", bad, err)
		}
		if _, err := c.GetStage(t.Context(), bad); !errors.Is(err, upstream.ErrInvalidArgument) {
			t.Errorf("GetStage(%q) err = %v", bad, err)
		}
		if _, err := c.GetBinding(t.Context(), bad); !errors.Is(err, upstream.ErrInvalidArgument) {
			t.Errorf("GetBinding(%q) err = %v", bad, err)
		}
		ctx := t.Context()
		for name, call := range map[string]func() error{
			"UpdateFlow":        func() error { _, err := c.UpdateFlow(ctx, bad, upstream.FlowRequest{}); return err },
			"DeleteFlow":        func() error { return c.DeleteFlow(ctx, bad) },
			"GetFlowDiagram":    func() error { _, err := c.GetFlowDiagram(ctx, bad); return err },
			"ExportFlow":        func() error { _, err := c.ExportFlow(ctx, bad); return err },
			"ListFlowUsedBy":    func() error { _, err := c.ListFlowUsedBy(ctx, bad); return err },
			"UpdateBinding":     func() error { _, err := c.UpdateBinding(ctx, bad, upstream.BindingRequest{}); return err },
			"DeleteBinding":     func() error { return c.DeleteBinding(ctx, bad) },
			"ListBindingUsedBy": func() error { _, err := c.ListBindingUsedBy(ctx, bad); return err },
			"ListStageUsedBy":   func() error { _, err := c.ListStageUsedBy(ctx, bad); return err },
		} {
			if err := call(); !errors.Is(err, upstream.ErrInvalidArgument) {
				t.Errorf("%s(%q) err = %v, want ErrInvalidArgument", name, bad, err)
			}
		}
	}
	if n.Load() != 0 {
		t.Errorf("requests = %d, want 0", n.Load())
	}
}

func TestClient_Errors(t *testing.T) {
	tests := []struct {
		name   string
		status int
		ctype  string
		body   string
		is     []error
		isNot  []error
		detail string
		fields map[string][]string
		nonFld []string
	}{
		{"missing object", 404, "application/json", `{"detail":"No Flow matches the given query."}`,
			[]error{upstream.ErrNotFound}, []error{upstream.ErrInvalidPage}, "No Flow matches the given query.", nil, nil},
		{"page out of range", 404, "application/json", `{"detail":"Invalid page."}`,
			[]error{upstream.ErrInvalidPage}, []error{upstream.ErrNotFound}, "Invalid page.", nil, nil},
		{"no credentials", 403, "application/json", `{"detail":"Authentication credentials were not provided."}`,
			[]error{upstream.ErrUnauthorized}, []error{upstream.ErrForbidden}, "Authentication credentials were not provided.", nil, nil},
		{"bad token", 403, "application/json", `{"detail":"Token invalid/expired"}`,
			[]error{upstream.ErrUnauthorized}, []error{upstream.ErrForbidden}, "Token invalid/expired", nil, nil},
		{"no permission", 403, "application/json", `{"detail":"You do not have permission to perform this action."}`,
			[]error{upstream.ErrForbidden}, []error{upstream.ErrUnauthorized}, "You do not have permission to perform this action.", nil, nil},
		{"validation", 400, "application/json", `{"slug":["Flow with this slug already exists."],"non_field_errors":["x"],"code":"invalid"}`,
			[]error{upstream.ErrBadRequest}, []error{upstream.ErrNotFound}, "", map[string][]string{"slug": {"Flow with this slug already exists."}}, []string{"x"}},
		{"proxy HTML 502", 502, "text/html", `<html><body><h1>502 Bad Gateway</h1></body></html>`,
			[]error{upstream.ErrUnavailable}, []error{upstream.ErrBadRequest}, "", nil, nil},
		{"empty 500", 500, "", ``, []error{upstream.ErrUnavailable}, nil, "", nil, nil},
		{"429", 429, "application/json", `{"detail":"Request was throttled."}`, []error{upstream.ErrUnavailable}, nil, "Request was throttled.", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.ctype != "" {
					w.Header().Set("Content-Type", tt.ctype)
				}
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			}, upstream.Options{Token: secret})
			_, err := c.GetFlow(t.Context(), "x")
			var ue *upstream.Error
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want *upstream.Error", err)
			}
			for _, s := range tt.is {
				if !errors.Is(err, s) {
					t.Errorf("errors.Is(err, %v) = false", s)
				}
			}
			for _, s := range tt.isNot {
				if errors.Is(err, s) {
					t.Errorf("errors.Is(err, %v) = true", s)
				}
			}
			if ue.StatusCode != tt.status || ue.Detail != tt.detail || ue.Method != http.MethodGet || ue.Path != "flows/instances/x/" {
				t.Errorf("error = %+v", ue)
			}
			if fmt.Sprint(ue.Fields) != fmt.Sprint(tt.fields) || fmt.Sprint(ue.NonFieldErrors) != fmt.Sprint(tt.nonFld) {
				t.Errorf("fields = %v %v", ue.Fields, ue.NonFieldErrors)
			}
			if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "<html>") {
				t.Errorf("error string leaks: %q", err.Error())
			}
		})
	}
}

func TestClient_MalformedSuccessBodies(t *testing.T) {
	for name, body := range map[string]string{
		"truncated":          `{"pagination":{"next":0,"count":1},"results":[{"pk":"a","sl`,
		"html":               `<html>login</html>`,
		"no pagination":      `{"results":[]}`,
		"no results":         `{"pagination":{"count":0}}`,
		"flow without pk":    `{"pagination":{"count":1,"total_pages":1},"results":[{"slug":"x"}]}`,
		"fractional count":   `{"pagination":{"count":1.5},"results":[]}`,
		"count below length": `{"pagination":{"count":0},"results":[{"pk":"a","slug":"b"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }, upstream.Options{})
			_, err := c.ListFlows(t.Context(), upstream.ListFlowsOptions{})
			if !errors.Is(err, upstream.ErrBadResponse) {
				t.Errorf("err = %v, want ErrBadResponse", err)
			}
		})
	}
}

func TestClient_TransportFailures(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c, _ := upstream.New("http://"+addr, upstream.Options{})
		_, err = c.GetFlow(t.Context(), "x")
		if !errors.Is(err, upstream.ErrUnavailable) {
			t.Errorf("err = %v, want ErrUnavailable", err)
		}
	})
	t.Run("client timeout", func(t *testing.T) {
		c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		}, upstream.Options{HTTPClient: &http.Client{Timeout: 50 * time.Millisecond}})
		_, err := c.GetFlow(t.Context(), "x")
		if !errors.Is(err, upstream.ErrTimeout) {
			t.Errorf("err = %v, want ErrTimeout", err)
		}
	})
	t.Run("caller cancels", func(t *testing.T) {
		started := make(chan struct{})
		aborted := make(chan struct{})
		c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-r.Context().Done()
			close(aborted)
		}, upstream.Options{})
		ctx, cancel := context.WithCancel(t.Context())
		go func() { <-started; cancel() }()
		_, err := c.GetFlow(ctx, "x")
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		select {
		case <-aborted:
		case <-time.After(2 * time.Second):
			t.Error("upstream request was not cancelled")
		}
	})
}

// pager serves n items named item-1..item-n with authentik's paging rules
// and the given maximum page size.
func pager(n, limit int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
		if size <= 0 {
			size = 20
		}
		size = min(size, limit)
		page, err := strconv.Atoi(r.URL.Query().Get("page"))
		pages := max1((n + size - 1) / size)
		if err != nil || page < 1 || page > pages {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"detail":"Invalid page."}`)
			return
		}
		start, end := (page-1)*size, min(page*size, n)
		var items []string
		for i := start; i < end; i++ {
			items = append(items, fmt.Sprintf(`{"pk":"pk-%d","slug":"item-%d"}`, i+1, i+1))
		}
		next, prev := 0, 0
		if page < pages {
			next = page + 1
		}
		if page > 1 {
			prev = page - 1
		}
		si := start + 1
		if n == 0 {
			si = 0
		}
		fmt.Fprintf(w, `{"pagination":{"next":%d,"previous":%d,"count":%d,"current":%d,"total_pages":%d,"start_index":%d,"end_index":%d},"results":[%s],"autocomplete":{}}`,
			next, prev, n, page, pages, si, end, strings.Join(items, ","))
	}
}

func max1(n int) int { return max(n, 1) }

func TestSlice_WalksEveryItemOnceWhateverThePageCap(t *testing.T) {
	for _, cap := range []int{100, 25, 7, 1} {
		for _, first := range []int{7, 20, 100} {
			t.Run(fmt.Sprintf("cap %d first %d", cap, first), func(t *testing.T) {
				c, _ := setup(t, pager(60, cap), upstream.Options{})
				var seen []string
				offset := 0
				for range 100 {
					items, count, err := upstream.Slice(t.Context(), c, c.FlowPages(upstream.ListFlowsOptions{}), offset, first)
					if err != nil {
						t.Fatal(err)
					}
					if count != 60 {
						t.Fatalf("count = %d", count)
					}
					for _, it := range items {
						seen = append(seen, it.Slug)
					}
					offset += len(items)
					if offset >= count || len(items) == 0 {
						break
					}
				}
				if len(seen) != 60 {
					t.Fatalf("saw %d items, want 60", len(seen))
				}
				for i, s := range seen {
					if s != fmt.Sprintf("item-%d", i+1) {
						t.Fatalf("item %d = %s", i, s)
					}
				}
			})
		}
	}
}

func TestSlice_PastTheEndReportsCount(t *testing.T) {
	c, _ := setup(t, pager(5, 100), upstream.Options{})
	items, count, err := upstream.Slice(t.Context(), c, c.FlowPages(upstream.ListFlowsOptions{}), 500, 10)
	if err != nil || len(items) != 0 || count != 5 {
		t.Errorf("Slice = %v, %d, %v; want [], 5, nil", items, count, err)
	}
}

func TestAll_FollowsEveryPage(t *testing.T) {
	c, n := setup(t, pager(250, 100), upstream.Options{})
	items, err := upstream.All(t.Context(), c, c.FlowPages(upstream.ListFlowsOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 250 || items[249].Slug != "item-250" {
		t.Errorf("got %d items", len(items))
	}
	if n.Load() != 3 {
		t.Errorf("requests = %d, want 3 (pages of 100)", n.Load())
	}
}

func TestClient_GetFlow_ReservedSlugs(t *testing.T) {
	// authentik matches /flows/instances/cache_info/ to its cache action, so
	// such a slug is looked up with ?slug= instead of the detail route.
	var paths []string
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path+"?"+r.URL.Query().Get("slug"))
		fmt.Fprint(w, `{"pagination":{"next":0,"previous":0,"count":0,"current":1,"total_pages":1,"start_index":0,"end_index":0},"results":[],"autocomplete":{}}`)
	}, upstream.Options{})
	for _, slug := range []string{"cache_info", "cache_clear"} {
		if _, err := c.GetFlow(t.Context(), slug); !errors.Is(err, upstream.ErrNotFound) {
			t.Errorf("GetFlow(%q) err = %v, want ErrNotFound", slug, err)
		}
	}
	want := []string{"/api/v3/flows/instances/?cache_info", "/api/v3/flows/instances/?cache_clear"}
	if fmt.Sprint(paths) != fmt.Sprint(want) {
		t.Errorf("requests = %v, want %v", paths, want)
	}
}

func TestClient_Writes_Requests(t *testing.T) {
	type req struct{ method, path, contentType, body string }
	var got []req
	c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, req{r.Method, r.URL.RequestURI(), r.Header.Get("Content-Type"), string(b)})
		switch {
		case r.Method == http.MethodDelete || strings.HasSuffix(r.URL.Path, "cache_clear/"):
			w.WriteHeader(http.StatusNoContent)
		case strings.Contains(r.URL.Path, "bindings"):
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, `{"pk":"b","target":"f","stage":"s","stage_obj":{"pk":"s","flow_set":[]},"order":1}`)
		default:
			w.WriteHeader(http.StatusOK)
			fmt.Fprint(w, `{"pk":"f","slug":"x"}`)
		}
	}, upstream.Options{})
	ctx := t.Context()
	title, order, no := "T", 0, false
	if _, err := c.UpdateFlow(ctx, "a-b", upstream.FlowRequest{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateBinding(ctx, "b", upstream.BindingRequest{Order: &order, EvaluateOnPlan: &no}); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteFlow(ctx, "a-b"); err != nil {
		t.Fatal(err)
	}
	if err := c.ClearFlowCache(ctx); err != nil {
		t.Fatal(err)
	}
	want := []req{
		// Only the set fields; zero values that are set are sent.
		{"PATCH", "/api/v3/flows/instances/a-b/", "application/json", `{"title":"T"}`},
		{"PATCH", "/api/v3/flows/bindings/b/", "application/json", `{"evaluate_on_plan":false,"order":0}`},
		{"DELETE", "/api/v3/flows/instances/a-b/", "", ""},
		{"POST", "/api/v3/flows/instances/cache_clear/", "", ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("requests:\n%v\nwant\n%v", got, want)
	}
}

func TestClient_ActionBodies(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		call    func(c *upstream.Client) (any, error)
		want    string // fmt.Sprint of the result, when err is nil
		wantErr error
	}{
		{"export is YAML, returned as sent", "version: 1\nentries: []\n", func(c *upstream.Client) (any, error) { return c.ExportFlow(t.Context(), "x") }, "version: 1\nentries: []\n", nil},
		{"export that is not text", "\xff\xfe", func(c *upstream.Client) (any, error) { return c.ExportFlow(t.Context(), "x") }, "", upstream.ErrBadResponse},
		{"diagram", `{"diagram":"graph TD\na --> b"}`, func(c *upstream.Client) (any, error) { return c.GetFlowDiagram(t.Context(), "x") }, "graph TD\na --> b", nil},
		{"diagram missing", `{}`, func(c *upstream.Client) (any, error) { return c.GetFlowDiagram(t.Context(), "x") }, "", upstream.ErrBadResponse},
		{"used_by", `[{"app":"a","model_name":"m","pk":"1","name":"n","action":"cascade"}]`, func(c *upstream.Client) (any, error) { return c.ListFlowUsedBy(t.Context(), "x") }, "[{a m 1 n cascade}]", nil},
		{"used_by null", `null`, func(c *upstream.Client) (any, error) { return c.ListStageUsedBy(t.Context(), "x") }, "", upstream.ErrBadResponse},
		{"used_by entry without pk", `[{"model_name":"m"}]`, func(c *upstream.Client) (any, error) { return c.ListBindingUsedBy(t.Context(), "x") }, "", upstream.ErrBadResponse},
		{"cache info", `{"count":3}`, func(c *upstream.Client) (any, error) { return c.GetFlowCacheInfo(t.Context()) }, "3", nil},
		{"cache info without count", `{"cache":3}`, func(c *upstream.Client) (any, error) { return c.GetFlowCacheInfo(t.Context()) }, "", upstream.ErrBadResponse},
		{"types", `[{"name":"N","model_name":"m","component":"c","description":"d"}]`, func(c *upstream.Client) (any, error) { return c.ListStageTypes(t.Context()) }, "[{N d c m  false false}]", nil},
		{"types entry without name", `[{"model_name":"m"}]`, func(c *upstream.Client) (any, error) { return c.ListStageTypes(t.Context()) }, "", upstream.ErrBadResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := setup(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, tt.body) }, upstream.Options{})
			got, err := tt.call(c)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Errorf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || fmt.Sprint(got) != tt.want {
				t.Errorf("got %q, %v; want %q", fmt.Sprint(got), err, tt.want)
			}
		})
	}
}
