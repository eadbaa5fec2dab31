// The flow diagram, drawn by mermaid. mermaid is a separate chunk, loaded
// only when a flow's screen shows a diagram.
import { h } from './dom';

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
      // dagre: mermaid 12's default layout, elk, is a 1.5 MB chunk.
      layout: 'dagre',
      htmlLabels: false,
      flowchart: { htmlLabels: false, useMaxWidth: true, wrappingWidth: 320 },
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    });
    return mermaid;
  });
  return loading;
}

// The theme: mermaid puts its CSS in a <style> element of the SVG, which
// the page's Content-Security-Policy (style-src 'self', no inline <style>)
// blocks, in the page and in every document parsed from the SVG's text
// (DOMPurify's, ours). So while mermaid draws, its <style> element is an
// inert placeholder whose text goes to a constructed stylesheet adopted by
// the page (CSSOM, which CSP does not govern); the rules are scoped to the
// diagram's id.
const theme = new CSSStyleSheet();
let adopted = false;
const PLACEHOLDER = 'data-flowgate-theme';

// Renders run one at a time: each swaps document.createElement for its
// duration (and mermaid keeps global state while it draws).
let queue: Promise<unknown> = Promise.resolve();

function withThemeSheet<T>(f: () => Promise<T>): Promise<T> {
  const run = queue.then(() => themed(f));
  queue = run.catch(() => undefined);
  return run;
}

async function themed<T>(f: () => Promise<T>): Promise<T> {
  if (!adopted) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, theme];
    adopted = true;
  }
  const create = document.createElement;
  document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    if (tag.toLowerCase() !== 'style') return create.call(this, tag, options);
    const el = this.createElementNS('http://www.w3.org/2000/svg', 'metadata');
    el.setAttribute(PLACEHOLDER, '');
    Object.defineProperty(el, 'innerHTML', {
      configurable: true,
      get: () => '',
      set: (css: string) => theme.replaceSync(String(css)),
    });
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
    ({ svg } = await withThemeSheet(() => (live() ? mermaid.render(id, text) : Promise.reject(new Error('gone')))));
  } catch (e) {
    if (!live()) return;
    target.removeAttribute('aria-busy');
    target.replaceChildren(h('p', { class: 'errors' }, 'The diagram could not be drawn: ' + String(e), ' The text is below.'));
    return;
  }
  if (!live()) return;
  // mermaid's SVG (sanitized by mermaid with DOMPurify at securityLevel
  // strict) is parsed in an inert document, then moved into the page.
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const root = doc.documentElement;
  if (root.nodeName !== 'svg' || doc.querySelector('parsererror')) {
    target.replaceChildren(h('p', { class: 'errors' }, 'The diagram could not be drawn. The text is below.'));
    return;
  }
  for (const el of root.querySelectorAll(`[${PLACEHOLDER}], style`)) el.remove();
  root.setAttribute('role', 'img');
  target.removeAttribute('aria-busy');
  target.replaceChildren(document.importNode(root, true));
}
