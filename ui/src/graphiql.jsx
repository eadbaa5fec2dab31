// flowgate's GraphiQL: everything it needs is in this bundle, so it works
// where no CDN can be reached. The page (web/graphiql.html) passes its
// settings as data attributes; the CSP allows no inline script.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { setNonce } from 'get-nonce';
import 'graphiql/style.css';
import './page.css';

const root = document.getElementById('graphiql');
const { endpoint, defaultQuery, styleNonce } = root.dataset;

// Radix dialogs (settings, shortcuts) add a <style> element; the page's CSP
// admits it only with this response's nonce.
if (styleNonce) setNonce(styleNonce);

// fetcher POSTs JSON with the headers of GraphiQL's Headers tab (where the
// Authorization token goes). A non-JSON answer (a proxy's error page)
// becomes a readable error instead of a parse failure.
async function fetcher(params, opts) {
  const res = await fetch(endpoint, {
    method: 'POST',
    credentials: 'omit',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...(opts && opts.headers) },
    body: JSON.stringify(params),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${res.status} ${res.statusText}: the response is not JSON` }] };
  }
}

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    defaultQuery,
    defaultHeaders: '{}',
    shouldPersistHeaders: true,
    defaultEditorToolsVisibility: 'headers',
  }),
);
