package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// JavaScript for flowgate's GraphiQL panels.
const (
	jsPluginButton = `(title) => document.querySelector('.graphiql-sidebar button[aria-label="Show ' + title + '"]')`
	jsTraceToggle  = `document.getElementById('flowgate-trace-toggle')`
	jsTraceRows    = `[...document.querySelectorAll('.flowgate-trace-table tbody tr')].map(tr =>
		[...tr.querySelectorAll('td')].slice(1).map(td => td.textContent).filter((_, i) => i !== 2).join(' | '))`
	jsTraceSummary = `document.querySelector('.flowgate-trace-summary')`
)

func openPlugin(t *testing.T, b *browser, title string) {
	t.Helper()
	b.waitJS(t, "the "+title+" button", "("+jsPluginButton+")("+jsString(title)+")")
	b.do(t, "open "+title, chromedp.Evaluate[chromedp.Void]("("+jsPluginButton+")("+jsString(title)+").click()"))
}

// TestBrowser_GraphiQLExamplesAndTrace: the Examples panel offers every
// example document and loads one, with its variables skeleton, into the
// editors; the trace toggle makes the next run list, in the page, exactly
// the upstream requests authentik received for it; turned off, the answer
// carries no trace; the toggle survives a reload.
func TestBrowser_GraphiQLExamplesAndTrace(t *testing.T) {
	e := newEnv(t, envOptions{})
	b := newBrowser(t)
	b.do(t, "open GraphiQL", chromedp.Navigate(e.srv.URL+"/"))
	b.waitJS(t, "the schema", `document.querySelector('[aria-label="Show Documentation Explorer"]')`)

	openPlugin(t, b, "Examples")
	b.waitJS(t, "the examples list", `document.querySelector('.flowgate-examples button[data-example]')`)
	if n, want := eval[int](t, b, `document.querySelectorAll('.flowgate-examples button[data-example]').length`), len(examples()); n != want {
		t.Errorf("the Examples panel lists %d examples, want %d", n, want)
	}
	// Search narrows the list; a click loads the example and its variables.
	b.do(t, "search", chromedp.SendKeys(`.flowgate-filter`, "flow-by-pk"))
	b.waitJS(t, "one match", `document.querySelectorAll('.flowgate-examples button[data-example]').length === 1`)
	b.do(t, "load flow-by-pk", chromedp.Evaluate[chromedp.Void](`document.querySelector('button[data-example="flow-by-pk"]').click()`))
	b.waitJS(t, "the example in the query editor, laid out", jsQueryEditor+`.getValue() === `+jsString("query ($pk: ID!) {\n  flow(pk: $pk) {\n    pk\n    slug\n    name\n    designation\n    authentication\n  }\n}\n"))
	b.do(t, "show variables", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('.graphiql-editor-tools button')].find(b => b.textContent.trim() === 'Variables').click()`))
	b.waitJS(t, "its variables skeleton", jsToolEditor+`.getValue() === `+jsString("{\n  \"pk\": \"\"\n}"))
	b.keep(t, "graphiql-examples")

	// The trace: on, run the README's query (from the examples), read the panel.
	b.do(t, "clear the search", chromedp.Evaluate[chromedp.Void](`(() => { const i = document.querySelector('.flowgate-filter');
		Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(i, 'flows-default-install');
		i.dispatchEvent(new Event('input', { bubbles: true })); })()`))
	b.waitJS(t, "the headline example", `document.querySelector('button[data-example="flows-default-install"]')`)
	b.do(t, "load it", chromedp.Evaluate[chromedp.Void](`document.querySelector('button[data-example="flows-default-install"]').click()`))
	b.waitJS(t, "it in the editor", jsQueryEditor+`.getValue().startsWith("{\n  flows(first: 50) {\n    totalCount")`)
	openPlugin(t, b, "Upstream trace")
	b.waitJS(t, "the trace toggle", jsTraceToggle)
	if eval[bool](t, b, jsTraceToggle+`.checked`) {
		t.Fatal("the trace is on before anyone turned it on")
	}
	b.do(t, "turn the trace on", chromedp.Evaluate[chromedp.Void](jsTraceToggle+`.click()`))
	b.waitJS(t, "the toolbar button pressed", `document.querySelector('.flowgate-trace-button[aria-pressed="true"]')`)

	e.fake.Reset()
	b.resetGraphQL()
	b.do(t, "run", chromedp.Evaluate[chromedp.Void](jsExecute+`.click()`))
	b.waitJS(t, "the trace in the panel", jsTraceSummary)
	b.keep(t, "graphiql-trace")
	rows := eval[[]string](t, b, jsTraceRows)
	want := []string{"GET flows/instances/ | 200 | –", "GET flows/bindings/ | 200 | BindingsByFlow × 17"}
	if strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("the trace panel shows\n%s\nwant\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	var sentUp []string
	for _, r := range e.fake.Requests() {
		sentUp = append(sentUp, r.Method+" "+strings.TrimPrefix(r.Path, "/api/v3/"))
	}
	if strings.Join(sentUp, ",") != "GET flows/instances/,GET flows/bindings/" {
		t.Errorf("authentik received %v; the panel must list exactly these", sentUp)
	}
	if s := eval[string](t, b, jsTraceSummary+`.textContent`); !strings.HasPrefix(s, "2 upstream requests, ") {
		t.Errorf("summary %q", s)
	}
	if !eval[bool](t, b, jsResponseEditor+`.getValue().includes('"trace": [')`) {
		t.Error("the response pane lacks extensions.trace")
	}
	if n := b.graphQLRequests(); n != 1 {
		t.Errorf("running sent %d GraphQL requests, want 1", n)
	}

	// Off again (the toolbar button): the next answer has no trace.
	b.do(t, "turn the trace off", chromedp.Evaluate[chromedp.Void](`document.querySelector('.flowgate-trace-button').click()`))
	b.waitJS(t, "the toggle off", `!`+jsTraceToggle+`.checked`)
	b.do(t, "run again", chromedp.Evaluate[chromedp.Void](jsExecute+`.click()`))
	b.waitJS(t, "no trace", `[...document.querySelectorAll('.flowgate-trace .flowgate-hint')].some(p => p.textContent === 'The last answer carried no trace.')`)
	if eval[bool](t, b, jsResponseEditor+`.getValue().includes('"trace"')`) {
		t.Error("the response pane shows a trace the user did not ask for")
	}

	// The toggle is remembered.
	b.do(t, "turn the trace on", chromedp.Evaluate[chromedp.Void](`document.querySelector('.flowgate-trace-button').click()`))
	b.do(t, "reload", chromedp.Reload())
	b.waitJS(t, "the toolbar button pressed after a reload", `document.querySelector('.flowgate-trace-button[aria-pressed="true"]')`)
	b.checkClean(t)
}

// TestBrowser_GraphiQLTraceOff: with UPSTREAM_TRACE=false the page offers
// no toggle and says why.
func TestBrowser_GraphiQLTraceOff(t *testing.T) {
	e := newEnv(t, envOptions{cfg: func(c *config) { c.UpstreamTrace = false }})
	b := newBrowser(t)
	b.do(t, "open GraphiQL", chromedp.Navigate(e.srv.URL+"/"))
	b.waitJS(t, "the query editor", jsQueryEditor)
	openPlugin(t, b, "Upstream trace")
	b.waitJS(t, "the explanation", `document.querySelector('.flowgate-panel p').textContent.includes('UPSTREAM_TRACE=false')`)
	if eval[bool](t, b, `!!(`+jsTraceToggle+` || document.querySelector('.flowgate-trace-button'))`) {
		t.Error("a trace toggle on a server that answers no trace")
	}
	b.checkClean(t)
}
