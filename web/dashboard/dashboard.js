// flowgate's dashboard: a small client of flowgate's own GraphQL API, one
// request per screen. No framework and no build step; the DOM is built with
// textContent only, so nothing from the API is ever parsed as HTML.
'use strict';

(function () {
  const endpoint = document.body.dataset.endpoint;
  const main = document.getElementById('main');
  const TOKEN_KEY = 'flowgate:dashboard:token';

  const DESIGNATIONS = [
    'AUTHENTICATION', 'AUTHORIZATION', 'ENROLLMENT', 'INVALIDATION',
    'RECOVERY', 'STAGE_CONFIGURATION', 'UNENROLLMENT',
  ];

  // The list screen: every flow with its stage chain, in one request.
  const FLOWS_QUERY = `query DashboardFlows {
  flows(first: 100) {
    totalCount
    nodes {
      slug
      name
      title
      designation
      bindings { pk order stage { pk name verboseName } }
    }
  }
}`;

  const FLOW_FIELDS = `pk slug name title designation authentication layout deniedAction
    policyEngineMode compatibilityMode
    bindings {
      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction
      stage { pk name verboseName }
    }
    diagram`;

  // The detail screen: the flow, its bindings and its diagram, in one request.
  const FLOW_QUERY = `query DashboardFlow($slug: String!) {
  flow(slug: $slug) { ${FLOW_FIELDS} }
}`;

  const REORDER_MUTATION = `mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
  reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ${FLOW_FIELDS} }
}`;

  // --- token -------------------------------------------------------------

  function token() {
    try {
      return localStorage.getItem(TOKEN_KEY) || '';
    } catch {
      return '';
    }
  }

  function setupAuth() {
    const form = document.getElementById('auth');
    const input = document.getElementById('authorization');
    const status = document.getElementById('auth-status');
    input.value = token();
    const show = () => {
      status.textContent = token() ? 'token set' : 'no token: flowgate\'s default credentials';
    };
    show();
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      // Accept a pasted "Bearer xyz" as well as the bare token.
      const v = input.value.trim().replace(/^bearer\s+/i, '');
      input.value = v;
      try {
        if (v) localStorage.setItem(TOKEN_KEY, v);
        else localStorage.removeItem(TOKEN_KEY);
      } catch {
        // Storage disabled: the token lasts for this page only.
      }
      show();
      route();
    });
  }

  // --- GraphQL -----------------------------------------------------------

  // gql sends one GraphQL request and returns {data, errors}. A transport
  // failure or a non-JSON answer becomes a single error.
  async function gql(query, variables) {
    const headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    const t = token();
    if (t) headers.Authorization = 'Bearer ' + t;
    let res;
    try {
      res = await fetch(endpoint, {
        method: 'POST', headers, credentials: 'omit', body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      return { errors: [{ message: 'flowgate could not be reached: ' + e.message, extensions: { code: 'NETWORK' } }] };
    }
    try {
      const body = await res.json();
      return { data: body.data || null, errors: body.errors || [] };
    } catch {
      return { errors: [{ message: `HTTP ${res.status}: the response is not JSON`, extensions: { code: 'HTTP_' + res.status } }] };
    }
  }

  // --- DOM helpers -------------------------------------------------------

  // h creates an element: h('a', {href: '#'}, 'text', child, ...).
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    return el;
  }

  function label(enumValue) {
    if (!enumValue) return 'unknown';
    return enumValue.toLowerCase().replace(/_/g, ' ');
  }

  function errorList(errors, cls) {
    if (!errors || errors.length === 0) return null;
    return h('ul', { class: cls || 'errors', role: 'alert' },
      errors.map((e) => h('li', {},
        e.extensions && e.extensions.code ? h('code', {}, e.extensions.code) : null, ' ', e.message,
        e.path ? h('span', { class: 'path' }, ' at ', e.path.join('.')) : null)));
  }

  // screen counts navigations, so that a slow answer for a screen the user
  // has left is dropped instead of drawn over the current one.
  let screen = 0;

  function render(...nodes) {
    main.replaceChildren(...nodes.filter(Boolean));
  }

  function flowHref(slug) {
    return '#/flows/' + encodeURIComponent(slug);
  }

  // --- list screen -------------------------------------------------------

  async function showFlows() {
    document.title = 'flowgate · flows';
    const my = screen;
    const { data, errors } = await gql(FLOWS_QUERY);
    if (my !== screen) return;
    const conn = data && data.flows;
    if (!conn) {
      render(h('h2', {}, 'Flows'), errorList(errors));
      return;
    }
    const flows = conn.nodes.filter(Boolean);
    const groups = new Map();
    for (const d of DESIGNATIONS) groups.set(d, []);
    for (const f of flows) {
      const key = f.designation || 'UNKNOWN';
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(f);
    }
    const sections = [];
    for (const [designation, list] of groups) {
      if (list.length === 0) continue;
      sections.push(h('section', { class: 'designation', 'data-designation': designation },
        h('h3', {}, label(designation), ' ', h('span', { class: 'count' }, `(${list.length})`)),
        h('ul', { class: 'flows' }, list.map((f) => h('li', { class: 'flow', 'data-slug': f.slug },
          h('a', { href: flowHref(f.slug), class: 'flow-link' }, f.name),
          ' ', h('code', { class: 'slug' }, f.slug),
          chain(f.bindings))))));
    }
    render(
      h('h2', {}, 'Flows ', h('span', { class: 'count', id: 'flow-count' }, `${flows.length} of ${conn.totalCount}`)),
      conn.totalCount > flows.length
        ? h('p', { class: 'note' }, `Showing the first ${flows.length} flows; the GraphQL API pages through the rest (flows(after: …)).`)
        : null,
      errorList(errors),
      flows.length === 0 ? h('p', { class: 'note' }, 'No flows are visible with this token.') : null,
      ...sections);
  }

  // chain is a flow's stages in execution order.
  function chain(bindings) {
    if (!bindings || bindings.length === 0) return h('p', { class: 'chain empty' }, 'no stages bound');
    return h('ol', { class: 'chain' }, bindings.map((b, i) => h('li', { 'data-order': b.order },
      i > 0 ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→') : null,
      h('span', { class: 'pill', title: b.stage.verboseName },
        h('span', { class: 'order' }, b.order), ' ', h('span', { class: 'stage-name' }, b.stage.name)))));
  }

  // --- detail screen -----------------------------------------------------

  async function showFlow(slug) {
    document.title = 'flowgate · ' + slug;
    const my = screen;
    const { data, errors } = await gql(FLOW_QUERY, { slug });
    if (my !== screen) return;
    const flow = data && data.flow;
    if (!flow) {
      render(back(), h('h2', {}, slug),
        errors.length ? errorList(errors) : h('p', { class: 'errors', role: 'alert' },
          'No flow with this slug, or this token may not see it.'));
      return;
    }
    renderFlow(flow, errors);
  }

  function back() {
    return h('p', {}, h('a', { href: '#/' }, '← all flows'));
  }

  // renderFlow draws the detail screen. notice (optional) is shown above
  // the bindings: the outcome of a reorder.
  function renderFlow(flow, errors, notice) {
    const props = [
      ['Designation', label(flow.designation)], ['Title', flow.title],
      ['Authentication', label(flow.authentication)], ['Layout', label(flow.layout)],
      ['Denied action', label(flow.deniedAction)], ['Policy engine mode', label(flow.policyEngineMode)],
      ['Compatibility mode', flow.compatibilityMode ? 'yes' : 'no'], ['pk', flow.pk],
    ];
    render(
      back(),
      h('h2', {}, flow.name, ' ', h('code', { class: 'slug' }, flow.slug)),
      errorList(errors),
      h('dl', { class: 'props' }, props.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      h('h3', {}, 'Stage bindings'),
      notice || null,
      bindingsForm(flow),
      h('h3', {}, 'Diagram ', h('span', { class: 'count' }, '(mermaid)')),
      flow.diagram
        ? h('pre', { id: 'diagram' }, flow.diagram)
        : h('p', { class: 'note', id: 'diagram' }, 'authentik returned no diagram for this flow.'));
  }

  // bindingsForm lists the bindings with editable orders. Saving sends the
  // bindings sorted by the entered orders to reorderFlowStages, which
  // renumbers them 10, 20, 30, ...
  function bindingsForm(flow) {
    const rows = flow.bindings.map((b, i) => h('tr', { 'data-pk': b.pk },
      h('td', {},
        h('input', {
          class: 'order', type: 'number', step: '1', value: b.order, 'data-pk': b.pk, 'data-index': i,
          'aria-label': 'order of ' + b.stage.name, 'aria-describedby': 'err-' + b.pk,
        }),
        h('div', { class: 'field-error', id: 'err-' + b.pk, 'data-field-for': b.pk })),
      h('td', { class: 'stage-name' }, b.stage.name),
      h('td', {}, b.stage.verboseName),
      h('td', {}, [b.evaluateOnPlan && 'on plan', b.reEvaluatePolicies && 're-evaluate'].filter(Boolean).join(', ') || '—'),
      h('td', {}, label(b.policyEngineMode)),
      h('td', {}, label(b.invalidResponseAction)),
      h('td', {}, h('code', { class: 'pk' }, b.pk))));
    const form = h('form', { id: 'reorder', novalidate: true },
      h('table', { id: 'bindings' },
        h('thead', {}, h('tr', {}, ['Order', 'Stage', 'Type', 'Policies evaluated', 'Policy mode', 'Invalid response', 'Binding pk'].map((c) => h('th', {}, c)))),
        h('tbody', {}, rows)),
      flow.bindings.length === 0 ? h('p', { class: 'note' }, 'No stages are bound to this flow.') : null,
      h('div', { class: 'field-error', id: 'err-bindingPks', 'data-field': 'bindingPks' }),
      h('div', { class: 'form-errors', id: 'form-errors', role: 'alert' }),
      flow.bindings.length > 1
        ? h('p', {}, h('button', { type: 'submit', id: 'save-order' }, 'Save order'),
          ' ', h('span', { class: 'hint' }, 'Edit the numbers, then save: stages run from the lowest number up; flowgate renumbers them 10, 20, 30, …'))
        : null);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      saveOrder(flow, form);
    });
    return form;
  }

  function clearErrors(form) {
    for (const el of form.querySelectorAll('.field-error, .form-errors')) el.replaceChildren();
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  }

  function fieldError(form, pk, msg) {
    const slot = form.querySelector(`[data-field-for="${CSS.escape(pk)}"]`);
    if (slot) slot.append(h('span', {}, msg));
    const input = form.querySelector(`input[data-pk="${CSS.escape(pk)}"]`);
    if (input) input.setAttribute('aria-invalid', 'true');
  }

  async function saveOrder(flow, form) {
    clearErrors(form);
    const inputs = [...form.querySelectorAll('input.order')];
    const entries = [];
    const seen = new Map();
    let bad = false;
    for (const input of inputs) {
      const v = input.value.trim();
      if (!/^-?\d+$/.test(v)) {
        fieldError(form, input.dataset.pk, 'Enter a whole number.');
        bad = true;
        continue;
      }
      const n = Number(v);
      if (seen.has(n)) {
        fieldError(form, input.dataset.pk, `Another stage also has order ${n}.`);
        fieldError(form, seen.get(n), `Another stage also has order ${n}.`);
        bad = true;
      }
      seen.set(n, input.dataset.pk);
      entries.push({ pk: input.dataset.pk, order: n, index: Number(input.dataset.index) });
    }
    if (bad) return;
    entries.sort((a, b) => a.order - b.order || a.index - b.index);
    const button = form.querySelector('#save-order');
    if (button) button.disabled = true;
    const my = screen;
    const { data, errors } = await gql(REORDER_MUTATION, { flowSlug: flow.slug, bindingPks: entries.map((e) => e.pk) });
    if (my !== screen) return;
    if (button) button.disabled = false;
    const updated = data && data.reorderFlowStages;
    if (updated && errors.length === 0) {
      renderFlow(updated, [], h('p', { class: 'saved', role: 'status', id: 'reorder-status' }, 'Order saved.'));
      return;
    }
    if (updated) {
      // A failure midway: the flow as authentik now has it, and what changed.
      renderFlow(updated, [], partialNotice(flow, errors));
      return;
    }
    showMutationErrors(form, errors);
  }

  // showMutationErrors puts BAD_USER_INPUT field messages next to their
  // fields and everything else above the button.
  function showMutationErrors(form, errors) {
    const general = [];
    for (const e of errors) {
      const ext = e.extensions || {};
      if (ext.code !== 'BAD_USER_INPUT' || (!ext.fields && !ext.nonFieldErrors)) {
        general.push(e);
        continue;
      }
      for (const [field, msgs] of Object.entries(ext.fields || {})) {
        for (const msg of [].concat(msgs)) {
          // bindingPks.N / bindingPks[N] names one binding's row.
          const m = /^bindingPks(?:\.|\[)(\d+)\]?$/.exec(field);
          const input = m && form.querySelectorAll('input.order')[Number(m[1])];
          if (input) fieldError(form, input.dataset.pk, msg);
          else {
            const slot = form.querySelector(`[data-field="${CSS.escape(field)}"]`);
            if (slot) slot.append(h('span', {}, msg));
            else general.push({ message: `${field}: ${msg}`, extensions: { code: ext.code } });
          }
        }
      }
      for (const msg of ext.nonFieldErrors || []) general.push({ message: msg, extensions: { code: ext.code } });
      if (!ext.fields && !ext.nonFieldErrors) general.push(e);
    }
    const list = errorList(general);
    if (list) form.querySelector('#form-errors').append(list);
    if (form.querySelector('#err-bindingPks').childElementCount > 0) {
      // The usual cause: someone changed the flow's bindings meanwhile.
      form.querySelector('#err-bindingPks').append(h('span', {},
        h('button', { type: 'button', class: 'link', onclick: route }, 'Reload the bindings'),
        ' to see the flow as authentik has it now.'));
    }
  }

  function partialNotice(before, errors) {
    const names = new Map(before.bindings.map((b) => [b.pk, b.stage.name]));
    const name = (pk) => (names.has(pk) ? `${names.get(pk)} (${pk})` : pk);
    const ext = (errors[0] && errors[0].extensions) || {};
    const list = (pks) => (pks && pks.length ? pks.map(name).join(', ') : 'none');
    return h('div', { class: 'partial', role: 'alert', id: 'reorder-status' },
      h('p', {}, h('strong', {}, 'The reorder stopped partway. '),
        'The table shows the bindings as authentik has them now.'),
      h('ul', {},
        h('li', {}, 'Failed: ', ext.failedBindingPk ? name(ext.failedBindingPk) : 'unknown'),
        h('li', {}, 'Changed: ', list(ext.changedBindingPks)),
        h('li', {}, 'Unchanged: ', list(ext.unchangedBindingPks))),
      errorList(errors));
  }

  // --- routing -----------------------------------------------------------

  function route() {
    screen++;
    const m = /^#\/flows\/(.+)$/.exec(location.hash);
    if (m) showFlow(decodeURIComponent(m[1]));
    else showFlows();
  }

  setupAuth();
  window.addEventListener('hashchange', route);
  route();
})();
