// flowgate's GraphiQL: everything it needs is in this bundle, so it works
// where no CDN can be reached. The page (web/graphiql.html) passes its
// settings as data attributes; the CSP allows no inline script.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { setNonce } from 'get-nonce';
import 'graphiql/style.css';
import './page.css';
import { examplesPlugin } from './graphiql-examples.jsx';
import { recordTrace, traceEnabled, tracePlugin, TraceToolbarButton } from './graphiql-trace.jsx';

const root = document.getElementById('graphiql');
const { endpoint, defaultQuery, styleNonce } = root.dataset;
const traceAvailable = root.dataset.trace === 'true';
let examples = [];
try {
  examples = JSON.parse(root.dataset.examples || '[]');
} catch {
  examples = [];
}

// Radix dialogs (settings, shortcuts) add a <style> element; the page's CSP
// admits it only with this response's nonce.
if (styleNonce) setNonce(styleNonce);

// fetcher POSTs JSON with the headers of GraphiQL's Headers tab (where the
// Authorization token goes), plus X-Flowgate-Trace: 1 while the trace is
// on. A non-JSON answer (a proxy's error page) becomes a readable error
// instead of a parse failure.
async function fetcher(params, opts) {
  const trace = traceAvailable && traceEnabled();
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json', ...(opts && opts.headers) };
  if (trace) headers['X-Flowgate-Trace'] = '1';
  const res = await fetch(endpoint, {
    method: 'POST',
    credentials: 'omit',
    headers,
    body: JSON.stringify(params),
  });
  const text = await res.text();
  let result;
  try {
    result = JSON.parse(text);
  } catch {
    result = { errors: [{ message: `HTTP ${res.status} ${res.statusText}: the response is not JSON` }] };
  }
  // Introspection runs through the fetcher too: only operations the user
  // runs replace the shown trace.
  if (params.operationName !== 'IntrospectionQuery') recordTrace(result, trace);
  return result;
}

const plugins = [examplesPlugin(examples), tracePlugin(traceAvailable)];

const toolbar = createElement(GraphiQL.Toolbar, null, ({ prettify, merge, copy }) =>
  createElement('span', { className: 'flowgate-toolbar' }, prettify, merge, copy, createElement(TraceToolbarButton)),
);

createRoot(root).render(
  createElement(
    GraphiQL,
    {
      fetcher,
      defaultQuery,
      defaultHeaders: '{}',
      shouldPersistHeaders: true,
      defaultEditorToolsVisibility: 'headers',
      plugins,
    },
    ...(traceAvailable ? [toolbar] : []),
  ),
);
