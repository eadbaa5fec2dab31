package main

// Browser tests: headless Chromium (Debian's chromium package; .ci/run
// installs it) driven with chromedp against NewServer in front of the fake.
// Every request the page makes to anything but this machine is blocked and
// fails the test. Screenshots of a failing test go to testdata/screenshots/
// (git-ignored); FLOWGATE_SCREENSHOTS=dir also keeps them on success, with
// a page-weight.txt of the bytes each page transferred.

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"flowgate/upstream/upstreamtest"
)

// chromiumPath finds Chromium (browser tests are long: skipped under
// -short). Without one, the browser tests fail on CI
// (CI=true: .ci/run installs it, so its absence is a broken CI) and are
// skipped elsewhere.
func chromiumPath(t *testing.T) string {
	t.Helper()
	skipIfShort(t)
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("browser tests: no chromium found (CI=true, so this is a failure): .ci/run must install Debian's chromium package, or set CHROMIUM to a Chromium binary")
	}
	t.Skip("browser tests skipped: no chromium found (apt-get install chromium, or set CHROMIUM); on CI (CI=true) this is a failure")
	return ""
}

// browser is one headless Chromium with a single tab, recording what the
// tests assert on: requests leaving this machine, page errors (CSP
// violations included), GraphQL requests and bytes transferred.
type browser struct {
	ctx context.Context

	mu       sync.Mutex
	offsite  []string          // requests to other hosts (blocked)
	problems []string          // exceptions, console errors, CSP violations
	urls     map[string]string // request id -> URL
	bytes    int64             // encoded bytes received since resetWeight
	perURL   []string          // "bytes url" of each request since resetWeight
	requests int               // requests finished since resetWeight
	graphql  int               // requests to /graphql since resetGraphQL
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Belt and braces: names other than localhost do not even resolve.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no deadline
		t.Fatalf("starting chromium (%s): %v", path, err)
	}
	// A bound on the test's browser work, so a hang fails instead of
	// stalling `make test`.
	tctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancelTimeout)

	b := &browser{ctx: tctx, urls: map[string]string{}}
	if err := chromedp.Listen(ctx, b.onEvent); err != nil {
		t.Fatal(err)
	}
	call := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("setting up chromium: %v", err)
		}
	}
	_, err := chromedp.Call(ctx, network.Enable, network.EnableParams{})
	call(err)
	_, err = chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
	call(err)
	_, err = chromedp.Call(ctx, cdplog.Enable, cdp.Empty{})
	call(err)
	_, err = chromedp.Call(ctx, runtime.Enable, cdp.Empty{})
	call(err)
	_, err = chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}})
	call(err)
	t.Cleanup(func() {
		if t.Failed() {
			b.screenshot(t, filepath.Join("testdata", "screenshots", safeName(t.Name())+".png"))
		}
	})
	return b
}

func isLocal(u string) bool {
	p, err := url.Parse(u)
	if err != nil {
		return false
	}
	switch p.Scheme {
	case "data", "blob", "about":
		return true
	case "http", "https", "ws", "wss":
		h := p.Hostname()
		if h == "localhost" {
			return true
		}
		ip := net.ParseIP(h)
		return ip != nil && ip.IsLoopback()
	}
	return false
}

// onEvent runs on chromedp's event goroutine: it must not block, so the
// commands answering paused requests run in their own goroutines.
func (b *browser) onEvent(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *fetch.EventRequestPaused:
		id, local := ev.RequestID, isLocal(ev.Request.URL)
		if !local {
			b.offsite = append(b.offsite, ev.Request.URL)
		}
		go func() {
			if local {
				_, _ = chromedp.Call(b.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
			} else {
				_, _ = chromedp.Call(b.ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: id, ErrorReason: network.ErrorReasonBlockedByClient})
			}
		}()
	case *network.EventRequestWillBeSent:
		b.urls[string(ev.RequestID)] = ev.Request.URL
		if !isLocal(ev.Request.URL) && !slices.Contains(b.offsite, ev.Request.URL) {
			b.offsite = append(b.offsite, ev.Request.URL)
		}
		if p, err := url.Parse(ev.Request.URL); err == nil && p.Path == "/graphql" {
			b.graphql++
		}
	case *network.EventLoadingFinished:
		if strings.HasPrefix(b.urls[string(ev.RequestID)], "data:") {
			break // inline data (GraphiQL's fonts): nothing transferred
		}
		b.bytes += int64(ev.EncodedDataLength)
		b.requests++
		u := b.urls[string(ev.RequestID)]
		if p, err := url.Parse(u); err == nil {
			u = p.Path
		}
		b.perURL = append(b.perURL, fmt.Sprintf("%d %s", int64(ev.EncodedDataLength), u))
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			b.problems = append(b.problems, fmt.Sprintf("request failed: %s: %s", b.urls[string(ev.RequestID)], ev.ErrorText))
		}
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
		b.problems = append(b.problems, "exception: "+msg)
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			b.problems = append(b.problems, "console."+string(ev.Type)+": "+strings.Join(parts, " "))
		}
	case *cdplog.EventEntryAdded:
		// CSP violations and failed loads are reported here.
		if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Source == cdplog.EntrySourceSecurity {
			b.problems = append(b.problems, fmt.Sprintf("log %s/%s: %s %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text, ev.Entry.URL))
		}
	}
}

