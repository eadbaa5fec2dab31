// The flow diagram, drawn by mermaid. mermaid is a separate chunk, loaded
// only when a flow's screen shows a diagram.
//
// The page's Content-Security-Policy allows no inline <style> element
// without this response's nonce: mermaid adds one to the SVG it draws (its
// theme), so the nonce is set on the <style> elements it creates while it
// draws, and on those of the SVG text it returns.
import { h } from './dom';
import { config } from './config';

type Mermaid = typeof import('mermaid').default;

let loading: Promise<Mermaid> | null = null;
let seq = 0;

function load(): Promise<Mermaid> {
  loading ??= import('mermaid').then(({ default: mermaid }) => {
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      theme: dark ? 'dark' : 'neutral',
      htmlLabels: false,
      flowchart: { htmlLabels: false, useMaxWidth: true },
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    });
    return mermaid;
  });
  return loading;
}

// withStyleNonce runs f while every <style> element the page creates gets
// this response's nonce.
async function withStyleNonce<T>(f: () => Promise<T>): Promise<T> {
  const create = document.createElement;
  const nonce = config.styleNonce;
  document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    const el = create.call(this, tag, options);
    if (nonce && tag.toLowerCase() === 'style') el.nonce = nonce;
    return el;
  } as typeof document.createElement;
  try {
    return await f();
  } finally {
    document.createElement = create;
  }
}

// drawDiagram replaces target's content with the diagram of text, unless
// live() says the screen has moved on meanwhile.
export async function drawDiagram(target: HTMLElement, text: string, live: () => boolean): Promise<void> {
  let svg: string;
  try {
    const mermaid = await load();
    const id = 'flow-diagram-' + ++seq;
    ({ svg } = await withStyleNonce(() => mermaid.render(id, text)));
  } catch (e) {
    if (!live()) return;
    target.removeAttribute('aria-busy');
    target.replaceChildren(h('p', { class: 'errors' }, 'The diagram could not be drawn: ' + String(e), ' The text is below.'));
    return;
  }
  if (!live()) return;
  // mermaid's SVG (sanitized by mermaid with DOMPurify at securityLevel
  // strict) is parsed in an inert document, its <style> given the nonce,
  // then moved into the page.
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.querySelector('parsererror')) {
    target.replaceChildren(h('p', { class: 'errors' }, 'The diagram could not be drawn. The text is below.'));
    return;
  }
  for (const s of root.querySelectorAll('style')) s.setAttribute('nonce', config.styleNonce);
  root.setAttribute('role', 'img');
  target.removeAttribute('aria-busy');
  target.replaceChildren(document.importNode(root, true));
}
