package main

// Browser tests of the dashboard (ui/src/dashboard, built into
// web/dashboard): every screen against the demo install and the generated
// large one, driven with real mouse and keyboard input.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"flowgate/upstream/upstreamtest"
)

const pageSize = 25 // ui/src/dashboard/list.ts PAGE_SIZE

// jsShownRows reads the list screen: "slug|designation|order name, …" per row.
const jsShownRows = `[...document.querySelectorAll('#flows tr.flow')].map(tr => tr.dataset.slug + '|' + tr.dataset.designation + '|' +
	[...tr.querySelectorAll('.chain li')].map(li => li.querySelector('.order').textContent + ' ' + li.querySelector('.stage-name').textContent).join(', '))`

// jsShownBindings reads a flow's screen: "order name" per binding, top to bottom.
const jsShownBindings = `[...document.querySelectorAll('#bindings li.binding')].map(li =>
	li.querySelector('.order').textContent + ' ' + li.querySelector('.stage-name').textContent)`

const jsStatus = `((document.getElementById('status-message') || {}).textContent || '')`

// apiPage asks the API for one page of the list as the list screen shows
// it, and returns the rows (jsShownRows' shape), the total and the cursor.
func apiPage(t *testing.T, e *env, after any, search string, designation string) (rows []string, total int, end string) {
	t.Helper()
	vars := map[string]any{"first": pageSize, "after": after, "search": nil, "filter": nil}
	if search != "" {
		vars["search"] = search
	}
	if designation != "" {
		vars["filter"] = map[string]any{"designation": designation}
	}
	resp := e.post(t, `query($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
		flows(first: $first, after: $after, search: $search, filter: $filter) {
			totalCount pageInfo { endCursor } nodes { slug designation bindings { order stage { name } } } } }`, vars, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("API errors: %s", resp.Raw)
	}
	conn := resp.Data["flows"].(map[string]any)
	for _, n := range conn["nodes"].([]any) {
		f := n.(map[string]any)
		var chain []string
		for _, b := range f["bindings"].([]any) {
			bm := b.(map[string]any)
			chain = append(chain, fmt.Sprintf("%v %v", bm["order"], bm["stage"].(map[string]any)["name"]))
		}
		rows = append(rows, fmt.Sprintf("%s|%s|%s", f["slug"], f["designation"], strings.Join(chain, ", ")))
	}
	end, _ = conn["pageInfo"].(map[string]any)["endCursor"].(string)
	return rows, int(conn["totalCount"].(float64)), end
}

// flowBindings asks the API for a flow's bindings ("order name"), their
// pks and its diagram.
func flowBindings(t *testing.T, e *env, slug string) (rows []string, pks []string, diagram string) {
	t.Helper()
	resp := e.post(t, `query($slug: String!) { flow(slug: $slug) { diagram bindings { pk order stage { name } } } }`,
		map[string]any{"slug": slug}, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("API errors: %s", resp.Raw)
	}
	flow, _ := resp.Data["flow"].(map[string]any)
	if flow == nil {
		return nil, nil, ""
	}
	for _, b := range flow["bindings"].([]any) {
		bm := b.(map[string]any)
		rows = append(rows, fmt.Sprintf("%v %v", bm["order"], bm["stage"].(map[string]any)["name"]))
		pks = append(pks, bm["pk"].(string))
	}
	diagram, _ = flow["diagram"].(string)
	return rows, pks, diagram
}

// fakeCall sends a request to the fake authentik as its admin, as another
// client of authentik would.
func fakeCall(t *testing.T, e *env, method, path string, body any) map[string]any {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(t.Context(), method, e.fake.URL+path, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %s %v", method, path, resp.Status, out)
	}
	return out
}

// chunksLoaded lists the script chunks loaded since resetWeight.
func (b *browser) chunksLoaded() []string {
	_, _, each := b.weight()
	var out []string
	for _, s := range each {
		if _, u, ok := strings.Cut(s, " /assets/"); ok && strings.HasPrefix(u, "chunk-") {
			out = append(out, u)
		}
	}
	slices.Sort(out)
	return out
}

// reportBreakdown logs the bytes of reportWeight by kind: the page and its
// static assets, mermaid's chunks, and the GraphQL answers.
func (b *browser) reportBreakdown(t *testing.T, page string) {
	t.Helper()
	_, _, each := b.weight()
	static := staticChunks(t)
	var assets, chunks, gql, nChunks, nGQL int
	for _, s := range each {
		var n int
		var u string
		if _, err := fmt.Sscanf(s, "%d %s", &n, &u); err != nil {
			t.Fatalf("weight entry %q: %v", s, err)
		}
		switch {
		case u == "/graphql":
			gql += n
			nGQL++
		case strings.HasPrefix(u, "/assets/chunk-") && !slices.Contains(static, strings.TrimPrefix(u, "/assets/")):
			chunks += n
			nChunks++
		default:
			assets += n
		}
	}
	t.Logf("page weight by kind: %s: page and assets %d bytes; mermaid's chunks %d bytes in %d requests; GraphQL answers %d bytes in %d requests",
		page, assets, chunks, nChunks, gql, nGQL)
}

// staticChunks lists the chunks dashboard.js imports statically (code it
// shares with mermaid's chunks): every screen loads them; mermaid's own
// chunks are imported dynamically, by a flow's screen.
func staticChunks(t *testing.T) []string {
	t.Helper()
	js, err := os.ReadFile("web/dashboard/dashboard.js")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`import(?:[^"(]*?from)?"\./(chunk-[A-Z0-9]+\.js)"`).FindAllSubmatch(js, -1) {
		out = append(out, string(m[1]))
	}
	slices.Sort(out)
	return out
}

// listRequests counts the fake's requests to its flow listing since Reset.
func upstreamCount(e *env) int { return len(e.fake.Requests()) }

