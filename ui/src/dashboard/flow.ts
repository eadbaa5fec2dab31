// A flow's screen: its settings (editable), its stage bindings in execution
// order (reordered by drag and drop or the keyboard, bound and unbound), its
// diagram drawn as a picture, and a link that runs it in authentik.
import { graphql } from './gql';
import type {
  DashboardStagesQuery, DeniedAction, FlowAuthentication, FlowDesignation, FlowDetailFragment, FlowLayout, PolicyEngineMode,
  UpdateFlowInput,
} from './gql/graphql';
import { request, type GraphQLError, type Result } from './api';
import { h, label } from './dom';
import { field, select, showFieldErrors, clearFieldErrors } from './forms';
import {
  authenticationOptions, deniedActionOptions, designationOptions, layoutOptions, policyEngineModeOptions,
} from './enums';
import { errorItems, setFlash, setStatus, showErrors, showFlash } from './status';
import { flowHref, listHref, navigate } from './routes';
import { drawDiagram } from './diagram';
import { stageSettings } from './stagesettings';
import { bound, forgetPolicies, policyPanel } from './policies';
import { config } from './config';

graphql(`
  fragment FlowDetail on Flow {
    pk slug name title designation authentication layout deniedAction policyEngineMode compatibilityMode
    diagram
    policyBindings { ...PolicyBindingFields }
    bindings {
      pk order evaluateOnPlan reEvaluatePolicies policyEngineMode invalidResponseAction
      stage { pk name verboseName }
      policyBindings { ...PolicyBindingFields }
    }
  }
`);

const FlowQuery = graphql(`
  query DashboardFlow($slug: String!) {
    flow(slug: $slug) { ...FlowDetail }
  }
`);

const UpdateFlow = graphql(`
  mutation DashboardUpdateFlow($slug: String!, $input: UpdateFlowInput!) {
    updateFlow(slug: $slug, input: $input) { ...FlowDetail }
  }
`);

const DeleteFlow = graphql(`
  mutation DashboardDeleteFlow($slug: String!) {
    deleteFlow(slug: $slug) { pk }
  }
`);

const Reorder = graphql(`
  mutation DashboardReorder($flowSlug: String!, $bindingPks: [ID!]!) {
    reorderFlowStages(flowSlug: $flowSlug, bindingPks: $bindingPks) { ...FlowDetail }
  }
`);

const Bind = graphql(`
  mutation DashboardBind($input: CreateFlowStageBindingInput!) {
    createFlowStageBinding(input: $input) { pk stage { name } target { ...FlowDetail } }
  }
`);

const Unbind = graphql(`
  mutation DashboardUnbind($pk: ID!) {
    deleteFlowStageBinding(pk: $pk) { pk }
  }
`);

const StagesQuery = graphql(`
  query DashboardStages($search: String) {
    stages(first: 100, search: $search, orderBy: { field: NAME }) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`);

type Flow = FlowDetailFragment;
type Binding = Flow['bindings'][number];

let screen = 0; // counts draws of this screen; a late answer for an older one is dropped
let current: Flow | null = null;
// The bind form's stage lists by search, kept while a flow's screen is shown.
const stageLists = new Map<string, Result<DashboardStagesQuery>>();

export async function showFlow(main: HTMLElement, slug: string): Promise<void> {
  document.title = 'flowgate · ' + slug;
  const my = ++screen;
  stageLists.clear();
  forgetPolicies();
  main.replaceChildren(h('p', { class: 'note' }, 'Loading…'));
  const { data, errors } = await request(FlowQuery, { slug });
  if (my !== screen) return;
  const flow = data?.flow;
  if (!flow) {
    main.replaceChildren(back(), h('h2', {}, slug));
    if (errors.length) showErrors('The flow could not be loaded.', errors);
    else setStatus('error', 'No flow with this slug, or this token may not see it.');
    return;
  }
  if (errors.length) showErrors('Parts of the flow could not be loaded.', errors);
  draw(main, flow);
}

