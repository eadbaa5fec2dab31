package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"flowgate/upstream/upstreamtest"
)

// jsShownBindings reads the detail screen's bindings table: "order name"
// per row, top to bottom.
const jsShownBindings = `[...document.querySelectorAll('#bindings tbody tr')].map(tr =>
	tr.querySelector('input.order').value + ' ' + tr.querySelector('.stage-name').textContent)`

// flowBindings asks the API for a flow's bindings ("order name") and
// diagram, as the detail screen shows them.
func flowBindings(t *testing.T, e *env, slug string) (rows []string, pks []string, diagram string) {
	t.Helper()
	resp := e.post(t, `query($slug: String!) { flow(slug: $slug) { diagram bindings { pk order stage { name } } } }`,
		map[string]any{"slug": slug}, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("API errors: %s", resp.Raw)
	}
	flow := resp.Data["flow"].(map[string]any)
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

// TestBrowser_DashboardFlow: the sign-in flow's detail screen shows its
// stages in execution order and its diagram (one request); swapping two
// stages saves through reorderFlowStages and survives a reload; invalid
// input and a stale screen show their errors next to the fields.
func TestBrowser_DashboardFlow(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	const slug = "default-authentication-flow"
	rowsReady := `document.querySelectorAll('#bindings tbody tr').length > 0`

	b.resetWeight()
	b.resetGraphQL()
	b.do(t, "open the sign-in flow", chromedp.Navigate(e.srv.URL+"/dashboard#/flows/"+slug))
	b.waitJS(t, "the bindings", rowsReady)
	b.reportWeight(t, "GET /dashboard#/flows/"+slug+" (detail screen, with its GraphQL answer)")
	b.keep(t, "dashboard-flow")
	if n := b.graphQLRequests(); n != 1 {
		t.Errorf("the detail screen sent %d GraphQL requests, want 1", n)
	}

	apiRows, pks, diagram := flowBindings(t, e, slug)
	want := []string{"10 default-authentication-identification", "20 default-authentication-password",
		"30 default-authentication-mfa-validation", "100 default-authentication-login"}
	if !slices.Equal(apiRows, want) {
		t.Fatalf("the API has %q, the test expects the demo's %q", apiRows, want)
	}
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, want) {
		t.Errorf("the detail screen shows %q, want %q", got, want)
	}
	if diagram == "" {
		t.Fatal("the API has no diagram for the sign-in flow")
	}
	if got := eval[string](t, b, `document.querySelector('pre#diagram').textContent`); got != diagram {
		t.Errorf("the diagram shows\n%s\nthe API has\n%s", got, diagram)
	}

	// Input the browser can reject is rejected there, next to the field,
	// without a request.
	b.resetGraphQL()
	b.do(t, "enter a fraction", chromedp.SetValue(chromedp.CSS(`input.order[data-pk="`+pks[0]+`"]`), "1.5"),
		chromedp.Click(chromedp.ID("save-order")))
	b.waitJS(t, "the field error", `document.getElementById('err-`+pks[0]+`').textContent`)
	if got := eval[string](t, b, `document.getElementById('err-`+pks[0]+`').textContent`); got != "Enter a whole number." {
		t.Errorf("field error = %q", got)
	}
	b.keep(t, "dashboard-flow-field-error")
	if n := b.graphQLRequests(); n != 0 {
		t.Errorf("invalid input sent %d GraphQL requests", n)
	}

	// Swap the first two stages.
	b.do(t, "swap the first two stages",
		chromedp.SetValue(chromedp.CSS(`input.order[data-pk="`+pks[0]+`"]`), "20"),
		chromedp.SetValue(chromedp.CSS(`input.order[data-pk="`+pks[1]+`"]`), "10"),
		chromedp.Click(chromedp.ID("save-order")))
	b.waitJS(t, "the saved order", `(document.getElementById('reorder-status') || {}).textContent === 'Order saved.'`)
	b.keep(t, "dashboard-flow-reordered")
	swapped := []string{"10 default-authentication-password", "20 default-authentication-identification",
		"30 default-authentication-mfa-validation", "40 default-authentication-login"}
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, swapped) {
		t.Errorf("after saving the screen shows %q, want %q", got, swapped)
	}
	if n := b.graphQLRequests(); n != 1 {
		t.Errorf("saving sent %d GraphQL requests, want 1", n)
	}
	if got, _, _ := flowBindings(t, e, slug); !slices.Equal(got, swapped) {
		t.Errorf("after saving the API has %q, want %q", got, swapped)
	}

	// A reload shows the order authentik now has.
	b.resetGraphQL()
	b.do(t, "reload", chromedp.Reload())
	b.waitJS(t, "the bindings after the reload", rowsReady)
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, swapped) {
		t.Errorf("after a reload the screen shows %q, want %q", got, swapped)
	}
	if n := b.graphQLRequests(); n != 1 {
		t.Errorf("the reloaded detail screen sent %d GraphQL requests, want 1", n)
	}
	b.keep(t, "dashboard-flow-reloaded")

	// Another client binds one more stage: the screen is stale, and the
	// gateway's BAD_USER_INPUT is shown next to the bindings.
	_, newPKs, _ := flowBindings(t, e, slug)
	flowPK := e.post(t, `{ flow(slug: "`+slug+`") { pk } }`, nil, nil).Data["flow"].(map[string]any)["pk"].(string)
	stages := e.post(t, `{ stages(first: 1, name: "default-authentication-login") { nodes { pk } } }`, nil, nil)
	stagePK := stages.Data["stages"].(map[string]any)["nodes"].([]any)[0].(map[string]any)["pk"].(string)
	fakeCall(t, e, "POST", "/api/v3/flows/bindings/", map[string]any{"target": flowPK, "stage": stagePK, "order": 500})
	b.do(t, "swap back on the stale screen",
		chromedp.SetValue(chromedp.CSS(`input.order[data-pk="`+newPKs[0]+`"]`), "20"),
		chromedp.SetValue(chromedp.CSS(`input.order[data-pk="`+newPKs[1]+`"]`), "10"),
		chromedp.Click(chromedp.ID("save-order")))
	b.waitJS(t, "the input error next to the bindings", `document.getElementById('err-bindingPks').textContent`)
	b.keep(t, "dashboard-flow-stale")
	shownErr := eval[string](t, b, `document.getElementById('err-bindingPks').textContent`)
	wantErr := "Bindings of this flow missing from the list (it must name all 5): "
	if !strings.HasPrefix(shownErr, wantErr) {
		t.Errorf("the stale save shows %q next to the bindings, want %q…", shownErr, wantErr)
	}
	if got, _, _ := flowBindings(t, e, slug); got[0] != swapped[0] || got[1] != swapped[1] {
		t.Errorf("a refused save changed the flow: %q", got)
	}

	// A write fails midway: the screen says what changed and shows the
	// bindings as authentik now has them.
	b.resetGraphQL()
	b.do(t, "reload", chromedp.Reload())
	b.waitJS(t, "the five bindings", `document.querySelectorAll('#bindings tbody tr').length === 5`)
	before, pks, _ := flowBindings(t, e, slug)
	t.Logf("before the failing reorder: %q", before)
	// Reverse the order; the third write (the identification stage's) fails.
	e.fake.Inject(upstreamtest.Fault{Method: "PATCH", PathPrefix: "/api/v3/flows/bindings/" + pks[1] + "/", Times: 1,
		Status: http.StatusServiceUnavailable, Body: `{"detail": "down for maintenance"}`})
	var reverse []chromedp.Action[chromedp.Void]
	for i, pk := range pks {
		reverse = append(reverse, chromedp.SetValue(chromedp.CSS(`input.order[data-pk="`+pk+`"]`), fmt.Sprint(10*(len(pks)-i))))
	}
	reverse = append(reverse, chromedp.Click(chromedp.ID("save-order")))
	b.do(t, "reverse the order", reverse...)
	b.waitJS(t, "the partial-failure notice", `document.querySelector('#reorder-status.partial')`)
	b.keep(t, "dashboard-flow-midway-failure")
	notice := eval[string](t, b, `document.getElementById('reorder-status').innerText`)
	after, _, _ := flowBindings(t, e, slug)
	if got := eval[[]string](t, b, jsShownBindings); !slices.Equal(got, after) {
		t.Errorf("after the failed reorder the screen shows %q, authentik has %q", got, after)
	}
	for _, want := range []string{
		"The reorder stopped partway.",
		"Failed: default-authentication-identification (" + pks[1] + ")",
		"Changed: default-authentication-login (" + pks[4] + "), default-authentication-login (" + pks[3] + ")",
		"Unchanged: default-authentication-mfa-validation (" + pks[2] + "), default-authentication-password (" + pks[0] + ")",
		"UPSTREAM_UNAVAILABLE",
	} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice lacks %q:\n%s", want, notice)
		}
	}
	if n := b.graphQLRequests(); n != 2 {
		t.Errorf("reload + failed save sent %d GraphQL requests, want 2", n)
	}

	b.checkClean(t)
}