// TestBrowser_DashboardList: the list screen on the demo install: every
// flow with its stage chain in execution order, from one GraphQL request
// and without mermaid; the token field decides whose rights are used.
func TestBrowser_DashboardList(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)

	b.resetWeight()
	b.resetGraphQL()
	e.fake.Reset()
	b.do(t, "open the dashboard", chromedp.Navigate(e.srv.URL+"/dashboard"))
	b.waitJS(t, "the list", `document.querySelector('#flows tr.flow[data-slug="default-authentication-flow"]')`)
	b.reportWeight(t, "GET /dashboard (list screen, demo install, with its GraphQL answer)")
	b.reportBreakdown(t, "list screen, demo install")
	b.keep(t, "dashboard-list")
	if n := b.graphQLRequests(); n != 1 {
		t.Errorf("the list screen sent %d GraphQL requests, want 1", n)
	}
	if n := upstreamCount(e); n != 2 {
		t.Errorf("the list screen cost %d upstream requests, want 2 (flows, bindings)", n)
	}
	if got, want := b.chunksLoaded(), staticChunks(t); !slices.Equal(got, want) || len(want) > 2 {
		t.Errorf("the list screen loaded chunks %q, want only dashboard.js's static imports %q: mermaid belongs to a flow's screen", got, want)
	}
	want, total, _ := apiPage(t, e, nil, "", "")
	if got := eval[[]string](t, b, jsShownRows); !slices.Equal(got, want) {
		t.Errorf("the list shows\n%q\nthe API has\n%q", got, want)
	}
	if total != 17 || len(want) != 17 {
		t.Errorf("the demo has %d flows (%d shown), want 17", total, len(want))
	}
	if got := eval[string](t, b, `document.getElementById('flow-count').textContent`); got != "1–17 of 17 flows" {
		t.Errorf("count = %q", got)
	}
	if got := eval[string](t, b, `document.getElementById('page-info').textContent`); got != "page 1 of 1" {
		t.Errorf("page info = %q", got)
	}
	wantChain := "default-authentication-flow|AUTHENTICATION|10 default-authentication-identification, 20 default-authentication-password, 30 default-authentication-mfa-validation, 100 default-authentication-login"
	if !slices.Contains(want, wantChain) {
		t.Errorf("the API lacks %q", wantChain)
	}

	// A token typed in the field is sent as "Authorization: Bearer …" and
	// narrows the list to what that token may see.
	e.fake.Reset()
	b.do(t, "use the limited token",
		chromedp.SetValue(chromedp.ID("authorization"), upstreamtest.LimitedToken),
		chromedp.Click(chromedp.CSS(`#auth button`)))
	b.waitJS(t, "the limited list", `document.querySelectorAll('#flows tr.flow').length === 3`)
	for _, r := range e.fake.Requests() {
		if r.Authorization != "Bearer "+upstreamtest.LimitedToken {
			t.Errorf("upstream %s %s carried Authorization %q, want the dashboard's token", r.Method, r.Path, r.Authorization)
		}
	}
	shown := eval[[]string](t, b, `[...document.querySelectorAll('#flows tr.flow')].map(f => f.dataset.slug).sort()`)
	if !slices.Equal(shown, upstreamtest.LimitedFlowSlugs) {
		t.Errorf("with the limited token the dashboard shows %q, want %q", shown, upstreamtest.LimitedFlowSlugs)
	}
	b.do(t, "reload", chromedp.Reload())
	b.waitJS(t, "the limited list after a reload", `document.querySelectorAll('#flows tr.flow').length === 3 && document.getElementById('authorization').value === `+jsString(upstreamtest.LimitedToken))

	// A wrong token is reported, not shown as an empty list.
	b.do(t, "use a wrong token",
		chromedp.SetValue(chromedp.ID("authorization"), "Bearer not-a-token"),
		chromedp.Click(chromedp.CSS(`#auth button`)))
	b.waitJS(t, "the error", `document.querySelector('#status[data-kind="error"]')`)
	if msg := eval[string](t, b, jsStatus); !strings.HasPrefix(msg, "The flows could not be loaded.") || !strings.Contains(msg, "UNAUTHENTICATED") {
		t.Errorf("a wrong token shows %q, want an UNAUTHENTICATED error", msg)
	}
	if n := eval[int](t, b, `document.querySelectorAll('#flows tr.flow').length`); n != 0 {
		t.Errorf("a wrong token still shows %d flows", n)
	}
	if v := eval[string](t, b, `document.getElementById('authorization').value`); v != "not-a-token" {
		t.Errorf("a pasted \"Bearer …\" is kept as %q, want the bare token", v)
	}
	b.checkClean(t)
}

