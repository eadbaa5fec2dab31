// The list screen: every flow, a page at a time, with search and a
// designation filter. Search, filter and page live in the URL
// (#/?q=…&d=…&page=N), so reload, back and forward keep them.
import { graphql } from './gql';
import type { DashboardFlowsQuery, FlowDesignation } from './gql/graphql';
import { request } from './api';
import { h, label } from './dom';
import { showErrors } from './status';
import { DESIGNATIONS, flowHref, type ListState, listHref, navigate } from './routes';

export const PAGE_SIZE = 25;

const FlowsQuery = graphql(`
  query DashboardFlows($first: Int!, $after: String, $search: String, $filter: FlowFilter) {
    flows(first: $first, after: $after, search: $search, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        pk
        slug
        name
        title
        designation
        bindings { pk order stage { pk name verboseName } }
      }
    }
  }
`);

type FlowRow = NonNullable<DashboardFlowsQuery['flows']['nodes'][number]>;

// Cursors of each page of one search, kept for this tab: cursors[n] is the
// `after` of page n+1 (cursors[0] is null, the first page).
function cursorKey(s: ListState): string {
  return 'flowgate:dashboard:cursors:' + JSON.stringify([s.q, s.d]);
}

function cursors(s: ListState): (string | null)[] {
  try {
    const v: unknown = JSON.parse(sessionStorage.getItem(cursorKey(s)) ?? '[null]');
    return Array.isArray(v) ? (v as (string | null)[]) : [null];
  } catch {
    return [null];
  }
}

function saveCursor(s: ListState, page: number, cursor: string): void {
  const c = cursors(s);
  c[page] = cursor;
  try {
    sessionStorage.setItem(cursorKey(s), JSON.stringify(c));
  } catch {
    // Storage full or disabled: paging forward still works.
  }
}

let mounted: { root: HTMLElement; search: HTMLInputElement; designation: HTMLSelectElement; results: HTMLElement } | null = null;
let seq = 0;

// showList draws the list screen for state s, keeping the search box (and
// its focus) when only the results change.
export async function showList(main: HTMLElement, s: ListState): Promise<void> {
  document.title = 'flowgate · flows';
  if (!mounted || !main.contains(mounted.root)) mounted = mount(main);
  const m = mounted;
  if (document.activeElement !== m.search) m.search.value = s.q;
  m.designation.value = s.d;

  const after = s.page > 1 ? cursors(s)[s.page - 1] : null;
  if (s.page > 1 && !after) {
    // A page whose cursor this tab never saw (a pasted URL): start over.
    navigate(listHref({ ...s, page: 1 }), true);
    return;
  }
  const my = ++seq;
  m.results.setAttribute('aria-busy', 'true');
  const { data, errors } = await request(FlowsQuery, {
    first: PAGE_SIZE, after, search: s.q || null,
    filter: s.d ? { designation: s.d as FlowDesignation } : null,
  });
  if (my !== seq || mounted !== m) return;
  m.results.removeAttribute('aria-busy');
  const conn = data?.flows;
  if (!conn) {
    m.results.replaceChildren();
    showErrors('The flows could not be loaded.', errors);
    return;
  }
  if (errors.length) showErrors('Some flows could not be loaded.', errors);
  if (conn.pageInfo.endCursor) saveCursor(s, s.page, conn.pageInfo.endCursor);
  const flows = conn.nodes.filter((f): f is FlowRow => !!f);
  const first = (s.page - 1) * PAGE_SIZE + 1;
  const pages = Math.max(1, Math.ceil(conn.totalCount / PAGE_SIZE));
  m.results.replaceChildren(
    h('p', { class: 'count', id: 'flow-count' }, flows.length
      ? `${first}–${first + flows.length - 1} of ${conn.totalCount} flows`
      : `0 of ${conn.totalCount} flows`),
    flows.length === 0
      ? h('p', { class: 'note', id: 'no-flows' }, s.q || s.d ? 'No flow matches.' : 'No flows are visible with this token.')
      : h('table', { id: 'flows' },
        h('thead', {}, h('tr', {}, ['Flow', 'Designation', 'Stages in order'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, flows.map(row))),
    h('nav', { class: 'pager', 'aria-label': 'pages' },
      h('a', { id: 'prev-page', class: 'button', href: s.page > 1 ? listHref({ ...s, page: s.page - 1 }) : null, 'aria-disabled': s.page <= 1 ? 'true' : null }, '← Previous'),
      ' ', h('span', { id: 'page-info' }, `page ${s.page} of ${pages}`), ' ',
      h('a', { id: 'next-page', class: 'button', href: conn.pageInfo.hasNextPage ? listHref({ ...s, page: s.page + 1 }) : null, 'aria-disabled': conn.pageInfo.hasNextPage ? null : 'true' }, 'Next →')));
}

function row(f: FlowRow): HTMLElement {
  return h('tr', { class: 'flow', 'data-slug': f.slug, 'data-designation': f.designation ?? '' },
    h('td', {}, h('a', { href: flowHref(f.slug), class: 'flow-link' }, f.name), h('br'), h('code', { class: 'slug' }, f.slug)),
    h('td', { class: 'designation' }, label(f.designation)),
    h('td', {}, chain(f.bindings)));
}

// chain is a flow's stages in execution order.
function chain(bindings: FlowRow['bindings']): HTMLElement {
  if (bindings.length === 0) return h('p', { class: 'chain empty' }, 'no stages bound');
  return h('ol', { class: 'chain' }, bindings.map((b, i) => h('li', { 'data-order': b.order },
    i > 0 ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null,
    h('span', { class: 'pill', title: b.stage.verboseName },
      h('span', { class: 'order' }, b.order), ' ', h('span', { class: 'stage-name' }, b.stage.name)))));
}

function mount(main: HTMLElement): NonNullable<typeof mounted> {
  const search = h('input', {
    id: 'search', type: 'search', placeholder: 'Search name, slug, title, designation…',
    'aria-label': 'Search flows', autocomplete: 'off', spellcheck: 'false',
  });
  const designation = h('select', { id: 'designation', 'aria-label': 'Designation' },
    h('option', { value: '' }, 'All designations'),
    DESIGNATIONS.map((d) => h('option', { value: d }, label(d))));
  let timer = 0;
  const go = (replace: boolean) => {
    window.clearTimeout(timer);
    navigate(listHref({ q: search.value.trim(), d: designation.value, page: 1 }), replace);
  };
  // Typing updates the results after a short pause, replacing the history
  // entry; Enter and the filter add one.
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => go(true), 250);
  });
  designation.addEventListener('change', () => go(false));
  const form = h('form', { id: 'list-controls', role: 'search' }, search, designation,
    h('a', { id: 'new-flow', class: 'button primary', href: '#/new' }, 'New flow'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    go(false);
  });
  const results = h('div', { id: 'results', 'aria-live': 'polite' });
  const root = h('section', { id: 'list-screen' }, h('h2', {}, 'Flows'), form, results);
  main.replaceChildren(root);
  return { root, search, designation, results };
}
