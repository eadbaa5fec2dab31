// Policy bindings: who may run a flow, and when a stage of it runs. A panel
// lists a target's policy bindings in evaluation order and binds, enables,
// disables and unbinds them; the flow's screen redraws from authentik's
// answer after each change.
import { graphql } from './gql';
import type { DashboardPoliciesQuery, PolicyBindingFieldsFragment } from './gql/graphql';
import { request, type Result } from './api';
import { h } from './dom';
import { field, showFieldErrors, clearFieldErrors } from './forms';
import { setStatus, showErrors } from './status';

graphql(`
  fragment PolicyBindingFields on PolicyBinding {
    pk kind order enabled negate timeout failureResult
    policy { pk name verboseName }
    group { pk name }
    user { pk username name }
  }
`);

const PoliciesQuery = graphql(`
  query DashboardPolicies($search: String) {
    policies(first: 100, search: $search) {
      totalCount
      nodes { pk name verboseName }
    }
  }
`);

const BindPolicy = graphql(`
  mutation DashboardBindPolicy($input: CreatePolicyBindingInput!) {
    createPolicyBinding(input: $input) { pk }
  }
`);

const SetPolicyBindingEnabled = graphql(`
  mutation DashboardSetPolicyBindingEnabled($pk: ID!, $enabled: Boolean!) {
    updatePolicyBinding(pk: $pk, input: { enabled: $enabled }) { pk enabled }
  }
`);

const UnbindPolicy = graphql(`
  mutation DashboardUnbindPolicy($pk: ID!) {
    deletePolicyBinding(pk: $pk) { pk }
  }
`);

export type PolicyBinding = PolicyBindingFieldsFragment;

// What the panel binds to: the flow itself or one of its stage bindings.
export type Target = { flowPk: string } | { flowStageBindingPk: string };

// reload reads the flow again and redraws its screen with message.
export type Reload = (message: string) => Promise<void>;

// The policy pickers' lists by search, kept while a flow's screen is shown.
const policyLists = new Map<string, Result<DashboardPoliciesQuery>>();

export function forgetPolicies(): void {
  policyLists.clear();
}

export function bound(pb: PolicyBinding): string {
  if (pb.policy) return pb.policy.name;
  if (pb.group) return 'group ' + pb.group.name;
  if (pb.user) return 'user ' + pb.user.username;
  return 'unknown';
}

// policyPanel draws a target's policy bindings and the form that adds one.
// id names its elements (policies-flow, policies-<binding pk>).
export function policyPanel(id: string, target: Target, bindings: readonly PolicyBinding[], reload: Reload): HTMLElement {
  const rows = bindings.map((pb) => policyRow(pb, reload));
  return h('div', { class: 'policy-panel', id },
    bindings.length === 0
      ? h('p', { class: 'note' }, 'No policy bindings: nothing is checked here.')
      : h('ol', { class: 'policy-bindings' }, rows),
    bindPolicyForm(id, target, bindings, reload));
}

function policyRow(pb: PolicyBinding, reload: Reload): HTMLElement {
  const enabled = h('input', { type: 'checkbox', class: 'pb-enabled', 'aria-label': `${bound(pb)} enabled` });
  enabled.checked = pb.enabled;
  enabled.addEventListener('change', async () => {
    enabled.disabled = true;
    setStatus('busy', 'Saving…');
    const { data, errors } = await request(SetPolicyBindingEnabled, { pk: pb.pk, enabled: enabled.checked });
    enabled.disabled = false;
    if (!data?.updatePolicyBinding) {
      enabled.checked = pb.enabled;
      showErrors(`The policy binding of ${bound(pb)} was not changed.`, errors);
      return;
    }
    await reload(`${bound(pb)} ${data.updatePolicyBinding.enabled ? 'enabled' : 'disabled'}.`);
  });
  const unbind = h('button', { type: 'button', class: 'link pb-unbind', 'aria-label': `Unbind ${bound(pb)}` }, 'Unbind');
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
    setStatus('busy', `Unbinding ${bound(pb)}…`);
    const { data, errors } = await request(UnbindPolicy, { pk: pb.pk });
    if (!data?.deletePolicyBinding) {
      unbind.disabled = false;
      showErrors(`${bound(pb)} was not unbound.`, errors);
      return;
    }
    await reload(`Unbound ${bound(pb)}.`);
  });
  return h('li', { class: 'policy-binding' + (pb.enabled ? '' : ' disabled'), 'data-pk': pb.pk },
    h('span', { class: 'order' }, pb.order),
    h('span', { class: 'bound' }, pb.negate ? h('strong', { class: 'negate', title: 'the result is inverted' }, 'not ') : null, bound(pb),
      pb.policy ? h('span', { class: 'verbose' }, ' ', pb.policy.verboseName) : null),
    h('span', { class: 'flags' }, `timeout ${pb.timeout} s`, pb.failureResult ? ' · passes on failure' : ''),
    h('label', { class: 'pb-toggle' }, enabled, ' enabled'),
    unbind);
}

