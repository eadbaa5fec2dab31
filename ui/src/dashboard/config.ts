// What the page tells the script (data attributes of <body>, set by the
// server from its configuration).
const d = document.body.dataset;

export const config = {
  endpoint: d.endpoint || '/graphql',
  // authentik's base URL when flowgate runs against a real authentik
  // (AUTHENTIK_URL); empty in demo mode.
  authentikURL: d.authentikUrl || '',
  // This response's style nonce (admits the <style> element mermaid adds
  // to the diagram). Read from the stylesheet link's nonce property: the
  // browser hides nonce attributes from selectors and getAttribute.
  styleNonce: (document.getElementById('dashboard-css') as HTMLLinkElement | null)?.nonce || '',
};
