// flowgate's dashboard: a client of flowgate's own GraphQL API. Its
// documents are typed by GraphQL Code Generator from schema.graphql
// (ui/codegen.yml); esbuild bundles it into web/dashboard/ (`make ui`).
import './dashboard.css';
import { setEndpoint, setToken, token } from './api';
import { config } from './config';
import { byId } from './dom';
import { mountStatus, showFlash } from './status';
import { parse, setRouter } from './routes';
import { showList } from './list';
import { showCreate } from './create';
import { leaveFlow, showFlow } from './flow';

setEndpoint(config.endpoint);
const main = byId('main') as HTMLElement;
mountStatus(byId('status') as HTMLElement);

function route(): void {
  const r = parse(location.hash);
  const wasList = !!main.querySelector('#list-screen');
  if (r.screen !== 'list' || !wasList) {
    showFlash(); // a new screen: the last screen's message goes
  }
  if (r.screen !== 'flow') leaveFlow();
  switch (r.screen) {
    case 'list':
      void showList(main, r.state);
      break;
    case 'new':
      showCreate(main);
      break;
    case 'flow':
      void showFlow(main, r.slug);
      break;
  }
}

function setupAuth(): void {
  const form = byId<HTMLFormElement>('auth');
  const input = byId<HTMLInputElement>('authorization');
  const status = byId('auth-status');
  if (!form || !input || !status) return;
  input.value = token();
  const show = () => {
    status.textContent = token() ? 'token set' : 'no token: flowgate\'s default credentials';
  };
  show();
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    // Accept a pasted "Bearer xyz" as well as the bare token.
    const v = input.value.trim().replace(/^bearer\s+/i, '');
    input.value = v;
    setToken(v);
    show();
    main.replaceChildren(); // redraw the screen with the new rights
    route();
  });
}

setRouter(route);
setupAuth();
window.addEventListener('hashchange', route);
route();