function bindPolicyForm(id: string, target: Target, bindings: readonly PolicyBinding[], reload: Reload): HTMLElement {
  const search = h('input', { type: 'search', class: 'policy-search', placeholder: 'Filter policies by name', autocomplete: 'off', 'aria-label': 'Filter policies' });
  const policy = h('select', { class: 'bind-policy', id: id + '-policy' }, h('option', { value: '' }, 'Loading policies…'));
  const last = bindings.reduce((m, b) => Math.max(m, b.order), -10);
  const order = h('input', { type: 'number', step: '1', value: String(last + 10), id: id + '-order' });
  const negate = h('input', { type: 'checkbox', id: id + '-negate' });
  const submit = h('button', { type: 'submit', class: 'bind-policy-submit' }, 'Bind policy');
  const form = h('form', { class: 'bind-policy-form', novalidate: true },
    search,
    field('input.policyPk', 'Policy', policy),
    field('input.order', 'Order', order, 'lower is evaluated first'),
    field('input.negate', 'Negate', negate, 'invert the result'),
    h('p', {}, submit));
  let seq = 0;
  const load = async () => {
    const my = ++seq;
    const q = search.value.trim();
    let answer = policyLists.get(q);
    if (!answer) {
      answer = await request(PoliciesQuery, { search: q || null });
      if (answer.data) policyLists.set(q, answer);
    }
    if (my !== seq) return;
    const conn = answer.data?.policies;
    if (!conn) {
      policy.replaceChildren(h('option', { value: '' }, 'The policies could not be loaded'));
      return;
    }
    policy.replaceChildren(
      h('option', { value: '' }, conn.totalCount > conn.nodes.length
        ? `Choose a policy (${conn.nodes.length} of ${conn.totalCount}: filter to narrow)` : 'Choose a policy'),
      ...conn.nodes.filter((p) => !!p).map((p) => h('option', { value: p.pk }, `${p.name} (${p.verboseName})`)));
  };
  let timer = 0;
  search.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void load(), 250);
  });
  // The picker fills when the form is opened.
  const details = h('details', { class: 'bind-policy-details', id: id + '-bind' }, h('summary', {}, 'Bind a policy…'), form);
  details.addEventListener('toggle', () => {
    if (details.open && seq === 0) void load();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const n = Number(order.value);
    if (!policy.value || order.value.trim() === '' || !Number.isInteger(n)) {
      showFieldErrors(form, [{
        message: 'invalid input',
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: {
            ...(policy.value ? {} : { 'input.policyPk': ['Choose a policy.'] }),
            ...(order.value.trim() !== '' && Number.isInteger(n) ? {} : { 'input.order': ['Enter a whole number.'] }),
          },
        },
      }]);
      setStatus('error', 'The policy was not bound: see the fields marked.');
      return;
    }
    submit.disabled = true;
    setStatus('busy', 'Binding…');
    const name = policy.selectedOptions[0]?.textContent ?? 'the policy';
    const { data, errors } = await request(BindPolicy, { input: { ...target, policyPk: policy.value, order: n, negate: negate.checked } });
    submit.disabled = false;
    if (data?.createPolicyBinding) {
      await reload(`Bound ${name.replace(/ \(.*\)$/, '')} at order ${n}.`);
      return;
    }
    const { shown, rest } = showFieldErrors(form, errors);
    if (rest.length) showErrors(shown ? 'The policy was not bound: see the fields marked, and:' : 'The policy was not bound.', rest);
    else setStatus('error', 'The policy was not bound: see the fields marked.');
  });
  return details;
}