// do runs chromedp actions, failing the test on error.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression and decodes its value as a T.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// waitJS polls a JavaScript expression until it is true, for up to 20 s.
func (b *browser) waitJS(t *testing.T, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool]("!!("+expr+")"))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.mu.Lock()
			problems := slices.Clone(b.problems)
			b.mu.Unlock()
			t.Fatalf("timed out waiting for %s (%s); err=%v; page problems: %q", what, expr, err, problems)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkClean fails the test on any request that tried to leave this
// machine and on any page error.
func (b *browser) checkClean(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.offsite) > 0 {
		t.Errorf("the page tried to reach other hosts (blocked): %q", b.offsite)
	}
	if len(b.problems) > 0 {
		t.Errorf("page errors: %q", b.problems)
	}
}

func (b *browser) resetWeight() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.bytes, b.requests, b.perURL = 0, 0, nil
}

func (b *browser) weight() (int64, int, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.bytes, b.requests, slices.Clone(b.perURL)
}

func (b *browser) resetGraphQL() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.graphql = 0
}

func (b *browser) graphQLRequests() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.graphql
}

// screenshot writes a PNG of the viewport to path.
func (b *browser) screenshot(t *testing.T, path string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot %s: %v", path, err)
		return
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	t.Logf("screenshot: %s", path)
}

// keep writes a screenshot named name when FLOWGATE_SCREENSHOTS names a
// directory.
func (b *browser) keep(t *testing.T, name string) {
	t.Helper()
	if dir := os.Getenv("FLOWGATE_SCREENSHOTS"); dir != "" {
		b.screenshot(t, filepath.Join(dir, name+".png"))
	}
}