// TestBrowser_DashboardLargeInstall: search, the designation filter and
// paging over the generated install of 2,000 flows; every page shown is
// the API's page, each costs the same upstream requests, and the URL keeps
// the place across a reload.
func TestBrowser_DashboardLargeInstall(t *testing.T) {
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	b := newBrowser(t)

	page1, total, end1 := apiPage(t, e, nil, "", "")
	if total != upstreamtest.LargeFlows+17 {
		t.Fatalf("the large install has %d flows, want %d", total, upstreamtest.LargeFlows+17)
	}
	page2, _, end2 := apiPage(t, e, end1, "", "")
	page3, _, _ := apiPage(t, e, end2, "", "")

	b.resetWeight()
	b.resetGraphQL()
	e.fake.Reset()
	b.do(t, "open the dashboard", chromedp.Navigate(e.srv.URL+"/dashboard"))
	b.waitJS(t, "the first page", `document.querySelectorAll('#flows tr.flow').length === `+fmt.Sprint(pageSize))
	b.reportWeight(t, "GET /dashboard (list screen, 2,017 flows, first page of 25)")
	b.reportBreakdown(t, "list screen, 2,017 flows")
	b.keep(t, "dashboard-large-page1")
	firstPageCost := upstreamCount(e)
	t.Logf("one page of %d flows with their stage chains costs %d upstream requests", pageSize, firstPageCost)
	if got := eval[[]string](t, b, jsShownRows); !slices.Equal(got, page1) {
		t.Errorf("page 1 shows\n%q\nthe API has\n%q", got, page1)
	}
	if got := eval[string](t, b, `document.getElementById('flow-count').textContent`); got != fmt.Sprintf("1–25 of %d flows", total) {
		t.Errorf("count = %q", got)
	}
	if got := eval[string](t, b, `document.getElementById('page-info').textContent`); got != fmt.Sprintf("page 1 of %d", (total+pageSize-1)/pageSize) {
		t.Errorf("page info = %q", got)
	}

	// Next, next, previous.
	next := func(what string, want []string, page int) {
		t.Helper()
		e.fake.Reset()
		b.do(t, what, chromedp.Click(chromedp.ID("next-page")))
		b.waitJS(t, "page "+fmt.Sprint(page), `document.getElementById('page-info').textContent.startsWith('page `+fmt.Sprint(page)+` ') && !document.getElementById('results').hasAttribute('aria-busy')`)
		if got := eval[[]string](t, b, jsShownRows); !slices.Equal(got, want) {
			t.Errorf("page %d shows\n%q\nthe API has\n%q", page, got, want)
		}
		if n := upstreamCount(e); n != firstPageCost {
			t.Errorf("page %d cost %d upstream requests, page 1 cost %d", page, n, firstPageCost)
		}
	}
	next("next page", page2, 2)
	next("next page again", page3, 3)
	b.do(t, "previous page", chromedp.Click(chromedp.ID("prev-page")))
	b.waitJS(t, "page 2 again", `document.getElementById('page-info').textContent.startsWith('page 2 ')`)
	b.waitJS(t, "page 2's rows", `!document.getElementById('results').hasAttribute('aria-busy')`)
	if got := eval[[]string](t, b, jsShownRows); !slices.Equal(got, page2) {
		t.Errorf("back on page 2 the list shows\n%q\nthe API has\n%q", got, page2)
	}
	b.do(t, "reload", chromedp.Reload())
	b.waitJS(t, "page 2 after a reload", `document.getElementById('page-info') && document.getElementById('page-info').textContent.startsWith('page 2 ')`)
	if got := eval[[]string](t, b, jsShownRows); !slices.Equal(got, page2) {
		t.Errorf("after a reload page 2 shows\n%q\nthe API has\n%q", got, page2)
	}

	// Search, typed: the results follow, back on page 1.
	wantSearch, searchTotal, _ := apiPage(t, e, nil, "flow 0042", "")
	if searchTotal != 1 || len(wantSearch) != 1 || !strings.HasPrefix(wantSearch[0], "large-flow-0042|") {
		t.Fatalf("the API finds %d flows for \"flow 0042\": %q", searchTotal, wantSearch)
	}
	b.do(t, "search", chromedp.SendKeys(chromedp.ID("search"), "flow 0042"))
	b.waitJS(t, "the search result", `document.getElementById('flow-count').textContent === '1–1 of 1 flows'`)
	b.keep(t, "dashboard-large-search")
	if got := eval[[]string](t, b, jsShownRows); !slices.Equal(got, wantSearch) {
		t.Errorf("the search shows %q, the API has %q", got, wantSearch)
	}
	if got := eval[string](t, b, `location.hash`); got != "#/?q=flow+0042" {
		t.Errorf("the URL keeps the search as %q", got)
	}
	if got := eval[bool](t, b, `document.activeElement === document.getElementById('search')`); !got {
		t.Error("the search box lost the focus while the results changed")
	}

	// A designation, with a search that matches many.
	b.do(t, "clear the search", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input')); })()`))
	b.waitJS(t, "all flows again", `document.getElementById('flow-count').textContent.endsWith(' of `+fmt.Sprint(total)+` flows')`)
	wantRecovery, recoveryTotal, _ := apiPage(t, e, nil, "large", "RECOVERY")
	b.do(t, "search large recovery flows",
		chromedp.SendKeys(chromedp.ID("search"), "large"),
		chromedp.SetValue(chromedp.ID("designation"), "RECOVERY"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('designation').dispatchEvent(new Event('change'))`))
	b.waitJS(t, "the recovery flows", `document.getElementById('flow-count').textContent === '1–25 of `+fmt.Sprint(recoveryTotal)+` flows'`)
	if got := eval[[]string](t, b, jsShownRows); !slices.Equal(got, wantRecovery) {
		t.Errorf("large recovery flows: the list shows\n%q\nthe API has\n%q", got, wantRecovery)
	}
	if recoveryTotal < 100 || recoveryTotal >= total {
		t.Errorf("%d large recovery flows: the filter did not narrow", recoveryTotal)
	}
	for _, r := range wantRecovery {
		if !strings.Contains(r, "|RECOVERY|") || !strings.HasPrefix(r, "large-flow-") {
			t.Errorf("row %q is no large recovery flow", r)
		}
	}
	b.checkClean(t)
}

// stageNodes counts the diagram's stage nodes (authentik's ids stage_0,
// stage_1, …; policies are stage_N_policy_M).
const jsStageNodes = `[...document.querySelectorAll('#diagram svg g.node')].filter(n => /-flowchart-stage_\d+-\d+$/.test(n.id)).length`

// TestBrowser_DashboardDiagram: a flow's screen draws the diagram as SVG
// with one node per bound stage, with mermaid loaded for that screen only
// and within the page's CSP (checkClean fails on any violation); the text
// is behind a toggle.
func TestBrowser_DashboardDiagram(t *testing.T) {
	e := newEnv(t, envOptions{fake: []upstreamtest.Option{upstreamtest.WithLargeInstall()}})
	b := newBrowser(t)
	for _, slug := range []string{"default-authentication-flow", "large-flow-0007", "default-invalidation-flow"} {
		rows, _, diagram := flowBindings(t, e, slug)
		b.resetWeight()
		b.resetGraphQL()
		b.do(t, "open "+slug, chromedp.Navigate(e.srv.URL+"/dashboard#/flows/"+slug))
		b.waitJS(t, slug+"'s diagram", `document.querySelector('#flow-screen[data-slug="`+slug+`"] #diagram svg') && document.querySelectorAll('#bind-stage option').length > 1`)
		if slug == "default-authentication-flow" {
			b.reportWeight(t, "GET /dashboard#/flows/"+slug+" (a flow's screen, with mermaid and its GraphQL answers)")
			b.reportBreakdown(t, "a flow's screen")
			b.keep(t, "dashboard-flow")
			if n, static := len(b.chunksLoaded()), len(staticChunks(t)); n < static+10 {
				t.Errorf("%d chunks loaded for the diagram, want mermaid's (more than dashboard.js's %d)", n, static)
			}
		}
		if got := eval[int](t, b, jsStageNodes); got != len(rows) {
			t.Errorf("%s: the diagram has %d stage nodes, the flow %d bindings", slug, got, len(rows))
		}
		if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, rows) {
			t.Errorf("%s: the bindings shown are %q, the API has %q", slug, got, rows)
		}
		// Two GraphQL requests: the flow, and the stages for the bind form.
		if n := b.graphQLRequests(); n != 2 {
			t.Errorf("%s: %d GraphQL requests, want 2", slug, n)
		}
		// The text, behind its toggle.
		if open := eval[bool](t, b, `document.getElementById('diagram-text').open`); open {
			t.Error("the diagram's text is shown before it is asked for")
		}
		b.do(t, "show the text", chromedp.Click(chromedp.CSS(`#diagram-text summary`)))
		b.waitJS(t, "the text", `document.getElementById('diagram-text').open`)
		if got := eval[string](t, b, `document.querySelector('#diagram-text pre').textContent`); got != diagram {
			t.Errorf("%s: the text shows\n%s\nthe API has\n%s", slug, got, diagram)
		}
	}
	if n := eval[int](t, b, `document.querySelectorAll('#diagram svg style, #diagram svg [data-flowgate-theme]').length`); n != 0 {
		t.Errorf("the diagram kept %d inline <style> elements", n)
	}
	b.checkClean(t)
}

// dragOnto presses the mouse on the element sel, moves it in steps to just
// inside the bottom (below) or the top edge of the element onto, and
// releases it: real input events, as a user's drag.
func (b *browser) dragOnto(t *testing.T, sel, onto string, below bool) {
	t.Helper()
	pos := eval[[]float64](t, b, `(() => {
		const r = document.querySelector(`+jsString(sel)+`).getBoundingClientRect();
		const o = document.querySelector(`+jsString(onto)+`).getBoundingClientRect();
		return [r.x + r.width / 2, r.y + r.height / 2, `+fmt.Sprint(below)+` ? o.bottom - 4 : o.top + 4]; })()`)
	x, y, to := pos[0], pos[1], pos[2]
	mouse := func(typ input.DispatchMouseEventType, y float64, buttons int64) {
		t.Helper()
		p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: 1}
		if typ == input.DispatchMouseEventTypeMouseMoved {
			p.ClickCount = 0
		}
		if _, err := chromedp.Call(b.ctx, input.DispatchMouseEvent, p); err != nil {
			t.Fatalf("mouse %s: %v", typ, err)
		}
	}
	mouse(input.DispatchMouseEventTypeMousePressed, y, 1)
	const steps = 8
	for i := 1; i <= steps; i++ {
		mouse(input.DispatchMouseEventTypeMouseMoved, y+(to-y)*float64(i)/steps, 1)
	}
	mouse(input.DispatchMouseEventTypeMouseReleased, to, 0)
}

// TestBrowser_DashboardReorder: stages reordered by drag and drop and by
// the keyboard, each saved through reorderFlowStages and shown again after
// a reload; a refused save and a save that fails midway each replace the
// earlier "Order saved." with what happened.
func TestBrowser_DashboardReorder(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	const slug = "default-authentication-flow"
	b.do(t, "open the sign-in flow", chromedp.Navigate(e.srv.URL+"/dashboard#/flows/"+slug))
	b.waitJS(t, "the bindings", `document.querySelectorAll('#bindings li.binding').length === 4`)
	_, pks, _ := flowBindings(t, e, slug)

	// Drag the first stage below the second.
	b.resetGraphQL()
	row := func(pk string) string { return `#bindings li.binding[data-pk="` + pk + `"]` }
	b.dragOnto(t, row(pks[0])+` .handle`, row(pks[1]), true)
	b.waitJS(t, "the saved order", jsStatus+` === 'Order saved.'`)
	b.keep(t, "dashboard-reorder-dragged")
	dragged := []string{"10 default-authentication-password", "20 default-authentication-identification",
		"30 default-authentication-mfa-validation", "40 default-authentication-login"}
	if got, _, _ := flowBindings(t, e, slug); !slices.Equal(got, dragged) {
		t.Errorf("after the drag the API has %q, want %q", got, dragged)
	}
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, dragged) {
		t.Errorf("after the drag the screen shows %q, want %q", got, dragged)
	}
	if n := b.graphQLRequests(); n != 1 {
		t.Errorf("the drag sent %d GraphQL requests, want 1 (reorderFlowStages)", n)
	}
	b.do(t, "reload", chromedp.Reload())
	b.waitJS(t, "the bindings after a reload", `document.querySelectorAll('#bindings li.binding').length === 4`)
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, dragged) {
		t.Errorf("after a reload the screen shows %q, want %q", got, dragged)
	}

	// The keyboard: focus the last stage's handle, press ↑ twice.
	b.do(t, "move the login stage up twice",
		chromedp.Focus(chromedp.CSS(`#bindings li.binding[data-pk="`+pks[3]+`"] .handle`)),
		chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	b.waitJS(t, "the saved order", jsStatus+` === 'Order saved.' && document.querySelectorAll('#bindings li.binding')[1].dataset.pk === `+jsString(pks[3]))
	keyed := []string{"10 default-authentication-password", "20 default-authentication-login",
		"30 default-authentication-identification", "40 default-authentication-mfa-validation"}
	if got, _, _ := flowBindings(t, e, slug); !slices.Equal(got, keyed) {
		t.Errorf("after the keyboard moves the API has %q, want %q", got, keyed)
	}
	if got := eval[string](t, b, `document.activeElement.closest('li.binding').dataset.pk`); got != pks[3] {
		t.Errorf("the focus went to binding %s, want the moved one's handle", got)
	}

	// Someone else binds a stage: the screen is stale, the save is refused,
	// the reason replaces "Order saved.", and the list shows authentik's.
	flowPK := e.post(t, `{ flow(slug: "`+slug+`") { pk } }`, nil, nil).Data["flow"].(map[string]any)["pk"].(string)
	stages := e.post(t, `{ stages(first: 1, name: "default-authentication-login") { nodes { pk } } }`, nil, nil)
	stagePK := stages.Data["stages"].(map[string]any)["nodes"].([]any)[0].(map[string]any)["pk"].(string)
	fakeCall(t, e, "POST", "/api/v3/flows/bindings/", map[string]any{"target": flowPK, "stage": stagePK, "order": 500})
	b.dragOnto(t, row(pks[0])+` .handle`, row(pks[3]), false)
	b.waitJS(t, "the refusal", `document.querySelector('#status[data-kind="error"]') && document.querySelectorAll('#bindings li.binding').length === 5`)
	b.keep(t, "dashboard-reorder-stale")
	msg := eval[string](t, b, jsStatus)
	if !strings.HasPrefix(msg, "The order was not saved. Bindings of this flow missing from the list (it must name all 5): ") ||
		!strings.HasSuffix(msg, "The list shows the bindings as authentik has them now.") || strings.Contains(msg, "Order saved.") {
		t.Errorf("the refused save shows %q", msg)
	}
	after, pks, _ := flowBindings(t, e, slug)
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, after) {
		t.Errorf("after the refusal the screen shows %q, authentik has %q", got, after)
	}

	// A write fails midway: the screen says what changed and shows the
	// bindings as authentik now has them. Moving the last binding to the
	// top rewrites every binding; the second write fails.
	e.fake.Inject(upstreamtest.Fault{Method: "PATCH", PathPrefix: "/api/v3/flows/bindings/" + pks[0] + "/", Times: 1,
		Status: http.StatusServiceUnavailable, Body: `{"detail": "down for maintenance"}`})
	b.do(t, "move the last stage to the top", chromedp.Focus(chromedp.CSS(`#bindings li.binding[data-pk="`+pks[4]+`"] .handle`)),
		chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp))
	b.waitJS(t, "the partial-failure notice", `document.querySelector('#status #reorder-partial')`)
	b.keep(t, "dashboard-reorder-midway-failure")
	notice := eval[string](t, b, `document.getElementById('status').innerText`)
	now, _, _ := flowBindings(t, e, slug)
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, now) {
		t.Errorf("after the failed reorder the screen shows %q, authentik has %q", got, now)
	}
	for _, want := range []string{"The reorder stopped partway.", "Failed: ", "Changed: ", "Unchanged: ", "UPSTREAM_UNAVAILABLE"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice lacks %q:\n%s", want, notice)
		}
	}
	if strings.Contains(notice, "Order saved.") || strings.Contains(notice, "not saved. Bindings") {
		t.Errorf("an earlier message stayed:\n%s", notice)
	}
	b.checkClean(t)
}