// leave is called when another screen is shown.
export function leaveFlow(): void {
  screen++;
  current = null;
}

function back(): HTMLElement {
  return h('p', {}, h('a', { href: listHref({ q: '', d: '', page: 1 }) }, '← all flows'));
}

function draw(main: HTMLElement, flow: Flow): void {
  const my = ++screen;
  current = flow;
  const run = runLink(flow.slug);
  main.replaceChildren(h('section', { id: 'flow-screen', 'data-slug': flow.slug },
    back(),
    h('div', { class: 'title-row' },
      h('h2', {}, flow.name, ' ', h('code', { class: 'slug' }, flow.slug)),
      run,
      deleteControl(flow)),
    h('div', { class: 'columns' },
      h('div', {},
        h('h3', {}, 'Stage bindings ', h('span', { class: 'count' }, `(${flow.bindings.length})`)),
        bindingsList(flow),
        bindForm(flow)),
      h('div', {},
        h('h3', {}, 'Who may run this flow ', h('span', { class: 'count' }, `(${flow.policyBindings.length} policy binding${flow.policyBindings.length === 1 ? '' : 's'})`)),
        policyPanel('policies-flow', { flowPk: flow.pk }, flow.policyBindings, reloader(flow.slug)),
        h('h3', {}, 'Settings'),
        editForm(flow))),
    h('h3', {}, 'Diagram'),
    diagramSection(flow, my)));
}

// --- run in authentik ----------------------------------------------------

