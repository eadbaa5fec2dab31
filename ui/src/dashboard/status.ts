// The status line: one per page, and each message replaces the one before,
// so an earlier "Order saved." never stays on screen after a later error.
import { h, type Child } from './dom';
import type { GraphQLError } from './api';

export type Kind = 'ok' | 'error' | 'busy' | 'info';

let el: HTMLElement | null = null;

export function mountStatus(node: HTMLElement): void {
  el = node;
}

export function setStatus(kind: Kind, ...content: Child[]): void {
  if (!el) return;
  el.dataset.kind = kind;
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  el.replaceChildren(h('span', { class: 'message', id: 'status-message' }, ...content));
  el.hidden = false;
}

export function clearStatus(): void {
  if (!el) return;
  delete el.dataset.kind;
  el.replaceChildren();
  el.hidden = true;
}

// A message to show on the next screen (after a create or a delete).
let flash: { kind: Kind; text: string } | null = null;

export function setFlash(kind: Kind, text: string): void {
  flash = { kind, text };
}

export function showFlash(): void {
  if (flash) setStatus(flash.kind, flash.text);
  else clearStatus();
  flash = null;
}

// errorItems lists GraphQL errors: code, message and path.
export function errorItems(errors: GraphQLError[]): HTMLElement | null {
  if (errors.length === 0) return null;
  return h('ul', { class: 'errors' }, errors.map((e) => h('li', {},
    e.extensions?.code ? h('code', {}, e.extensions.code) : null, ' ', e.message,
    e.path ? h('span', { class: 'path' }, ' at ', e.path.join('.')) : null)));
}

export function showErrors(summary: string, errors: GraphQLError[]): void {
  setStatus('error', summary, errorItems(errors));
}