// TestBrowser_DashboardCreateEditDelete: a flow is created, an edit that
// authentik refuses shows its message next to the field (and nothing of
// the earlier "created"), and the flow is deleted.
func TestBrowser_DashboardCreateEditDelete(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	b.do(t, "open the dashboard", chromedp.Navigate(e.srv.URL+"/dashboard"))
	b.waitJS(t, "the list", `document.querySelector('#flows tr.flow')`)
	b.resetWeight()
	b.do(t, "new flow", chromedp.Click(chromedp.ID("new-flow")))
	b.waitJS(t, "the create form", `document.getElementById('create-form')`)
	b.reportWeight(t, "#/new (create screen, after the list: no request)")

	// Refused by authentik: the slug exists. The message sits by the slug.
	b.do(t, "fill in the form with a taken slug",
		chromedp.SetValue(chromedp.ID("f-input-name"), "Partner sign-in"),
		chromedp.SetValue(chromedp.ID("f-input-slug"), "default-authentication-flow"),
		chromedp.SetValue(chromedp.ID("f-input-title"), "Welcome, partner"),
		chromedp.Click(chromedp.ID("create-submit")))
	b.waitJS(t, "the slug's error", `document.getElementById('err-input-slug').textContent`)
	if got := eval[string](t, b, `document.getElementById('err-input-slug').textContent`); got != "Flow with this slug already exists." {
		t.Errorf("slug error = %q", got)
	}
	if got := eval[string](t, b, jsStatus); got != "The flow was not created: see the fields marked." {
		t.Errorf("status = %q", got)
	}

	b.do(t, "fix the slug", chromedp.SetValue(chromedp.ID("f-input-slug"), "partner-sign-in"), chromedp.Click(chromedp.ID("create-submit")))
	b.waitJS(t, "the new flow's screen", `document.querySelector('#flow-screen[data-slug="partner-sign-in"]')`)
	b.keep(t, "dashboard-created")
	if got := eval[string](t, b, jsStatus); got != "Flow “Partner sign-in” created." {
		t.Errorf("status = %q", got)
	}
	created := e.post(t, `{ flow(slug: "partner-sign-in") { name title designation bindings { pk } } }`, nil, nil)
	if got, want := string(created.Raw), `{"data":{"flow":{"name":"Partner sign-in","title":"Welcome, partner","designation":"AUTHENTICATION","bindings":[]}},"extensions":{"cost":{"upstreamRequests":2,"estimatedUpstreamRequests":2}}}`; got != want {
		t.Errorf("the API has %s, want %s", got, want)
	}

	// An edit authentik refuses: the slug of another flow.
	b.do(t, "rename the slug to a taken one",
		chromedp.SetValue(chromedp.ID("f-input-slug"), "default-invalidation-flow"),
		chromedp.SetValue(chromedp.ID("f-input-title"), "Welcome, dear partner"),
		chromedp.Click(chromedp.ID("save-flow")))
	b.waitJS(t, "the slug's error", `document.getElementById('err-input-slug').textContent`)
	b.keep(t, "dashboard-edit-refused")
	if got := eval[string](t, b, `document.getElementById('err-input-slug').textContent`); got != "Flow with this slug already exists." {
		t.Errorf("slug error = %q", got)
	}
	if got := eval[string](t, b, `document.getElementById('f-input-slug').getAttribute('aria-invalid')`); got != "true" {
		t.Errorf("the slug field is not marked invalid (%q)", got)
	}
	if got := eval[string](t, b, jsStatus); got != "The settings were not saved: see the fields marked." {
		t.Errorf("status = %q (the earlier message must be gone)", got)
	}
	if got := e.post(t, `{ flow(slug: "partner-sign-in") { title } }`, nil, nil); string(got.Raw) != `{"data":{"flow":{"title":"Welcome, partner"}},"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1}}}` {
		t.Errorf("a refused edit changed the flow: %s", got.Raw)
	}

	// Fixed, it saves; the error goes.
	b.do(t, "keep the slug", chromedp.SetValue(chromedp.ID("f-input-slug"), "partner-sign-in"), chromedp.Click(chromedp.ID("save-flow")))
	b.waitJS(t, "saved", jsStatus+` === 'Settings saved.'`)
	if got := eval[string](t, b, `document.getElementById('err-input-slug').textContent`); got != "" {
		t.Errorf("a stale field error stayed: %q", got)
	}
	if got := e.post(t, `{ flow(slug: "partner-sign-in") { title } }`, nil, nil); string(got.Raw) != `{"data":{"flow":{"title":"Welcome, dear partner"}},"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1}}}` {
		t.Errorf("the edit did not reach authentik: %s", got.Raw)
	}

	// Delete, confirmed.
	b.do(t, "delete", chromedp.Click(chromedp.ID("delete-flow")))
	b.waitJS(t, "the confirmation", `document.getElementById('delete-confirm')`)
	if got := eval[string](t, b, `document.querySelector('.delete .confirm').textContent`); !strings.HasPrefix(got, "Delete “Partner sign-in” and its 0 bindings?") {
		t.Errorf("confirmation = %q", got)
	}
	b.do(t, "confirm", chromedp.Click(chromedp.ID("delete-confirm")))
	b.waitJS(t, "the list", `document.querySelector('#flows tr.flow') && `+jsStatus+` === 'Flow “Partner sign-in” deleted.'`)
	b.keep(t, "dashboard-deleted")
	if got := e.post(t, `{ flow(slug: "partner-sign-in") { pk } }`, nil, nil); string(got.Raw) != `{"data":{"flow":null},"extensions":{"cost":{"upstreamRequests":1,"estimatedUpstreamRequests":1}}}` {
		t.Errorf("after the delete the API has %s", got.Raw)
	}
	if n := eval[int](t, b, `document.querySelectorAll('#flows tr.flow[data-slug="partner-sign-in"]').length`); n != 0 {
		t.Error("the deleted flow is still listed")
	}
	b.checkClean(t)
}

