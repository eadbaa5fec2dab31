package upstreamtest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func serve(f *Fake, method, path, token string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "http://fake"+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	return rec
}

// TestPageCache_SameBytes: a kept page is byte for byte what a fake built
// alike renders afresh, headers included; each caller has its own pages;
// small pages are not kept; any write drops every page and the list index.
func TestPageCache_SameBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("large install: skipped under -short")
	}
	f, fresh := NewFake(WithLargeInstall()), NewFake(WithLargeInstall())
	const page = "/api/v3/flows/bindings/?page=50&page_size=100"

	first := serve(f, "GET", page, AdminToken)
	if first.Code != 200 || first.Body.Len() < pageCacheMin {
		t.Fatalf("page 50: status %d, %d bytes", first.Code, first.Body.Len())
	}
	if len(f.pages.pages) != 1 || f.pages.bytes != first.Body.Len() || len(f.pages.listings) != 1 {
		t.Fatalf("kept %d pages, %d bytes, %d listings; want 1 page of %d, 1 listing", len(f.pages.pages), f.pages.bytes, len(f.pages.listings), first.Body.Len())
	}
	// Another page of the same listing: rendered from the kept ordered rows.
	p51, want51 := serve(f, "GET", "/api/v3/flows/bindings/?page=51&page_size=100", AdminToken), serve(fresh, "GET", "/api/v3/flows/bindings/?page=51&page_size=100", AdminToken)
	if p51.Code != 200 || p51.Body.String() != want51.Body.String() || len(f.pages.listings) != 1 {
		t.Fatalf("page 51 from the kept listing: status %d, equal %v, %d listings", p51.Code, p51.Body.String() == want51.Body.String(), len(f.pages.listings))
	}
	again, want := serve(f, "GET", page, AdminToken), serve(fresh, "GET", page, AdminToken)
	for _, r := range []*httptest.ResponseRecorder{first, again} {
		if r.Body.String() != want.Body.String() {
			t.Fatal("a kept page differs from the same page rendered afresh")
		}
		for _, h := range []string{"Content-Type", "Content-Length", "Allow", "Vary"} {
			if r.Header().Get(h) != want.Header().Get(h) {
				t.Errorf("%s = %q, afresh %q", h, r.Header().Get(h), want.Header().Get(h))
			}
		}
	}

	// Another caller: its own entry (what it may see is its own).
	f.AddToken("viewer", Permissions{ViewAll: true})
	if r := serve(f, "GET", page, "viewer"); r.Code != 200 || len(f.pages.pages) != 3 || len(f.pages.listings) != 2 {
		t.Fatalf("viewer: status %d, %d pages, %d listings kept; want 200, 3 and 2", r.Code, len(f.pages.pages), len(f.pages.listings))
	}
	// A small page is rendered every time.
	if r := serve(f, "GET", "/api/v3/flows/instances/?page_size=5", AdminToken); r.Code != 200 || len(f.pages.pages) != 3 {
		t.Fatalf("small page: status %d, %d pages kept; want 200 and 3", r.Code, len(f.pages.pages))
	}

	// A write through the API drops every page; the next answer shows it.
	var pk string
	for _, b := range f.bindings {
		if strings.HasPrefix(f.flowByPK[b.Target].Slug, "large-flow-") {
			pk = b.PK
			break
		}
	}
	for _, fk := range []*Fake{f, fresh} {
		if r := serve(fk, "DELETE", "/api/v3/flows/bindings/"+pk+"/", AdminToken); r.Code != http.StatusNoContent {
			t.Fatalf("DELETE binding: status %d %s", r.Code, r.Body)
		}
	}
	if len(f.pages.pages) != 0 || f.pages.bytes != 0 || f.pages.ix != nil || f.pages.listings != nil {
		t.Fatalf("after a write: %d pages, %d bytes, index %v kept", len(f.pages.pages), f.pages.bytes, f.pages.ix != nil)
	}
	after, wantAfter := serve(f, "GET", page, AdminToken), serve(fresh, "GET", page, AdminToken)
	if after.Body.String() != wantAfter.Body.String() || after.Body.String() == first.Body.String() {
		t.Fatal("after a DELETE the page is not what the changed data renders")
	}
	if _, _, n := f.Counts(); !strings.Contains(after.Body.String(), fmt.Sprintf(`"count":%d,`, n)) || n != SeedBindings+LargeFlows*LargeBindingsPerFlow-1 {
		t.Fatalf("after a DELETE: %.200s", after.Body.String())
	}

	// The test-side writers drop them too.
	for name, write := range map[string]func(){
		"DeleteBinding": func() { f.DeleteBinding(f.bindings[len(f.bindings)-1].PK) },
		"AddStage": func() {
			f.AddStage("cached-stage", "authentik_stages_dummy.dummystage", "ak-stage-dummy-form", "Dummy Stage")
		},
		"SetCacheCount": func() { f.SetCacheCount("large-flow-0001", 3) },
	} {
		serve(f, "GET", page, AdminToken)
		if len(f.pages.pages) == 0 {
			t.Fatalf("%s: page not kept", name)
		}
		write()
		if len(f.pages.pages) != 0 || f.pages.ix != nil {
			t.Errorf("%s kept %d pages (index kept: %v)", name, len(f.pages.pages), f.pages.ix != nil)
		}
	}
}