function runLink(slug: string): HTMLElement | null {
  if (!config.authentikURL) return null;
  let u: URL;
  try {
    u = new URL('if/flow/' + encodeURIComponent(slug) + '/', config.authentikURL.replace(/\/*$/, '/'));
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  return h('a', { id: 'run-flow', class: 'button', href: u.href, target: '_blank', rel: 'noopener noreferrer' }, 'Run in authentik ↗');
}

// --- delete --------------------------------------------------------------

function deleteControl(flow: Flow): HTMLElement {
  const box = h('div', { class: 'delete' });
  const ask = h('button', { type: 'button', id: 'delete-flow', class: 'danger' }, 'Delete flow…');
  const confirm = h('button', { type: 'button', id: 'delete-confirm', class: 'danger' }, 'Delete');
  const cancel = h('button', { type: 'button', id: 'delete-cancel' }, 'Cancel');
  const question = h('span', { class: 'confirm' },
    `Delete “${flow.name}” and its ${flow.bindings.length} binding${flow.bindings.length === 1 ? '' : 's'}? `, confirm, ' ', cancel);
  box.replaceChildren(ask);
  ask.addEventListener('click', () => {
    box.replaceChildren(question);
    cancel.focus();
  });
  cancel.addEventListener('click', () => {
    box.replaceChildren(ask);
    ask.focus();
  });
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    setStatus('busy', 'Deleting…');
    const { data, errors } = await request(DeleteFlow, { slug: flow.slug });
    confirm.disabled = false;
    if (data?.deleteFlow) {
      setFlash('ok', `Flow “${flow.name}” deleted.`);
      navigate(listHref({ q: '', d: '', page: 1 }));
      return;
    }
    box.replaceChildren(ask);
    showErrors('The flow was not deleted.', errors);
  });
  return box;
}

// --- settings ------------------------------------------------------------

function editForm(flow: Flow): HTMLElement {
  const name = h('input', { type: 'text', value: flow.name, autocomplete: 'off' });
  const slug = h('input', { type: 'text', value: flow.slug, autocomplete: 'off', spellcheck: 'false' });
  const title = h('input', { type: 'text', value: flow.title, autocomplete: 'off' });
  const designation = select(designationOptions, flow.designation);
  const authentication = select(authenticationOptions, flow.authentication);
  const layout = select(layoutOptions, flow.layout);
  const deniedAction = select(deniedActionOptions, flow.deniedAction);
  const policyEngineMode = select(policyEngineModeOptions, flow.policyEngineMode);
  const compat = h('input', { type: 'checkbox' });
  compat.checked = flow.compatibilityMode;
  const save = h('button', { type: 'submit', id: 'save-flow', class: 'primary' }, 'Save settings');
  const form = h('form', { id: 'edit-form', novalidate: true },
    field('input.name', 'Name', name),
    field('input.slug', 'Slug', slug),
    field('input.title', 'Title', title),
    field('input.designation', 'Designation', designation),
    field('input.authentication', 'Authentication', authentication),
    field('input.layout', 'Layout', layout),
    field('input.deniedAction', 'Denied action', deniedAction),
    field('input.policyEngineMode', 'Policy engine mode', policyEngineMode),
    field('input.compatibilityMode', 'Compatibility mode', compat),
    h('dl', { class: 'props' }, h('dt', {}, 'pk'), h('dd', {}, h('code', {}, flow.pk))),
    h('p', {}, save));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    // Only what changed is sent (updateFlow keeps what it is not given).
    const input: UpdateFlowInput = {};
    if (name.value !== flow.name) input.name = name.value;
    if (slug.value.trim() !== flow.slug) input.slug = slug.value.trim();
    if (title.value !== flow.title) input.title = title.value;
    if (designation.value !== flow.designation) input.designation = designation.value as FlowDesignation;
    if (authentication.value !== flow.authentication) input.authentication = authentication.value as FlowAuthentication;
    if (layout.value !== flow.layout) input.layout = layout.value as FlowLayout;
    if (deniedAction.value !== flow.deniedAction) input.deniedAction = deniedAction.value as DeniedAction;
    if (policyEngineMode.value !== flow.policyEngineMode) input.policyEngineMode = policyEngineMode.value as PolicyEngineMode;
    if (compat.checked !== flow.compatibilityMode) input.compatibilityMode = compat.checked;
    clearFieldErrors(form);
    if (Object.keys(input).length === 0) {
      setStatus('info', 'Nothing to save: no setting changed.');
      return;
    }
    save.disabled = true;
    setStatus('busy', 'Saving…');
    const { data, errors } = await request(UpdateFlow, { slug: flow.slug, input });
    save.disabled = false;
    const updated = data?.updateFlow;
    if (updated) {
      if (updated.slug !== flow.slug) history.replaceState(null, '', flowHref(updated.slug));
      redraw(updated, 'Settings saved.');
      return;
    }
    const { shown, rest } = showFieldErrors(form, errors);
    if (rest.length) showErrors(shown ? 'The settings were not saved: see the fields marked, and:' : 'The settings were not saved.', rest);
    else setStatus('error', 'The settings were not saved: see the fields marked.');
  });
  return form;
}

function redraw(flow: Flow, message: string): void {
  const main = document.getElementById('main');
  if (!main) return;
  // Keep the keyboard where it was (the same binding's handle) and the
  // panels that were open.
  const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('li.binding')?.dataset.pk;
  const open = [...main.querySelectorAll<HTMLDetailsElement>('details[open][id]')].map((d) => d.id);
  draw(main, flow);
  for (const id of open) {
    const d = document.getElementById(id);
    if (d instanceof HTMLDetailsElement) d.open = true;
  }
  setStatus('ok', message);
  if (focused) main.querySelector<HTMLElement>(`li.binding[data-pk="${CSS.escape(focused)}"] .handle`)?.focus();
}

// reloader reads the flow again and redraws its screen with a message.
function reloader(slug: string): (message: string) => Promise<void> {
  return async (message) => {
    const again = await request(FlowQuery, { slug });
    if (again.data?.flow) redraw(again.data.flow, message);
    else showErrors(message + ' The flow could not be read again.', again.errors);
  };
}

// --- bindings: reorder and unbind ----------------------------------------

function bindingsList(flow: Flow): HTMLElement {
  if (flow.bindings.length === 0) return h('p', { class: 'note', id: 'no-bindings' }, 'No stages are bound to this flow.');
  const list = h('ol', { id: 'bindings', class: 'bindings' }, flow.bindings.map((b) => bindingRow(flow, b)));
  const help = h('p', { class: 'hint', id: 'reorder-help' },
    'Drag a stage by its ⠿ handle, or focus the handle and press ↑ or ↓, to change the order; it is saved at once.');
  return h('div', {}, help, list);
}

function bindingRow(flow: Flow, b: Binding): HTMLElement {
  const handle = h('button', {
    type: 'button', class: 'handle', 'aria-describedby': 'reorder-help',
    'aria-label': `Move ${b.stage.name} (position ${flow.bindings.indexOf(b) + 1} of ${flow.bindings.length})`,
  }, '⠿');
  const unbind = h('button', { type: 'button', class: 'unbind link', 'aria-label': `Unbind ${b.stage.name}` }, 'Unbind');
  const li = h('li', { class: 'binding', 'data-pk': b.pk, 'data-order': b.order },
    handle,
    h('span', { class: 'order' }, b.order),
    h('span', { class: 'stage' },
      h('span', { class: 'stage-name' }, b.stage.name), ' ',
      h('span', { class: 'verbose' }, b.stage.verboseName)),
    h('span', { class: 'flags' },
      [b.evaluateOnPlan && 'policies on plan', b.reEvaluatePolicies && 're-evaluated'].filter(Boolean).join(', ') || '—',
      ' · ', label(b.policyEngineMode), ' · on invalid response: ', label(b.invalidResponseAction)),
    unbind,
    stageSettings('stage-' + b.pk, b.stage.pk, b.stage.name),
    h('details', { class: 'binding-policies', id: 'pb-' + b.pk },
      h('summary', {}, `${b.policyBindings.length} polic${b.policyBindings.length === 1 ? 'y' : 'ies'}`,
        b.policyBindings.length ? ': ' + b.policyBindings.map((pb) => (pb.negate ? 'not ' : '') + bound(pb)).join(', ') : ''),
      policyPanel('policies-' + b.pk, { flowStageBindingPk: b.pk }, b.policyBindings, reloader(flow.slug))));
  dragAndDrop(flow, li, handle);
  handle.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowUp' && ev.key !== 'ArrowDown') return;
    ev.preventDefault();
    const sib = ev.key === 'ArrowUp' ? li.previousElementSibling : li.nextElementSibling;
    if (!sib) return;
    if (ev.key === 'ArrowUp') sib.before(li);
    else sib.after(li);
    handle.focus();
    scheduleSave(flow, li.parentElement as HTMLElement, 600);
  });
  let armed = 0;
  unbind.addEventListener('click', async () => {
    if (!armed) {
      unbind.textContent = 'Really unbind?';
      unbind.classList.add('danger');
      armed = window.setTimeout(() => {
        armed = 0;
        unbind.textContent = 'Unbind';
        unbind.classList.remove('danger');
      }, 5000);
      return;
    }
    window.clearTimeout(armed);
    unbind.disabled = true;
    setStatus('busy', `Unbinding ${b.stage.name}…`);
    const { data, errors } = await request(Unbind, { pk: b.pk });
    if (!data?.deleteFlowStageBinding) {
      unbind.disabled = false;
      showErrors(`${b.stage.name} was not unbound.`, errors);
      return;
    }
    const again = await request(FlowQuery, { slug: flow.slug });
    if (again.data?.flow) redraw(again.data.flow, `Unbound ${b.stage.name}.`);
    else showErrors(`Unbound ${b.stage.name}, but the flow could not be read again.`, again.errors);
  });
  return li;
}

// dragAndDrop moves a row with the pointer (mouse, pen or touch): the row
// follows the pointer through the list and the new order is saved on
// release. Pointer events rather than HTML drag and drop, which touch
// screens lack.
function dragAndDrop(flow: Flow, li: HTMLElement, handle: HTMLElement): void {
  handle.addEventListener('pointerdown', (ev) => {
    if (ev.button !== 0 || saving) return;
    ev.preventDefault();
    const list = li.parentElement as HTMLElement;
    const before = [...list.children];
    li.classList.add('dragging');
    // Moving the row in the DOM ends any pointer capture, so the drag
    // follows the pointer on the document.
    const move = (e: PointerEvent) => {
      if (e.pointerId !== ev.pointerId) return;
      let next: Element | null = null;
      for (const row of list.children) {
        if (row === li) continue;
        const box = row.getBoundingClientRect();
        if (e.clientY < box.top + box.height / 2) {
          next = row;
          break;
        }
      }
      if (next !== li.nextElementSibling) list.insertBefore(li, next);
    };
    const end = (e: PointerEvent) => {
      if (e.pointerId !== ev.pointerId) return;
      document.removeEventListener('pointermove', move);
      document.removeEventListener('pointerup', end);
      document.removeEventListener('pointercancel', end);
      li.classList.remove('dragging');
      if (e.type === 'pointercancel') {
        list.replaceChildren(...before);
        return;
      }
      if (before.some((row, i) => list.children[i] !== row)) {
        handle.focus();
        scheduleSave(flow, list, 0);
      }
    };
    document.addEventListener('pointermove', move);
    document.addEventListener('pointerup', end);
    document.addEventListener('pointercancel', end);
  });
}

let saving = false;
let saveTimer = 0;

function scheduleSave(flow: Flow, list: HTMLElement, delay: number): void {
  window.clearTimeout(saveTimer);
  setStatus('busy', 'Saving the order…');
  saveTimer = window.setTimeout(() => void saveOrder(flow, list), delay);
}

async function saveOrder(flow: Flow, list: HTMLElement): Promise<void> {
  if (saving) {
    scheduleSave(flow, list, 200);
    return;
  }
  const pks = [...list.querySelectorAll<HTMLElement>('li.binding')].map((li) => li.dataset.pk ?? '');
  saving = true;
  const my = screen;
  const { data, errors } = await request(Reorder, { flowSlug: flow.slug, bindingPks: pks });
  saving = false;
  if (my !== screen) return;
  const updated = data?.reorderFlowStages;
  if (updated && errors.length === 0) {
    redraw(updated, 'Order saved.');
    return;
  }
  if (updated) {
    // A write failed midway: the flow as authentik now has it, and what changed.
    redraw(updated, '');
    setStatus('error', partialNotice(flow, errors));
    return;
  }
  // Refused: show the order authentik has, with the reason.
  const again = await request(FlowQuery, { slug: flow.slug });
  if (again.data?.flow) redraw(again.data.flow, '');
  const reason = errors.flatMap((e) => Object.values(e.extensions?.fields ?? {}).flat());
  setStatus('error', 'The order was not saved. ', reason.join(' '), reason.length ? ' ' : '',
    'The list shows the bindings as authentik has them now.', errorItems(reason.length ? [] : errors));
}

function partialNotice(before: Flow, errors: GraphQLError[]): HTMLElement {
  const names = new Map(before.bindings.map((b) => [b.pk, b.stage.name]));
  const name = (pk: string) => (names.has(pk) ? `${names.get(pk)} (${pk})` : pk);
  const ext = (errors[0]?.extensions ?? {}) as { failedBindingPk?: string; changedBindingPks?: string[]; unchangedBindingPks?: string[] };
  const list = (pks?: string[]) => (pks && pks.length ? pks.map(name).join(', ') : 'none');
  return h('div', { class: 'partial', id: 'reorder-partial' },
    h('p', {}, h('strong', {}, 'The reorder stopped partway. '), 'The list shows the bindings as authentik has them now.'),
    h('ul', {},
      h('li', {}, 'Failed: ', ext.failedBindingPk ? name(ext.failedBindingPk) : 'unknown'),
      h('li', {}, 'Changed: ', list(ext.changedBindingPks)),
      h('li', {}, 'Unchanged: ', list(ext.unchangedBindingPks))),
    errorItems(errors));
}

// --- bind a stage --------------------------------------------------------

function bindForm(flow: Flow): HTMLElement {
  const search = h('input', { type: 'search', id: 'stage-search', placeholder: 'Filter stages by name', autocomplete: 'off', 'aria-label': 'Filter stages' });
  const stage = h('select', { id: 'bind-stage' }, h('option', { value: '' }, 'Loading stages…'));
  const last = flow.bindings.reduce((m, b) => Math.max(m, b.order), 0);
  const order = h('input', { type: 'number', id: 'bind-order', step: '1', value: String(last + 10) });
  const submit = h('button', { type: 'submit', id: 'bind-submit' }, 'Bind stage');
  const form = h('form', { id: 'bind-form', novalidate: true },
    h('h4', {}, 'Bind a stage'),
    search,
    field('input.stagePk', 'Stage', stage),
    field('input.order', 'Order', order, 'lower runs first'),
    h('p', {}, submit));
  let seq = 0;
  const load = async () => {
    const my = ++seq;
    const q = search.value.trim();
    // The stages change rarely: the list is asked for once per search on
    // this screen, not again after each change to the flow.
    let answer = stageLists.get(q);
    if (!answer) {
      answer = await request(StagesQuery, { search: q || null });
      if (answer.data) stageLists.set(q, answer);
    }
    if (my !== seq) return;
    const { data, errors } = answer;
    const conn = data?.stages;
    if (!conn) {
      stage.replaceChildren(h('option', { value: '' }, 'The stages could not be loaded'));
      showErrors('The stages could not be loaded.', errors);
      return;
    }
    stage.replaceChildren(
      h('option', { value: '' }, conn.totalCount > conn.nodes.length
        ? `Choose a stage (${conn.nodes.length} of ${conn.totalCount}: filter to narrow)` : 'Choose a stage'),
      ...conn.nodes.filter((s) => !!s).map((s) => h('option', { value: s.pk }, `${s.name} (${s.verboseName})`)));
  };
  let timer = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void load(), 250);
  });
  void load();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const n = Number(order.value);
    if (!stage.value || order.value.trim() === '' || !Number.isInteger(n)) {
      showFieldErrors(form, [{
        message: 'invalid input',
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: {
            ...(stage.value ? {} : { 'input.stagePk': ['Choose a stage.'] }),
            ...(order.value.trim() !== '' && Number.isInteger(n) ? {} : { 'input.order': ['Enter a whole number.'] }),
          },
        },
      }]);
      setStatus('error', 'The stage was not bound: see the fields marked.');
      return;
    }
    submit.disabled = true;
    setStatus('busy', 'Binding…');
    const { data, errors } = await request(Bind, { input: { flowPk: flow.pk, stagePk: stage.value, order: n } });
    submit.disabled = false;
    const made = data?.createFlowStageBinding;
    if (made) {
      redraw(made.target, `Bound ${made.stage.name} at order ${n}.`);
      return;
    }
    const { shown, rest } = showFieldErrors(form, errors);
    if (rest.length) showErrors(shown ? 'The stage was not bound: see the fields marked, and:' : 'The stage was not bound.', rest);
    else setStatus('error', 'The stage was not bound: see the fields marked.');
  });
  return form;
}

// --- diagram -------------------------------------------------------------

function diagramSection(flow: Flow, my: number): HTMLElement {
  if (!flow.diagram) return h('p', { class: 'note', id: 'diagram' }, 'authentik returned no diagram for this flow.');
  const picture = h('div', { id: 'diagram', class: 'diagram', 'aria-busy': 'true' }, h('p', { class: 'note' }, 'Drawing the diagram…'));
  const text = h('details', { id: 'diagram-text' },
    h('summary', {}, 'Show the diagram as mermaid text'),
    h('pre', {}, flow.diagram));
  void drawDiagram(picture, flow.diagram, () => my === screen);
  return h('div', {}, picture, text);
}

export { showFlash };