// TestBrowser_DashboardBindUnbind: a stage picked from the stages list is
// bound (a refused binding shows authentik's reason), shown in the list and
// the diagram, then unbound.
func TestBrowser_DashboardBindUnbind(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	const slug = "default-invalidation-flow"
	before, _, _ := flowBindings(t, e, slug)
	b.do(t, "open the flow", chromedp.Navigate(e.srv.URL+"/dashboard#/flows/"+slug))
	b.waitJS(t, "the stages to pick from", `document.querySelectorAll('#bind-stage option').length > 1`)
	stageCount := eval[int](t, b, `document.querySelectorAll('#bind-stage option').length - 1`)
	if want := int(e.post(t, `{ stages { totalCount } }`, nil, nil).Data["stages"].(map[string]any)["totalCount"].(float64)); stageCount != want {
		t.Errorf("the picker offers %d stages, the API has %d", stageCount, want)
	}
	b.do(t, "filter the stages", chromedp.SendKeys(chromedp.ID("stage-search"), "default-authentication-login"))
	b.waitJS(t, "one stage", `document.querySelectorAll('#bind-stage option').length === 2`)
	stagePK := eval[string](t, b, `document.querySelectorAll('#bind-stage option')[1].value`)
	if got := eval[string](t, b, `document.querySelectorAll('#bind-stage option')[1].textContent`); got != "default-authentication-login (User Login Stage)" {
		t.Errorf("the filtered picker offers %q", got)
	}

	// Bound at order 30.
	b.do(t, "bind it", chromedp.SetValue(chromedp.ID("bind-stage"), stagePK), chromedp.SetValue(chromedp.ID("bind-order"), "30"), chromedp.Click(chromedp.ID("bind-submit")))
	b.waitJS(t, "the new binding", jsStatus+` === 'Bound default-authentication-login at order 30.'`)
	b.waitJS(t, "the diagram", `document.querySelector('#diagram svg')`)
	b.keep(t, "dashboard-bound")
	rows, pks, _ := flowBindings(t, e, slug)
	if want := append(slices.Clone(before), "30 default-authentication-login"); !slices.Equal(rows, want) {
		t.Errorf("after binding the API has %q, want %q", rows, want)
	}
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, rows) {
		t.Errorf("after binding the screen shows %q, the API has %q", got, rows)
	}
	if got := eval[int](t, b, jsStageNodes); got != len(rows) {
		t.Errorf("the diagram has %d stage nodes, the flow %d bindings", got, len(rows))
	}

	// The same stage at the same order again: authentik refuses.
	b.do(t, "bind it again", chromedp.SetValue(chromedp.ID("bind-stage"), stagePK), chromedp.SetValue(chromedp.ID("bind-order"), "30"), chromedp.Click(chromedp.ID("bind-submit")))
	b.waitJS(t, "the refusal", `document.querySelector('#status[data-kind="error"]')`)
	refusal := eval[string](t, b, jsStatus)
	if !strings.HasPrefix(refusal, "The stage was not bound.") || strings.Contains(refusal, "Bound ") {
		t.Errorf("the refused binding shows %q", refusal)
	}
	t.Logf("refused: %s", refusal)
	if n, _, _ := flowBindings(t, e, slug); len(n) != len(rows) {
		t.Errorf("a refused binding changed the flow: %q", n)
	}

	// Unbind, confirmed.
	newPK := pks[len(pks)-1]
	unbind := chromedp.CSS(`#bindings li.binding[data-pk="` + newPK + `"] .unbind`)
	b.do(t, "unbind", chromedp.Click(unbind))
	b.waitJS(t, "the confirmation", `document.querySelector('#bindings li.binding[data-pk="`+newPK+`"] .unbind').textContent === 'Really unbind?'`)
	b.do(t, "confirm", chromedp.Click(unbind))
	b.waitJS(t, "unbound", jsStatus+` === 'Unbound default-authentication-login.'`)
	if rows, _, _ := flowBindings(t, e, slug); !slices.Equal(rows, before) {
		t.Errorf("after unbinding the API has %q, want %q", rows, before)
	}
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, before) {
		t.Errorf("after unbinding the screen shows %q, want %q", got, before)
	}
	b.waitJS(t, "the diagram", `document.querySelector('#diagram svg')`)
	if got := eval[int](t, b, jsStageNodes); got != len(before) {
		t.Errorf("the diagram has %d stage nodes, the flow %d bindings", got, len(before))
	}
	b.checkClean(t)
}

