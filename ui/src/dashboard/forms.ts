// Form fields with an error slot each: authentik's field errors
// (BAD_USER_INPUT's extensions.fields, keyed by argument path such as
// input.slug) are shown next to the field they name.
import { h, type Child } from './dom';
import type { GraphQLError } from './api';

// field wraps a control with its label and its error slot. name is the
// argument path the gateway reports errors under (input.slug).
export function field(name: string, text: string, control: HTMLElement, hint?: Child): HTMLElement {
  const errId = 'err-' + name.replace(/[^A-Za-z0-9_-]/g, '-');
  control.setAttribute('aria-describedby', errId);
  control.dataset.field = name;
  if (!control.id) control.id = 'f-' + name.replace(/[^A-Za-z0-9_-]/g, '-');
  return h('div', { class: 'field', 'data-field': name },
    h('label', { for: control.id }, text),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null,
    h('div', { class: 'field-error', id: errId, 'data-error-for': name }));
}

export function select(options: ReadonlyArray<readonly [string, string]>, value: string | null | undefined, attrs?: Record<string, string>): HTMLSelectElement {
  const s = h('select', attrs ?? {}, options.map(([v, t]) => h('option', { value: v }, t)));
  s.value = value ?? options[0]?.[0] ?? '';
  return s;
}

export function clearFieldErrors(form: HTMLElement): void {
  for (const el of form.querySelectorAll('.field-error')) el.replaceChildren();
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

// showFieldErrors puts each BAD_USER_INPUT field message in its field's
// slot and returns what has no slot there: other errors, nonFieldErrors and
// fields this form lacks, for the status line.
export function showFieldErrors(form: HTMLElement, errors: GraphQLError[]): { shown: number; rest: GraphQLError[] } {
  clearFieldErrors(form);
  let shown = 0;
  const rest: GraphQLError[] = [];
  for (const e of errors) {
    const ext = e.extensions ?? {};
    if (ext.code !== 'BAD_USER_INPUT' || (!ext.fields && !ext.nonFieldErrors)) {
      rest.push(e);
      continue;
    }
    for (const [name, msgs] of Object.entries(ext.fields ?? {})) {
      for (const msg of ([] as string[]).concat(msgs)) {
        const slot = form.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(name)}"]`);
        if (slot) {
          slot.append(h('span', {}, msg));
          form.querySelector(`[data-field="${CSS.escape(name)}"]:not(.field)`)?.setAttribute('aria-invalid', 'true');
          shown++;
        } else {
          rest.push({ message: `${name}: ${msg}`, extensions: { code: ext.code } });
        }
      }
    }
    for (const msg of ext.nonFieldErrors ?? []) rest.push({ message: msg, extensions: { code: ext.code } });
  }
  return { shown, rest };
}
