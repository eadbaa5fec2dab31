// What the page tells the script (data attributes of <body>, set by the
// server from its configuration).
const d = document.body.dataset;

export const config = {
  endpoint: d.endpoint || '/graphql',
  // authentik's base URL when flowgate runs against a real authentik
  // (AUTHENTIK_URL); empty in demo mode.
  authentikURL: d.authentikUrl || '',
};