// TestBrowser_DashboardStageSettings: opening a stage of a flow's chain
// shows its type's settings (one GraphQL request), as the API has them.
func TestBrowser_DashboardStageSettings(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	open := func(slug string, i int) (string, map[string]any) {
		t.Helper()
		_, pks, _ := flowBindings(t, e, slug)
		resp := e.post(t, `query($slug: String!) { flow(slug: $slug) { bindings { stage { pk } } } }`, map[string]any{"slug": slug}, nil)
		stagePK := resp.Data["flow"].(map[string]any)["bindings"].([]any)[i].(map[string]any)["stage"].(map[string]any)["pk"].(string)
		b.do(t, "open "+slug, chromedp.Navigate(e.srv.URL+"/dashboard#/flows/"+slug))
		b.waitJS(t, "the bindings", `document.querySelector('#flow-screen[data-slug="`+slug+`"] #bindings')`)
		b.resetGraphQL()
		b.do(t, "open the stage's settings", chromedp.Click(chromedp.CSS(`#stage-`+pks[i]+` summary`)))
		b.waitJS(t, "the settings", `document.querySelector('#stage-`+pks[i]+` [data-typename]')`)
		if n := b.graphQLRequests(); n != 1 {
			t.Errorf("opening a stage's settings sent %d GraphQL requests, want 1", n)
		}
		api := e.post(t, `query($pk: ID!) { stage(pk: $pk) { __typename
			... on IdentificationStage { userFields passwordStage { name } enrollmentFlow { slug name } }
			... on PromptStage { fields { fieldKey label type required placeholder order } } } }`, map[string]any{"pk": stagePK}, nil)
		if len(api.Errors) > 0 {
			t.Fatalf("API errors: %s", api.Raw)
		}
		return pks[i], api.Data["stage"].(map[string]any)
	}
	shown := func(pk string) map[string]string {
		return eval[map[string]string](t, b, `Object.fromEntries([...document.querySelectorAll('#stage-`+pk+` dt')].map(dt => [dt.dataset.key, dt.nextElementSibling.innerText]))`)
	}

	// Identification: the user fields and the linked password stage.
	pk, api := open("default-authentication-flow", 0)
	if api["__typename"] != "IdentificationStage" {
		t.Fatalf("the sign-in flow's first stage is a %v", api["__typename"])
	}
	if got := eval[string](t, b, `document.querySelector('#stage-`+pk+` [data-typename]').dataset.typename`); got != "IdentificationStage" {
		t.Errorf("typename shown = %q", got)
	}
	got := shown(pk)
	var fields []string
	for _, f := range api["userFields"].([]any) {
		fields = append(fields, strings.ToLower(strings.ReplaceAll(f.(string), "_", " ")))
	}
	if want := strings.Join(fields, ", "); got["userFields"] != want {
		t.Errorf("user fields shown %q, the API has %q", got["userFields"], want)
	}
	wantPassword := "—"
	if ps, ok := api["passwordStage"].(map[string]any); ok {
		wantPassword = ps["name"].(string)
	}
	if got["passwordStage"] != wantPassword {
		t.Errorf("password stage shown %q, the API has %q", got["passwordStage"], wantPassword)
	}
	b.keep(t, "dashboard-stage-settings")

	// A prompt stage: its fields, in a table.
	pk, api = open("default-enrollment-flow", 0)
	if api["__typename"] != "PromptStage" {
		t.Fatalf("the enrollment flow's first stage is a %v", api["__typename"])
	}
	rows := eval[[]string](t, b, `[...document.querySelectorAll('#stage-`+pk+` table.prompt-fields tbody tr')].map(tr => [...tr.children].map(td => td.textContent).join('|'))`)
	var want []string
	for _, f := range api["fields"].([]any) {
		fm := f.(map[string]any)
		req := "no"
		if fm["required"].(bool) {
			req = "yes"
		}
		typ, _ := fm["type"].(string)
		want = append(want, fmt.Sprintf("%v|%s|%s|%s|%s|%s", fm["order"], fm["fieldKey"], fm["label"], strings.ToLower(strings.ReplaceAll(typ, "_", " ")), req, fm["placeholder"]))
	}
	if !slices.Equal(rows, want) || len(want) == 0 {
		t.Errorf("prompt fields shown\n%q\nthe API has\n%q", rows, want)
	}

	// A logout stage has no settings.
	pk, _ = open("default-invalidation-flow", 0)
	if n := eval[int](t, b, `document.querySelectorAll('#stage-`+pk+` .no-settings').length`); n != 1 {
		t.Error("the logout stage shows settings it has not")
	}
	b.checkClean(t)
}

