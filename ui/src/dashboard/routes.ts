// URLs of the dashboard's screens (all in the fragment, so the server
// serves one page).

export const DESIGNATIONS = [
  'AUTHENTICATION', 'AUTHORIZATION', 'ENROLLMENT', 'INVALIDATION',
  'RECOVERY', 'STAGE_CONFIGURATION', 'UNENROLLMENT',
] as const;

export interface ListState {
  q: string; // search
  d: string; // designation, '' for all
  page: number; // 1-based
}

export type Route =
  | { screen: 'list'; state: ListState }
  | { screen: 'new' }
  | { screen: 'flow'; slug: string };

export function parse(hash: string): Route {
  const flow = /^#\/flows\/([^?]+)$/.exec(hash);
  if (flow?.[1]) return { screen: 'flow', slug: decodeURIComponent(flow[1]) };
  if (hash === '#/new') return { screen: 'new' };
  const qs = new URLSearchParams(hash.replace(/^#\/?\??/, ''));
  const d = qs.get('d') ?? '';
  const page = Number(qs.get('page') ?? '1');
  return {
    screen: 'list',
    state: {
      q: qs.get('q') ?? '',
      d: (DESIGNATIONS as readonly string[]).includes(d) ? d : '',
      page: Number.isInteger(page) && page >= 1 ? page : 1,
    },
  };
}

export function listHref(s: ListState): string {
  const qs = new URLSearchParams();
  if (s.q) qs.set('q', s.q);
  if (s.d) qs.set('d', s.d);
  if (s.page > 1) qs.set('page', String(s.page));
  const q = qs.toString();
  return q ? '#/?' + q : '#/';
}

export function flowHref(slug: string): string {
  return '#/flows/' + encodeURIComponent(slug);
}

let onNavigate: () => void = () => {};

export function setRouter(f: () => void): void {
  onNavigate = f;
}

// navigate goes to href; replace keeps the history entry (typing a search).
export function navigate(href: string, replace = false): void {
  if (location.hash === href) {
    onNavigate();
    return;
  }
  if (replace) {
    history.replaceState(null, '', href);
    onNavigate();
  } else {
    location.hash = href; // hashchange routes
  }
}