// reportWeight logs the bytes a page load transferred and, with
// FLOWGATE_SCREENSHOTS, appends them to page-weight.txt there.
func (b *browser) reportWeight(t *testing.T, page string) {
	t.Helper()
	n, reqs, each := b.weight()
	line := fmt.Sprintf("%s: %d bytes transferred in %d requests (cold cache, gzip): %s", page, n, reqs, strings.Join(each, ", "))
	t.Log("page weight: " + line)
	if dir := os.Getenv("FLOWGATE_SCREENSHOTS"); dir != "" {
		_ = os.MkdirAll(dir, 0o755)
		f, err := os.OpenFile(filepath.Join(dir, "page-weight.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintln(f, line)
			_ = f.Close()
		}
	}
}

func safeName(s string) string {
	return regexp.MustCompile(`[^A-Za-z0-9_.-]+`).ReplaceAllString(s, "_")
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// JavaScript that reads GraphiQL's CodeMirror editors.
const (
	jsQueryEditor    = `document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror`
	jsResponseEditor = `document.querySelector('.result-window .CodeMirror').CodeMirror`
	// The visible editor of the editor tools (variables or headers).
	jsToolEditor   = `[...document.querySelectorAll('.graphiql-editor-tool .graphiql-editor')].find(e => !e.classList.contains('hidden')).querySelector('.CodeMirror').CodeMirror`
	jsHeadersTab   = `[...document.querySelectorAll('.graphiql-editor-tools button')].find(b => b.textContent.trim() === 'Headers')`
	jsExecute      = `document.querySelector('.graphiql-execute-button')`
	jsSettings     = `document.querySelector('[aria-label="Open settings dialog"]')`
	graphiQLHeader = `{"Authorization": "Bearer ` + "demo-readonly-token" + `"}`
)

// TestBrowser_GraphiQL loads the playground with nothing but this machine
// reachable, puts a token in the Headers tab, runs the example query and
// compares what GraphiQL shows with the API's own answer.
func TestBrowser_GraphiQL(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)

	b.resetWeight()
	b.do(t, "open GraphiQL", chromedp.Navigate(e.srv.URL+"/"))
	b.waitJS(t, "the query editor with the example query", jsQueryEditor+`.getValue().includes('flows(first: 50)')`)
	b.waitJS(t, "the schema (docs explorer button enabled)", `document.querySelector('[aria-label="Show Documentation Explorer"]')`)
	b.reportWeight(t, "GET / (GraphiQL, with its schema introspection)")
	b.keep(t, "graphiql-loaded")

	// The token goes in GraphiQL's Headers tab, which is persisted.
	b.do(t, "open the headers tab", chromedp.Evaluate[chromedp.Void](jsHeadersTab+`.click()`))
	b.waitJS(t, "the headers editor", jsToolEditor)
	b.do(t, "type the header", chromedp.Evaluate[chromedp.Void](jsToolEditor+`.setValue(`+jsString(graphiQLHeader)+`)`))

	e.fake.Reset()
	b.resetGraphQL()
	b.do(t, "run the query", chromedp.Evaluate[chromedp.Void](jsExecute+`.click()`))
	b.waitJS(t, "the result", jsResponseEditor+`.getValue().includes('"totalCount"')`)
	b.keep(t, "graphiql-result")

	shown := eval[string](t, b, jsResponseEditor+`.getValue()`)
	query := eval[string](t, b, jsQueryEditor+`.getValue()`)
	want := e.post(t, query, nil, bearer("demo-readonly-token"))
	var got, wantJSON any
	if err := json.Unmarshal([]byte(shown), &got); err != nil {
		t.Fatalf("GraphiQL shows no JSON: %v\n%s", err, shown)
	}
	_ = json.Unmarshal(want.Raw, &wantJSON)
	if !reflect.DeepEqual(got, wantJSON) {
		t.Errorf("GraphiQL shows\n%s\nthe API answers\n%s", shown, want.Raw)
	}
	if n := len(want.Data["flows"].(map[string]any)["nodes"].([]any)); n != 17 {
		t.Errorf("the example query lists %d flows, want the demo's 17", n)
	}
	if n := b.graphQLRequests(); n != 1 {
		t.Errorf("running the query sent %d GraphQL requests, want 1", n)
	}
	// The header reached authentik as typed: the fake saw only that token.
	reqs := e.fake.Requests()
	if len(reqs) == 0 {
		t.Fatal("no upstream request")
	}
	for _, r := range reqs {
		if r.Authorization != "Bearer demo-readonly-token" {
			t.Errorf("upstream %s %s carried Authorization %q, want the token of the Headers tab", r.Method, r.Path, r.Authorization)
		}
	}

	// The settings dialog adds a <style> element: the page's CSP admits it
	// by nonce, so no violation may be reported.
	b.do(t, "open settings", chromedp.Evaluate[chromedp.Void](jsSettings+`.click()`))
	b.waitJS(t, "the settings dialog", `document.querySelector('[role="dialog"]')`)
	b.keep(t, "graphiql-settings")
	b.do(t, "close settings", chromedp.Evaluate[chromedp.Void](`document.querySelector('[role="dialog"] .graphiql-dialog-close').click()`))

	// GraphiQL stores the headers (debounced) in localStorage; after a
	// reload they are still in the Headers tab.
	b.waitJS(t, "the headers in localStorage", `localStorage.getItem('graphiql:headers') === `+jsString(graphiQLHeader))
	b.do(t, "reload", chromedp.Reload())
	b.waitJS(t, "the query editor", jsQueryEditor)
	b.do(t, "open the headers tab", chromedp.Evaluate[chromedp.Void](jsHeadersTab+`.click()`))
	b.waitJS(t, "the persisted headers", jsToolEditor+`.getValue() === `+jsString(graphiQLHeader))

	b.checkClean(t)
}

// TestBrowser_DashboardText: names from authentik are shown as text, never
// parsed as HTML.
func TestBrowser_DashboardText(t *testing.T) {
	e := newEnv(t, envOptions{})
	body := `{"name": "<img src=x onerror=\"window.pwned=1\">", "slug": "html-name", "title": "<b>t</b>", "designation": "authentication"}`
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, e.fake.URL+"/api/v3/flows/instances/", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+upstreamtest.AdminToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("creating the flow: %s", resp.Status)
	}

	b := newBrowser(t)
	b.do(t, "open the dashboard", chromedp.Navigate(e.srv.URL+"/dashboard"))
	b.waitJS(t, "the flow", `document.querySelector('tr[data-slug="html-name"]')`)
	if got := eval[string](t, b, `document.querySelector('tr[data-slug="html-name"] .flow-link').textContent`); got != `<img src=x onerror="window.pwned=1">` {
		t.Errorf("the name is shown as %q", got)
	}
	if n := eval[int](t, b, `document.querySelectorAll('#main img').length + (window.pwned ? 100 : 0)`); n != 0 {
		t.Errorf("the name was parsed as HTML")
	}
	b.checkClean(t)
}

// TestBrowser_HarnessSeesOffsiteRequests proves the nets the other browser
// tests rely on: on a page without a CSP, a request to another host is
// caught (and blocked); on flowgate's pages the CSP refuses it first, and
// the violation is caught.
func TestBrowser_HarnessSeesOffsiteRequests(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	offsite := `fetch('https://cdn.example.org/lib.js').catch(() => {}); new Image().src = 'http://192.0.2.1/x.png'`
	b.do(t, "open a page without a CSP", chromedp.Navigate("about:blank"))
	b.do(t, "request other hosts", chromedp.Evaluate[chromedp.Void](offsite))
	waitFor(t, "both requests to be seen", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		return slices.Contains(b.offsite, "https://cdn.example.org/lib.js") && slices.Contains(b.offsite, "http://192.0.2.1/x.png")
	})

	b2 := newBrowser(t)
	b2.do(t, "open the dashboard", chromedp.Navigate(e.srv.URL+"/dashboard"))
	b2.do(t, "request other hosts", chromedp.Evaluate[chromedp.Void](offsite))
	waitFor(t, "two CSP violations (security errors)", func() bool {
		b2.mu.Lock()
		defer b2.mu.Unlock()
		n := 0
		for _, p := range b2.problems {
			if strings.HasPrefix(p, "log security/error:") && strings.Contains(p, "Content Security Policy") {
				n++
			}
		}
		return n == 2
	})
}