// policyRows asks the API for a flow's policy bindings and its stage
// bindings' ("order [not ]name [disabled]"), keyed "flow" and by binding pk.
func policyRows(t *testing.T, e *env, slug string) map[string][]string {
	t.Helper()
	resp := e.post(t, `query($slug: String!) { flow(slug: $slug) {
		policyBindings { order negate enabled policy { name } group { name } user { username } }
		bindings { pk policyBindings { order negate enabled policy { name } group { name } user { username } } } } }`,
		map[string]any{"slug": slug}, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("API errors: %s", resp.Raw)
	}
	rows := func(list []any) []string {
		out := []string{}
		for _, x := range list {
			pb := x.(map[string]any)
			name := "?"
			if p, ok := pb["policy"].(map[string]any); ok {
				name = p["name"].(string)
			} else if g, ok := pb["group"].(map[string]any); ok {
				name = "group " + g["name"].(string)
			} else if u, ok := pb["user"].(map[string]any); ok {
				name = "user " + u["username"].(string)
			}
			if pb["negate"].(bool) {
				name = "not " + name
			}
			row := fmt.Sprintf("%v %s", pb["order"], name)
			if !pb["enabled"].(bool) {
				row += " disabled"
			}
			out = append(out, row)
		}
		return out
	}
	flow := resp.Data["flow"].(map[string]any)
	out := map[string][]string{"flow": rows(flow["policyBindings"].([]any))}
	for _, b := range flow["bindings"].([]any) {
		bm := b.(map[string]any)
		out[bm["pk"].(string)] = rows(bm["policyBindings"].([]any))
	}
	return out
}

// jsShownPolicies reads the flow screen's policy panels in policyRows' shape.
const jsShownPolicies = `Object.fromEntries([...document.querySelectorAll('.policy-panel')].map(p =>
	[p.id === 'policies-flow' ? 'flow' : p.id.slice('policies-'.length),
	 [...p.querySelectorAll('li.policy-binding')].map(li => li.querySelector('.order').textContent + ' ' +
		li.querySelector('.bound').firstChild.textContent.replace(/^not $/, 'not ') + (li.querySelector('.negate') ? li.querySelector('.bound').childNodes[1].textContent : '') +
		(li.querySelector('.pb-enabled').checked ? '' : ' disabled'))]))`

