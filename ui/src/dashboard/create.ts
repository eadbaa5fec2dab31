// The create screen: a new flow, then its own screen.
import { graphql } from './gql';
import type { FlowDesignation } from './gql/graphql';
import { request } from './api';
import { h } from './dom';
import { field, select, showFieldErrors } from './forms';
import { designationOptions } from './enums';
import { setFlash, setStatus, showErrors } from './status';
import { flowHref, navigate } from './routes';

const CreateFlow = graphql(`
  mutation DashboardCreateFlow($input: CreateFlowInput!) {
    createFlow(input: $input) { pk slug }
  }
`);

export function showCreate(main: HTMLElement): void {
  document.title = 'flowgate · new flow';
  const name = h('input', { type: 'text', required: true, autocomplete: 'off' });
  const slug = h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false' });
  const title = h('input', { type: 'text', required: true, autocomplete: 'off' });
  const designation = select(designationOptions, 'AUTHENTICATION');
  // The slug follows the name until it is edited.
  let slugEdited = false;
  slug.addEventListener('input', () => { slugEdited = true; });
  name.addEventListener('input', () => {
    if (!slugEdited) slug.value = name.value.toLowerCase().trim().replace(/[^a-z0-9_]+/g, '-').replace(/^-+|-+$/g, '');
  });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'create-submit' }, 'Create flow');
  const form = h('form', { id: 'create-form', novalidate: true },
    field('input.name', 'Name', name),
    field('input.slug', 'Slug', slug, 'letters, digits, - and _; part of the flow\'s URL'),
    field('input.title', 'Title', title, 'shown to the user while the flow runs'),
    field('input.designation', 'Designation', designation),
    h('p', {}, submit, ' ', h('a', { href: '#/' }, 'Cancel')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    setStatus('busy', 'Creating…');
    const { data, errors } = await request(CreateFlow, {
      input: { name: name.value, slug: slug.value.trim(), title: title.value, designation: designation.value as FlowDesignation },
    });
    submit.disabled = false;
    if (data?.createFlow) {
      setFlash('ok', `Flow “${name.value}” created.`);
      navigate(flowHref(data.createFlow.slug));
      return;
    }
    const { shown, rest } = showFieldErrors(form, errors);
    if (rest.length) showErrors(shown ? 'The flow was not created: see the fields marked, and:' : 'The flow was not created.', rest);
    else setStatus('error', 'The flow was not created: see the fields marked.');
  });
  main.replaceChildren(h('section', { id: 'create-screen' },
    h('p', {}, h('a', { href: '#/' }, '← all flows')),
    h('h2', {}, 'New flow'), form));
  name.focus();
}