// TestBrowser_DashboardPolicies: a flow's screen shows who may run it and
// when each stage runs (the policy bindings of the flow and of each stage
// binding, from the flow's one request), and binds, disables and unbinds a
// policy on the flow and on a stage binding; authentik's refusal is shown.
func TestBrowser_DashboardPolicies(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	const slug = "default-authentication-flow"
	b.resetGraphQL()
	b.do(t, "open the sign-in flow", chromedp.Navigate(e.srv.URL+"/dashboard#/flows/"+slug))
	b.waitJS(t, "the policy panels", `document.querySelectorAll('.policy-panel').length === 5`)
	want := policyRows(t, e, slug)
	if got := eval[map[string][]string](t, b, jsShownPolicies); !reflect.DeepEqual(got, want) {
		t.Errorf("the screen shows policy bindings\n%v\nthe API has\n%v", got, want)
	}
	_, pks, _ := flowBindings(t, e, slug)
	if len(want[pks[1]]) == 0 {
		t.Fatalf("the demo's password binding has no policy binding: %v", want)
	}
	summary := eval[string](t, b, `document.querySelector('#pb-`+pks[1]+` summary').textContent`)
	if _, name, _ := strings.Cut(want[pks[1]][0], " "); len(want[pks[1]]) != 1 || summary != "1 policy: "+name {
		t.Errorf("the password binding's summary is %q, want 1 policy: %q", summary, want[pks[1]])
	}

	// Bind a policy to the flow, negated.
	policies := e.post(t, `{ policies(first: 100) { nodes { pk name } } }`, nil, nil).Data["policies"].(map[string]any)["nodes"].([]any)
	pol := policies[0].(map[string]any)
	polName := pol["name"].(string)
	b.do(t, "open the flow's bind form", chromedp.Click(chromedp.CSS(`#policies-flow-bind summary`)))
	b.waitJS(t, "the policies", `document.querySelectorAll('#policies-flow-policy option').length > 1`)
	b.do(t, "bind it", chromedp.SetValue(chromedp.ID("policies-flow-policy"), pol["pk"].(string)),
		chromedp.SetValue(chromedp.ID("policies-flow-order"), "70"),
		chromedp.Click(chromedp.ID("policies-flow-negate")),
		chromedp.Click(chromedp.CSS(`#policies-flow .bind-policy-submit`)))
	b.waitJS(t, "bound", jsStatus+` === 'Bound `+polName+` at order 70.'`)
	b.keep(t, "dashboard-policy-bound")
	want = policyRows(t, e, slug)
	if !slices.Contains(want["flow"], "70 not "+polName) {
		t.Errorf("after binding the API has %q", want["flow"])
	}
	if got := eval[map[string][]string](t, b, jsShownPolicies); !reflect.DeepEqual(got, want) {
		t.Errorf("after binding the screen shows\n%v\nthe API has\n%v", got, want)
	}
	if open := eval[bool](t, b, `document.getElementById('policies-flow-bind').open`); !open {
		t.Error("the bind form closed on redraw")
	}

	// The same again: authentik refuses, and says why.
	b.do(t, "bind it again", chromedp.SetValue(chromedp.ID("policies-flow-policy"), pol["pk"].(string)),
		chromedp.SetValue(chromedp.ID("policies-flow-order"), "70"),
		chromedp.Click(chromedp.CSS(`#policies-flow .bind-policy-submit`)))
	b.waitJS(t, "the refusal", `document.querySelector('#status[data-kind="error"]')`)
	t.Logf("refused: %s", eval[string](t, b, jsStatus))
	if got := eval[string](t, b, jsStatus); !strings.HasPrefix(got, "The policy was not bound") || strings.Contains(got, "Bound ") {
		t.Errorf("the refusal shows %q", got)
	}

	// Disable it, then unbind it.
	newPB := eval[string](t, b, `[...document.querySelectorAll('#policies-flow li.policy-binding')].find(li => li.querySelector('.order').textContent === '70').dataset.pk`)
	b.do(t, "disable it", chromedp.Click(chromedp.CSS(`#policies-flow li[data-pk="`+newPB+`"] .pb-enabled`)))
	b.waitJS(t, "disabled", jsStatus+` === '`+polName+` disabled.'`)
	if got := policyRows(t, e, slug)["flow"]; !slices.Contains(got, "70 not "+polName+" disabled") {
		t.Errorf("after disabling the API has %q", got)
	}
	unbind := chromedp.CSS(`#policies-flow li[data-pk="` + newPB + `"] .pb-unbind`)
	b.do(t, "unbind", chromedp.Click(unbind))
	b.waitJS(t, "the confirmation", `document.querySelector('#policies-flow li[data-pk="`+newPB+`"] .pb-unbind').textContent === 'Really unbind?'`)
	b.do(t, "confirm", chromedp.Click(unbind))
	b.waitJS(t, "unbound", jsStatus+` === 'Unbound `+polName+`.'`)
	if got := policyRows(t, e, slug)["flow"]; slices.ContainsFunc(got, func(r string) bool { return strings.HasPrefix(r, "70 ") }) {
		t.Errorf("after unbinding the API has %q", got)
	}

	// A stage binding's own: bind a policy to the MFA stage's binding.
	mfa := pks[2]
	b.do(t, "open the MFA binding's policies", chromedp.Click(chromedp.CSS(`#pb-`+mfa+` summary`)),
		chromedp.Click(chromedp.CSS(`#policies-`+mfa+`-bind summary`)))
	b.waitJS(t, "the policies", `document.querySelectorAll('#policies-`+mfa+`-policy option').length > 1`)
	b.do(t, "bind it", chromedp.SetValue(chromedp.ID("policies-"+mfa+"-policy"), pol["pk"].(string)),
		chromedp.SetValue(chromedp.ID("policies-"+mfa+"-order"), "40"),
		chromedp.Click(chromedp.CSS(`#policies-`+mfa+` .bind-policy-submit`)))
	b.waitJS(t, "bound", jsStatus+` === 'Bound `+polName+` at order 40.'`)
	b.keep(t, "dashboard-stage-policy-bound")
	want = policyRows(t, e, slug)
	if !slices.Contains(want[mfa], "40 "+polName) {
		t.Errorf("after binding the MFA binding has %q", want[mfa])
	}
	if got := eval[map[string][]string](t, b, jsShownPolicies); !reflect.DeepEqual(got, want) {
		t.Errorf("after binding the screen shows\n%v\nthe API has\n%v", got, want)
	}
	b.checkClean(t)
}

// TestBrowser_DashboardRunLink: with AUTHENTIK_URL set, a flow's screen
// links to authentik's page that runs the flow; in demo mode it has none.
func TestBrowser_DashboardRunLink(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.Demo, c.AuthentikURL = false, "https://auth.example.com/base" }})
	b := newBrowser(t)
	const slug = "default-authentication-flow"
	b.do(t, "open the flow", chromedp.Navigate(e.srv.URL+"/dashboard#/flows/"+slug))
	b.waitJS(t, "the link", `document.getElementById('run-flow')`)
	link := eval[[]string](t, b, `(() => { const a = document.getElementById('run-flow'); return [a.href, a.target, a.rel, a.textContent]; })()`)
	if want := []string{"https://auth.example.com/base/if/flow/" + slug + "/", "_blank", "noopener noreferrer", "Run in authentik ↗"}; !slices.Equal(link, want) {
		t.Errorf("the link is %q, want %q", link, want)
	}

	demo := newEnv(t, envOptions{})
	b.do(t, "open the flow in demo mode", chromedp.Navigate(demo.srv.URL+"/dashboard#/flows/"+slug))
	b.waitJS(t, "the flow", `document.querySelector('#flow-screen[data-slug="`+slug+`"]')`)
	if n := eval[int](t, b, `document.querySelectorAll('#run-flow').length`); n != 0 {
		t.Error("demo mode links to an authentik it does not have")
	}
	b.checkClean(t)
}
